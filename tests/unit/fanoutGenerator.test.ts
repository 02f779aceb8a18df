import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { clientFrame, frameReader, markerPlaceholder, markerSentAt, scanMarkers, seqBases, stampMarker } from "../../bench/loadProcess";
import { updateMessage } from "../../server/collab/protocol";

describe("the fan-out bench's load generator", () => {
  it("reads frames of every length class back whole, however the stream is cut", () => {
    const payloads = [Buffer.from("hi"), Buffer.alloc(200, 7), Buffer.alloc(70_000, 9), Buffer.from([0, 2, 3])];
    const stream = Buffer.concat(payloads.map((payload) => clientFrame(payload)));
    for (const cut of [1, 3, 7, 125, 4096, 65_536, stream.length]) {
      const seen: Buffer[] = [];
      const read = frameReader((opcode, fin, payload) => {
        expect([opcode, fin]).toEqual([2, true]);
        seen.push(Buffer.from(payload));
      });
      for (let at = 0; at < stream.length; at += cut) read(stream.subarray(at, at + cut));
      // Compared as hex: a deep comparison of 70 kB buffers takes seconds.
      expect(seen.map((payload) => payload.toString("hex"))).toEqual(payloads.map((payload) => payload.toString("hex")));
    }
  });

  it("finds every marker of a merged Yjs update, with the seq and send time written at send time", () => {
    const updates: Uint8Array[] = [];
    const stamped: { writer: number; seq: number }[] = [];
    for (const writer of [3, 17]) {
      const doc = new Y.Doc();
      const text = doc.getText("t");
      for (let k = 0; k < 5; k++) {
        let update: Uint8Array | null = null;
        doc.once("update", (made: Uint8Array) => (update = made));
        text.insert(0, markerPlaceholder(writer));
        const bytes = Uint8Array.from(update!);
        const at = Buffer.from(bytes).indexOf(markerPlaceholder(writer));
        const seq = writer * 100 + k;
        stampMarker(bytes, at, 4, seq, 1_764_152_345_123.456);
        updates.push(bytes);
        stamped.push({ writer, seq });
      }
    }
    // What a server merging a batch sends: every marker is still found, once.
    const message = updateMessage(Y.mergeUpdates(updates));
    const found: { writer: number; seq: number }[] = [];
    scanMarkers(message, 2, (writer, phase, seq, at) => {
      expect(phase).toBe(4);
      expect(markerSentAt(message, at)).toBeCloseTo(1_764_152_345_123.456, 3);
      found.push({ writer, seq });
    });
    expect(found.sort((a, b) => a.seq - b.seq)).toEqual(stamped);
    // A receiving Yjs document holds the stamped text.
    const receiver = new Y.Doc();
    Y.applyUpdate(receiver, Y.mergeUpdates(updates));
    expect(receiver.getText("t").toString()).toContain("|w017:04:0001704:1764152345123.456|");
  });

  it("allots each phase its own seq range", () => {
    expect(
      seqBases([
        { name: "a", updatesPerSecond: 100, seconds: 2 },
        { name: "b", updatesPerSecond: 400, seconds: 3 },
        { name: "c", updatesPerSecond: 10, seconds: 1 },
      ]),
    ).toEqual([0, 201, 1402]);
  });
});
