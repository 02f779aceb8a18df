import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { setThreadResolved } from "./setThreadResolved";

const { ctx, db, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

const stateOf = (threadId: string) =>
  db.commentThread.findUniqueOrThrow({ where: { id: threadId }, select: { resolvedAt: true, resolvedById: true } });

describe("setThreadResolved", () => {
  it("resolves and reopens a thread, announcing and auditing each change once; repeating a state changes nothing", async () => {
    const author = await make.user(processId, "delegate");
    const document = await make.document(processId, "amendments_open");
    const thread = await make.thread(document.id, author);
    const announced: string[] = [];
    ctx.events.on("thread.changed", (event) => announced.push(event.threadId));

    await setThreadResolved(ctx, author, { threadId: thread.id, resolved: true });
    expect(await stateOf(thread.id)).toEqual({ resolvedAt: expect.any(Date), resolvedById: author.userId });
    await setThreadResolved(ctx, author, { threadId: thread.id, resolved: true });
    await setThreadResolved(ctx, author, { threadId: thread.id, resolved: false });
    expect(await stateOf(thread.id)).toEqual({ resolvedAt: null, resolvedById: null });
    expect(announced).toEqual([thread.id, thread.id]);
    const entries = await db.auditEntry.findMany({ where: { subjectId: thread.id }, orderBy: { id: "asc" } });
    expect(entries.map((entry) => [entry.action, entry.actorUserId])).toEqual([
      ["thread.resolve", author.userId],
      ["thread.reopen", author.userId],
    ]);
  });

  it("lets the chair and the secretariat resolve anyone's thread, and refuses other participants, with the reason", async () => {
    const author = await make.user(processId, "head");
    const document = await make.document(processId, "consolidation");
    const thread = await make.thread(document.id, author);
    for (const role of ["head", "delegate", "observer"] as const) {
      const other = await make.user(processId, role);
      expect(await refusal(() => setThreadResolved(ctx, other, { threadId: thread.id, resolved: true }))).toEqual({
        status: 403,
        message: "Only the thread's author, the chair or the secretariat resolve a thread.",
      });
    }
    expect((await stateOf(thread.id)).resolvedAt).toBeNull();
    for (const role of ["chair", "secretariat"] as const) {
      const presiding = await make.user(processId, role);
      await setThreadResolved(ctx, presiding, { threadId: thread.id, resolved: role === "chair" });
    }
    expect(await db.auditEntry.count({ where: { subjectId: thread.id } })).toBe(2);
  });

  it("refuses a form string for the flag, changing nothing", async () => {
    const author = await make.user(processId, "head");
    const thread = await make.thread((await make.document(processId)).id, author);
    const formString = { threadId: thread.id, resolved: "on" } as unknown as { threadId: string; resolved: boolean };
    await expect(setThreadResolved(ctx, author, formString)).rejects.toMatchObject({
      status: 422,
      fieldErrors: { resolved: "Expected true or false." },
    });
    expect((await stateOf(thread.id)).resolvedAt).toBeNull();
  });

  it("answers not found for an unknown thread, another delegation's internal thread and another process's thread", async () => {
    const author = await make.user(processId, "head");
    const outsider = await make.user(processId, "chair");
    const internal = await make.thread((await make.document(processId)).id, author, "delegation");
    const foreignAuthor = await make.user((await make.process()).id, "head");
    const foreign = await make.thread((await make.document(foreignAuthor.processId)).id, foreignAuthor);
    for (const threadId of ["no-such-thread", internal.id, foreign.id])
      expect(await refusal(() => setThreadResolved(ctx, outsider, { threadId, resolved: true }))).toEqual({
        status: 404,
        message: "Thread not found.",
      });
    expect([(await stateOf(internal.id)).resolvedAt, (await stateOf(foreign.id)).resolvedAt]).toEqual([null, null]);
  });

  it("refuses every change once the text is adopted or published, with the closed-text message", async () => {
    const author = await make.user(processId, "head");
    for (const stage of ["adopted", "published"] as const) {
      const thread = await make.thread((await make.document(processId, stage)).id, author);
      expect(await refusal(() => setThreadResolved(ctx, author, { threadId: thread.id, resolved: true }))).toEqual({
        status: 409,
        message: `This document is ${stage}: its text, amendments and comments are closed.`,
      });
      expect((await stateOf(thread.id)).resolvedAt).toBeNull();
    }
  });
});
