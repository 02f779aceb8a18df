import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest } from "../../tests/factories";
import type { Actor } from "../policies";
import { breakSilence } from "../domain/stages/breakSilence";
import { startSilence } from "../domain/stages/startSilence";
import { issueVersion } from "../domain/versions/issueVersion";
import { getLifecycle } from "./getLifecycle";

// The stage page's loader says what to offer from here, so the page compares no stage itself
// (issue 10): the moves of its stage form with whether each asks for a deadline, and whether a
// silence procedure is under way rather than merely recorded.
let now = new Date("2026-03-02T09:00:00Z");
const { ctx, make, close } = domainUnderTest({ now: () => now, liveDocuments: { idleUnloadMs: 60_000 } });
let processId = "";
let chair: Actor;
let secretariat: Actor;
beforeAll(async () => {
  ({ processId, chair } = await make.chairedProcess());
  secretariat = await make.user(processId, "secretariat");
});
afterAll(close);

describe("getLifecycle", () => {
  it("offers the stage form's moves, each saying whether it asks for a deadline, to the secretariat only", async () => {
    const movesAt = async (who: Actor, stage: "drafting" | "amendments_open" | "consolidation" | "adopted") =>
      (await getLifecycle(ctx, who, (await make.document(processId, stage)).id)).moves;
    expect(await movesAt(secretariat, "drafting")).toEqual([{ to: "amendments_open", needsDeadline: true }]);
    expect(await movesAt(secretariat, "amendments_open")).toEqual([{ to: "consolidation", needsDeadline: false }]);
    // Silence and adoption have forms of their own; a new round of amendments is the stage form's.
    expect(await movesAt(secretariat, "consolidation")).toEqual([{ to: "amendments_open", needsDeadline: true }]);
    expect(await movesAt(secretariat, "adopted")).toEqual([]);
    expect(await movesAt(chair, "drafting")).toEqual([]);
  });

  it("says a silence procedure is under way while it is, and keeps a broken one's objections without it", async () => {
    now = new Date("2026-03-02T09:00:00Z");
    const document = await make.document(processId, "consolidation");
    await make.text(document.id);
    const version = await issueVersion(ctx, chair, { documentId: document.id });
    expect((await getLifecycle(ctx, secretariat, document.id)).silence).toBeNull();

    await startSilence(ctx, chair, { documentId: document.id, versionId: version.id, deadline: "2026-03-09T17:00:00Z" });
    const head = await make.user(processId, "head");
    const during = await getLifecycle(ctx, head, document.id);
    expect(during.silence).toMatchObject({ underWay: true, outcome: "open", objections: [] });
    expect(during.can.breakSilence).toBe(true);
    const secretariatDuring = await getLifecycle(ctx, secretariat, document.id);
    expect(secretariatDuring.moves).toEqual([{ to: "consolidation", needsDeadline: false }]);
    // No adoption at a meeting while the states may still object (decision 167): the page says why instead.
    expect(secretariatDuring.can).toMatchObject({ adopt: false, adoptAfterSilence: true });

    await breakSilence(ctx, head, { documentId: document.id, objection: "We object to OP1." });
    const after = await getLifecycle(ctx, head, document.id);
    expect(after.silence).toMatchObject({ underWay: false, outcome: "broken", objections: [{ text: "We object to OP1." }] });
    expect((await getLifecycle(ctx, secretariat, document.id)).can).toMatchObject({ adopt: true, adoptAfterSilence: false });
  });
});
