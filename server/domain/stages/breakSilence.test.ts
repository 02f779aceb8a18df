import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import type { Actor } from "../../policies";
import { issueVersion } from "../versions/issueVersion";
import { startSilence } from "./startSilence";
import { sweepDeadlines } from "./sweepDeadlines";
import { breakSilence } from "./breakSilence";

// Breaking silence (docs/decisions/032) on a clock the test moves: one state's written objection
// returns the text to consolidation and ends the procedure and its deadline.
let now = new Date("2026-03-02T09:00:00Z");
const { ctx, db, make, close } = domainUnderTest({ now: () => now, liveDocuments: { idleUnloadMs: 60_000 } });
let processId = "";
let chair: Actor;
beforeAll(async () => ({ processId, chair } = await make.chairedProcess()));
afterAll(close);

/** A document in consolidation with a version issued, put under silence until 9 March. */
async function underSilence() {
  now = new Date("2026-03-02T09:00:00Z");
  const document = await make.document(processId, "consolidation");
  await make.text(document.id);
  const version = await issueVersion(ctx, chair, { documentId: document.id });
  const silence = await startSilence(ctx, chair, { documentId: document.id, versionId: version.id, deadline: "2026-03-09T17:00:00Z" });
  return { document, silence };
}
const stageOf = async (id: string) => (await db.document.findUniqueOrThrow({ where: { id } })).stage;
const objectionsTo = (silenceId: string) => db.silenceObjection.count({ where: { silenceId } });

describe("breakSilence", () => {
  it("returns the text to consolidation on a state's written objection, ending the procedure and its deadline, audited", async () => {
    const { document, silence } = await underSilence();
    const head = await make.user(processId, "head");
    const objection = await breakSilence(ctx, head, { documentId: document.id, objection: "OP1 must keep the word “voluntary”." });
    expect(objection).toMatchObject({
      participantId: head.participantId,
      userId: head.userId,
      text: "OP1 must keep the word “voluntary”.",
    });
    expect(await stageOf(document.id)).toBe("consolidation");
    expect(await db.silenceProcedure.findUniqueOrThrow({ where: { id: silence.id } })).toMatchObject({ outcome: "broken" });
    expect((await db.deadline.findUniqueOrThrow({ where: { id: silence.deadlineId } })).cancelledAt).not.toBeNull();
    const entry = await db.auditEntry.findFirstOrThrow({ where: { subjectId: document.id, action: "silence.break" } });
    expect(JSON.parse(entry.details)).toEqual({ silenceId: silence.id, objectionId: objection.id, objection: objection.text });
    // A second objection finds no silence to break; the old deadline no longer fires.
    expect(await refusal(() => breakSilence(ctx, head, { documentId: document.id, objection: "Again." }))).toEqual({
      status: 409,
      message: "This text is not under the silence procedure.",
    });
    now = new Date("2026-03-10T09:00:00Z");
    await sweepDeadlines(ctx);
    expect(await stageOf(document.id)).toBe("consolidation");
  });

  it("refuses observers, delegates (a Chair who is a delegate too) and the secretariat, with the reason", async () => {
    const { document, silence } = await underSilence();
    const delegate = await make.user(processId, "delegate");
    await db.user.update({ where: { id: delegate.userId }, data: { office: "co_chair" } });
    const coChairDelegate: Actor = { ...delegate, office: "co_chair" };
    for (const actor of [await make.user(processId, "observer"), delegate, coChairDelegate, await make.user(processId, "secretariat")]) {
      expect(await refusal(() => breakSilence(ctx, actor, { documentId: document.id, objection: "We object." }))).toEqual({
        status: 403,
        message: "Only the head of delegation of a participating state may break silence.",
      });
    }
    expect([await stageOf(document.id), await objectionsTo(silence.id)]).toEqual(["silence_procedure", 0]);
  });

  it("refuses an empty or over-long objection, keeping the silence", async () => {
    const { document, silence } = await underSilence();
    const head = await make.user(processId, "head");
    for (const objection of ["  ", "x".repeat(100_000)])
      expect(await refusal(() => breakSilence(ctx, head, { documentId: document.id, objection }))).toEqual({
        status: 422,
        message: "Please correct the highlighted fields.",
      });
    expect([await stageOf(document.id), await objectionsTo(silence.id)]).toEqual(["silence_procedure", 0]);
  });

  it("answers not found for an unknown document and another process's document", async () => {
    const head = await make.user(processId, "head");
    const elsewhere = await make.document((await make.process()).id, "silence_procedure");
    for (const documentId of ["no-such-document", elsewhere.id])
      expect(await refusal(() => breakSilence(ctx, head, { documentId, objection: "We object." }))).toEqual({
        status: 404,
        message: "Document not found.",
      });
  });

  it("refuses a text that is not under silence, and an objection after the deadline", async () => {
    const head = await make.user(processId, "head");
    const consolidation = await make.document(processId, "consolidation");
    expect(await refusal(() => breakSilence(ctx, head, { documentId: consolidation.id, objection: "We object." }))).toEqual({
      status: 409,
      message: "This text is not under the silence procedure.",
    });
    const { document, silence } = await underSilence();
    now = new Date("2026-03-09T17:00:01Z");
    expect(await refusal(() => breakSilence(ctx, head, { documentId: document.id, objection: "Too late." }))).toEqual({
      status: 409,
      message: "The silence procedure has ended: its deadline has passed.",
    });
    expect([await stageOf(document.id), await objectionsTo(silence.id)]).toEqual(["silence_procedure", 0]);
  });
});
