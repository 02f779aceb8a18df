import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import type { Actor } from "../../policies";
import { issueVersion } from "../versions/issueVersion";
import { startSilence } from "./startSilence";
import { sweepDeadlines } from "./sweepDeadlines";
import { extendDeadline } from "./extendDeadline";

// Extending a pending deadline (docs/decisions/031), on a clock the test moves.
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

/** A document under silence until 9 March 17:00 UTC. */
async function underSilence() {
  now = new Date("2026-03-02T09:00:00Z");
  const document = await make.document(processId, "consolidation");
  await make.text(document.id);
  const version = await issueVersion(ctx, chair, { documentId: document.id });
  const silence = await startSilence(ctx, chair, { documentId: document.id, versionId: version.id, deadline: "2026-03-09T17:00:00Z" });
  return { document, silence };
}
const stageOf = async (id: string) => (await db.document.findUniqueOrThrow({ where: { id } })).stage;
const dueAt = async (deadlineId: string) => (await db.deadline.findUniqueOrThrow({ where: { id: deadlineId } })).dueAt;

describe("extendDeadline", () => {
  it("moves the pending deadline later, announced and audited, and the old date no longer concludes the procedure", async () => {
    const { document, silence } = await underSilence();
    await extendDeadline(ctx, secretariat, { documentId: document.id, deadline: "2026-03-12T17:00:00Z" });
    expect(await dueAt(silence.deadlineId)).toEqual(new Date("2026-03-12T17:00:00Z"));
    const entry = await db.auditEntry.findFirstOrThrow({ where: { subjectId: document.id, action: "deadline.extend" } });
    expect(JSON.parse(entry.details)).toEqual({ kind: "silence_end", from: "2026-03-09T17:00:00.000Z", to: "2026-03-12T17:00:00.000Z" });
    const notice = await db.notification.findFirstOrThrow({
      where: { userId: chair.userId, documentId: document.id, text: { contains: "extended" } },
    });
    expect(notice.text).toContain("the silence procedure is extended to");
    now = new Date("2026-03-10T09:00:00Z");
    await sweepDeadlines(ctx);
    expect(await stageOf(document.id)).toBe("silence_procedure");
    expect((await db.silenceProcedure.findUniqueOrThrow({ where: { id: silence.id } })).outcome).toBe("open");
  });

  it("refuses anyone but the secretariat, with the reason", async () => {
    const { document, silence } = await underSilence();
    for (const actor of [chair, await make.user(processId, "head")])
      expect(await refusal(() => extendDeadline(ctx, actor, { documentId: document.id, deadline: "2026-03-12T17:00:00Z" }))).toEqual({
        status: 403,
        message: "Only the secretariat extends a deadline.",
      });
    expect(await dueAt(silence.deadlineId)).toEqual(new Date("2026-03-09T17:00:00Z"));
  });

  it("refuses a date that is not a date, in the past, or not later than the current deadline, changing nothing", async () => {
    const { document, silence } = await underSilence();
    for (const deadline of ["next Tuesday", "2026-03-01T17:00:00Z", ""])
      expect(await refusal(() => extendDeadline(ctx, secretariat, { documentId: document.id, deadline }))).toEqual({
        status: 422,
        message: "Please correct the highlighted fields.",
      });
    await expect(extendDeadline(ctx, secretariat, { documentId: document.id, deadline: "2026-03-05T17:00:00Z" })).rejects.toMatchObject({
      status: 422,
      message: "An extension must be later than the current deadline.",
      fieldErrors: { deadline: expect.stringMatching(/^Later than /) },
    });
    expect(await dueAt(silence.deadlineId)).toEqual(new Date("2026-03-09T17:00:00Z"));
    expect(await db.auditEntry.count({ where: { subjectId: document.id, action: "deadline.extend" } })).toBe(0);
  });

  it("answers not found for an unknown document, another process's document and a document without a pending deadline", async () => {
    now = new Date("2026-03-02T09:00:00Z");
    const elsewhere = await make.document((await make.process()).id, "silence_procedure");
    for (const documentId of ["no-such-document", elsewhere.id])
      expect(await refusal(() => extendDeadline(ctx, secretariat, { documentId, deadline: "2026-03-12T17:00:00Z" }))).toEqual({
        status: 404,
        message: "Document not found.",
      });
    const drafting = await make.document(processId, "drafting");
    expect(await refusal(() => extendDeadline(ctx, secretariat, { documentId: drafting.id, deadline: "2026-03-12T17:00:00Z" }))).toEqual({
      status: 404,
      message: "This document has no pending deadline.",
    });
  });

  it("does not extend a deadline that has already fired", async () => {
    const { document, silence } = await underSilence();
    now = new Date("2026-03-09T17:00:01Z");
    await sweepDeadlines(ctx);
    expect(await stageOf(document.id)).toBe("adopted");
    expect(await refusal(() => extendDeadline(ctx, secretariat, { documentId: document.id, deadline: "2026-03-12T17:00:00Z" }))).toEqual({
      status: 404,
      message: "This document has no pending deadline.",
    });
    expect(await dueAt(silence.deadlineId)).toEqual(new Date("2026-03-09T17:00:00Z"));
  });
});
