import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMIT_SETTINGS } from "../limits";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { replyToThread } from "./replyToThread";

// Two comments a minute, so the per-user rate limit can be seen (docs/decisions/058).
const limits = { ...DEFAULT_LIMIT_SETTINGS, commentsPerMinute: 2 };
const { ctx, db, make, close } = domainUnderTest({ limits });
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

const repliesTo = (threadId: string) => db.comment.findMany({ where: { threadId } });

describe("replyToThread", () => {
  it("adds the reply with the author's role, announces the thread and audits it", async () => {
    const author = await make.user(processId, "head");
    const observer = await make.user(processId, "observer");
    const thread = await make.thread((await make.document(processId, "consolidation")).id, author);
    const announced: string[] = [];
    ctx.events.on("thread.changed", (event) => announced.push(event.threadId));
    const reply = await replyToThread(ctx, observer, { threadId: thread.id, body: "  We have a question.  " });
    expect(await repliesTo(thread.id)).toEqual([
      expect.objectContaining({
        id: reply.id,
        authorId: observer.userId,
        participantId: observer.participantId,
        authorRole: "observer",
        body: "We have a question.",
      }),
    ]);
    expect(announced).toEqual([thread.id]);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "comment.reply", subjectId: reply.id } });
    expect(JSON.parse(entry.details)).toEqual({ threadId: thread.id });
  });

  it("refuses an empty or over-long reply, storing nothing", async () => {
    const author = await make.user(processId, "head");
    const thread = await make.thread((await make.document(processId)).id, author);
    await expect(replyToThread(ctx, author, { threadId: thread.id, body: "   " })).rejects.toMatchObject({
      status: 422,
      fieldErrors: { body: "Write a comment first." },
    });
    await expect(replyToThread(ctx, author, { threadId: thread.id, body: "x".repeat(1_000_000) })).rejects.toMatchObject({
      status: 422,
      fieldErrors: { body: expect.stringMatching(/^Comments are limited to/) },
    });
    expect(await repliesTo(thread.id)).toEqual([]);
  });

  it("answers not found for an unknown thread, another delegation's internal thread and another process's thread", async () => {
    const author = await make.user(processId, "head");
    const chair = await make.user(processId, "chair");
    const internal = await make.thread((await make.document(processId)).id, author, "delegation");
    const foreignAuthor = await make.user((await make.process()).id, "head");
    const foreign = await make.thread((await make.document(foreignAuthor.processId)).id, foreignAuthor);
    for (const threadId of ["no-such-thread", internal.id, foreign.id])
      expect(await refusal(() => replyToThread(ctx, chair, { threadId, body: "Hello?" }))).toEqual({
        status: 404,
        message: "Thread not found.",
      });
    expect(await db.comment.count({ where: { threadId: { in: [internal.id, foreign.id] } } })).toBe(0);
  });

  it("refuses replies once the text is closed, and past the per-user rate", async () => {
    const author = await make.user(processId, "head");
    const closed = await make.thread((await make.document(processId, "adopted")).id, author);
    expect(await refusal(() => replyToThread(ctx, author, { threadId: closed.id, body: "Too late." }))).toEqual({
      status: 409,
      message: "This document is adopted: its text, amendments and comments are closed.",
    });
    const talker = await make.user(processId, "delegate");
    const open = await make.thread((await make.document(processId)).id, author);
    await replyToThread(ctx, talker, { threadId: open.id, body: "One." });
    await replyToThread(ctx, talker, { threadId: open.id, body: "Two." });
    expect(await refusal(() => replyToThread(ctx, talker, { threadId: open.id, body: "Three." }))).toMatchObject({ status: 429 });
    expect((await repliesTo(open.id)).map((comment) => comment.body)).toEqual(["One.", "Two."]);
    expect(await repliesTo(closed.id)).toEqual([]);
  });
});
