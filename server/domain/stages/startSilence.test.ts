import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import type { Actor } from "../../policies";
import { issueVersion } from "../versions/issueVersion";
import { breakSilence } from "./breakSilence";
import { extendDeadline } from "./extendDeadline";
import { startSilence } from "./startSilence";
import { sweepDeadlines } from "./sweepDeadlines";

// The silence procedure in process (docs/decisions/032), on a clock the test moves: started on the
// latest version, extended, broken by a state's objection, or concluded by its deadline.
let now = new Date("2026-03-02T09:00:00Z");
const { ctx, db, make, close } = domainUnderTest({ now: () => now, liveDocuments: { idleUnloadMs: 60_000 } });
let processId = "";
let chair: Actor;
let secretariat: Actor;
beforeAll(async () => {
  processId = (await make.process()).id;
  chair = await make.user(processId, "chair");
  secretariat = await make.user(processId, "secretariat");
});
afterAll(close);

/** A document in consolidation with Rev.… issued; returns it and its latest version. */
async function withVersion() {
  const document = await make.document(processId, "consolidation");
  await make.text(document.id);
  const version = await issueVersion(ctx, chair, { documentId: document.id });
  return { document, version };
}
const stageOf = async (id: string) => (await db.document.findUniqueOrThrow({ where: { id } })).stage;

describe("startSilence", () => {
  it("puts the latest version under silence until a deadline, audited, and the deadline concludes it as adopted", async () => {
    now = new Date("2026-03-02T09:00:00Z");
    const { document, version } = await withVersion();
    const silence = await startSilence(ctx, chair, { documentId: document.id, versionId: version.id, deadline: "2026-03-09T17:00:00Z" });
    expect(await stageOf(document.id)).toBe("silence_procedure");
    expect(silence).toMatchObject({ versionId: version.id, outcome: "open", startedById: chair.userId });
    const deadline = await db.deadline.findUniqueOrThrow({ where: { id: silence.deadlineId } });
    expect(deadline).toMatchObject({ kind: "silence_end", dueAt: new Date("2026-03-09T17:00:00Z") });
    expect(await db.auditEntry.count({ where: { subjectId: document.id, action: "silence.start" } })).toBe(1);

    // Not before the deadline; once it has passed, without objection, the version is adopted.
    expect(await sweepDeadlines(ctx)).toBe(0);
    now = new Date("2026-03-09T17:00:01Z");
    expect(await sweepDeadlines(ctx)).toBeGreaterThanOrEqual(1);
    expect(await stageOf(document.id)).toBe("adopted");
    expect((await db.silenceProcedure.findUniqueOrThrow({ where: { id: silence.id } })).outcome).toBe("adopted");
    expect(await db.adoption.count({ where: { documentId: document.id, versionId: version.id } })).toBe(1);
  });

  it("refuses a head, an earlier version, a deadline in the past, and a text not in consolidation", async () => {
    now = new Date("2026-03-02T09:00:00Z");
    const { document, version } = await withVersion();
    const input = { documentId: document.id, versionId: version.id, deadline: "2026-03-09T17:00:00Z" };
    const head = await make.user(processId, "head");
    expect(await refusal(() => startSilence(ctx, head, input))).toMatchObject({ status: 403 });
    const rev = await issueVersion(ctx, chair, { documentId: document.id });
    expect(await refusal(() => startSilence(ctx, chair, input))).toEqual({
      status: 409,
      message: `Only the latest version (${rev.label}) can go under silence.`,
    });
    expect(await refusal(() => startSilence(ctx, chair, { ...input, versionId: rev.id, deadline: "2026-03-01T17:00:00Z" }))).toMatchObject({
      status: 422,
    });
    expect(await stageOf(document.id)).toBe("consolidation");
    const drafting = await make.document(processId, "drafting");
    expect(await refusal(() => startSilence(ctx, chair, { ...input, documentId: drafting.id }))).toMatchObject({ status: 409 });
    expect(await db.silenceProcedure.count({ where: { documentId: { in: [document.id, drafting.id] } } })).toBe(0);
  });
});

describe("breakSilence", () => {
  it("returns the text to consolidation on a state's written objection, ending the procedure and its deadline", async () => {
    now = new Date("2026-03-02T09:00:00Z");
    const { document, version } = await withVersion();
    const silence = await startSilence(ctx, chair, { documentId: document.id, versionId: version.id, deadline: "2026-03-09T17:00:00Z" });
    const head = await make.user(processId, "head");
    const observer = await make.user(processId, "observer");
    expect(await refusal(() => breakSilence(ctx, observer, { documentId: document.id, objection: "We object." }))).toMatchObject({
      status: 403,
    });
    expect(await refusal(() => breakSilence(ctx, head, { documentId: document.id, objection: "  " }))).toMatchObject({ status: 422 });

    const objection = await breakSilence(ctx, head, { documentId: document.id, objection: "OP1 must keep the word “voluntary”." });
    expect(objection).toMatchObject({
      participantId: head.participantId,
      userId: head.userId,
      text: "OP1 must keep the word “voluntary”.",
    });
    expect(await stageOf(document.id)).toBe("consolidation");
    expect(await db.silenceProcedure.findUniqueOrThrow({ where: { id: silence.id } })).toMatchObject({ outcome: "broken" });
    expect((await db.deadline.findUniqueOrThrow({ where: { id: silence.deadlineId } })).cancelledAt).not.toBeNull();
    expect(
      JSON.parse((await db.auditEntry.findFirstOrThrow({ where: { subjectId: document.id, action: "silence.break" } })).details),
    ).toMatchObject({
      objectionId: objection.id,
    });
    // A second objection finds no silence to break; the deadline no longer fires.
    expect(await refusal(() => breakSilence(ctx, head, { documentId: document.id, objection: "Again." }))).toMatchObject({ status: 409 });
    now = new Date("2026-03-10T09:00:00Z");
    await sweepDeadlines(ctx);
    expect(await stageOf(document.id)).toBe("consolidation");
  });
});

describe("extendDeadline", () => {
  it("moves a pending deadline later, audited; never earlier, and only by the secretariat or the chair", async () => {
    now = new Date("2026-03-02T09:00:00Z");
    const { document, version } = await withVersion();
    const silence = await startSilence(ctx, chair, { documentId: document.id, versionId: version.id, deadline: "2026-03-09T17:00:00Z" });
    expect(await refusal(() => extendDeadline(ctx, secretariat, { documentId: document.id, deadline: "2026-03-05T17:00:00Z" }))).toEqual({
      status: 422,
      message: "An extension must be later than the current deadline.",
    });
    const head = await make.user(processId, "head");
    expect(await refusal(() => extendDeadline(ctx, head, { documentId: document.id, deadline: "2026-03-12T17:00:00Z" }))).toMatchObject({
      status: 403,
    });
    await extendDeadline(ctx, secretariat, { documentId: document.id, deadline: "2026-03-12T17:00:00Z" });
    const pending = await db.deadline.findFirstOrThrow({ where: { documentId: document.id, firedAt: null, cancelledAt: null } });
    expect(pending.dueAt).toEqual(new Date("2026-03-12T17:00:00Z"));
    expect(await db.auditEntry.count({ where: { subjectId: document.id, action: "deadline.extend" } })).toBe(1);
    // The old deadline no longer concludes the procedure.
    now = new Date("2026-03-10T09:00:00Z");
    await sweepDeadlines(ctx);
    expect(await stageOf(document.id)).toBe("silence_procedure");
    expect((await db.silenceProcedure.findUniqueOrThrow({ where: { id: silence.id } })).outcome).toBe("open");
  });
});
