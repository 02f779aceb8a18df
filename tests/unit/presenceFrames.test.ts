import { describe, expect, it } from "vitest";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import * as Y from "yjs";
import { PresenceFrames } from "../../server/collab/presenceFrames";
import { awarenessMessage, encodeAwarenessUpdate as encodeEntries } from "../../server/collab/protocol";

// The frames must be exactly what y-protocols writes (browsers decode them with it), whatever
// happened to a client's presence since its entry was last encoded.
function room() {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState(null);
  return { awareness, frames: new PresenceFrames(awareness) };
}

const expected = (awareness: Awareness, clientIds: number[]) => awarenessMessage(encodeAwarenessUpdate(awareness, clientIds));

function receive(awareness: Awareness, clientId: number, clock: number, state: Record<string, unknown> | null) {
  applyAwarenessUpdate(awareness, encodeEntries([{ clientId, clock, state }]), "test");
}

describe("PresenceFrames", () => {
  it("writes y-protocols' frame for any subset of the room, in the order asked", () => {
    const { awareness, frames } = room();
    receive(awareness, 11, 1, { user: { name: "Chair" }, cursor: null });
    receive(awareness, 300, 4, { user: { name: "Délégation du Sénégal" }, cursor: { anchor: 1 } });
    receive(awareness, 70_000, 2, { user: { name: "مصر" } });
    expect(frames.message([11, 300, 70_000])).toEqual(expected(awareness, [11, 300, 70_000]));
    expect(frames.message([70_000, 11])).toEqual(expected(awareness, [70_000, 11]));
    expect(frames.message([300])).toEqual(expected(awareness, [300]));
  });

  it("re-encodes a client whose state or clock changed, and leaves out ids the room does not know", () => {
    const { awareness, frames } = room();
    receive(awareness, 11, 1, { cursor: null });
    receive(awareness, 12, 1, { cursor: null });
    frames.message([11, 12]);
    receive(awareness, 11, 2, { cursor: { anchor: 5 } });
    expect(frames.message([11, 12])).toEqual(expected(awareness, [11, 12]));
    // A renewal: the same state, the clock moved.
    receive(awareness, 12, 2, { cursor: null });
    expect(frames.message([11, 12])).toEqual(expected(awareness, [11, 12]));
    expect(frames.message([99, 12])).toEqual(expected(awareness, [12]));
    expect(frames.message([99])).toBeNull();
    expect(frames.message([])).toBeNull();
  });

  it("follows removals, including a later one that y-protocols applies without an event", () => {
    const { awareness, frames } = room();
    receive(awareness, 11, 1, { cursor: null });
    frames.message([11]);
    removeAwarenessStates(awareness, [11], "test");
    const removed = frames.message([11]);
    expect(removed).toEqual(expected(awareness, [11]));
    // A removal of a client already gone moves its clock and emits nothing.
    receive(awareness, 11, 9, null);
    expect(awareness.meta.get(11)!.clock).toBe(9);
    const later = frames.message([11]);
    expect(later).toEqual(expected(awareness, [11]));
    expect(later).not.toEqual(removed);
  });
});
