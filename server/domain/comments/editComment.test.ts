import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { editComment } from "./editComment";
import { replyToThread } from "./replyToThread";
import { startThread } from "./startThread";

// Replies and edits in process (docs/decisions/010): every earlier wording kept, audited, bounded.
const { ctx, db, make, close } = domainUnderTest({ liveDocuments: { idleUnloadMs: 60_000 } });
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

async function threadBy(author: Awaited<ReturnType<typeof make.user>>, body = "A first remark.") {
  const document = await make.document(processId, "amendments_open");
  await make.text(document.id);
  return (await startThread(ctx, author, { documentId: document.id, blockId: "block-1", visibility: "everyone", body })).thread;
}

describe("replyToThread", () => {
  it("adds the reply with the author's role, audited, and notifies a mentioned delegation", async () => {
    const head = await make.user(processId, "head");
    const mentioned = await make.participant(processId, "state", "Ruritania");
    const ruritanian = await make.user(processId, "delegate", mentioned.id);
    const observer = await make.user(processId, "observer");
    const thread = await threadBy(head);
    const reply = await replyToThread(ctx, observer, { threadId: thread.id, body: "  @Ruritania, your view?  " });
    expect(reply).toMatchObject({ body: "@Ruritania, your view?", authorRole: "observer", participantId: observer.participantId });
    expect(await db.auditEntry.count({ where: { subjectId: reply.id, action: "comment.reply" } })).toBe(1);
    expect(await db.notification.count({ where: { userId: ruritanian.userId, commentId: reply.id } })).toBe(1);
  });

  it("refuses an empty reply and a reply on a closed text, adding nothing", async () => {
    const head = await make.user(processId, "head");
    const thread = await threadBy(head);
    expect(await refusal(() => replyToThread(ctx, head, { threadId: thread.id, body: "   " }))).toMatchObject({ status: 422 });
    await db.document.update({ where: { id: thread.documentId }, data: { stage: "adopted" } });
    expect(await refusal(() => replyToThread(ctx, head, { threadId: thread.id, body: "Too late?" }))).toMatchObject({ status: 409 });
    expect(await db.comment.count({ where: { threadId: thread.id } })).toBe(1);
  });
});

describe("editComment", () => {
  it("keeps every earlier wording, marks the comment edited and audits it; the same wording changes nothing", async () => {
    const head = await make.user(processId, "head");
    const thread = await threadBy(head, "We support OP1.");
    const comment = await db.comment.findFirstOrThrow({ where: { threadId: thread.id } });
    await editComment(ctx, head, { commentId: comment.id, body: "We support OP1 as amended." });
    const edited = await editComment(ctx, head, { commentId: comment.id, body: "We support OP1 as amended by Iraq." });
    expect(edited.body).toBe("We support OP1 as amended by Iraq.");
    expect(edited.editedAt).not.toBeNull();
    const history = await db.commentEdit.findMany({ where: { commentId: comment.id }, orderBy: { id: "asc" } });
    expect(history.map((entry) => entry.previousBody)).toEqual(["We support OP1.", "We support OP1 as amended."]);
    await editComment(ctx, head, { commentId: comment.id, body: "We support OP1 as amended by Iraq." });
    expect(await db.commentEdit.count({ where: { commentId: comment.id } })).toBe(2);
    expect(await db.auditEntry.count({ where: { subjectId: comment.id, action: "comment.edit" } })).toBe(2);
  });

  it("lets nobody else edit a comment, not even the author's head of delegation or the chair; an unknown comment is 404", async () => {
    const delegate = await make.user(processId, "delegate");
    const head = await make.user(processId, "head", delegate.participantId);
    const chair = await make.user(processId, "chair");
    const thread = await threadBy(delegate, "Draft remark.");
    const comment = await db.comment.findFirstOrThrow({ where: { threadId: thread.id } });
    for (const other of [head, chair])
      expect(await refusal(() => editComment(ctx, other, { commentId: comment.id, body: "Rewritten." }))).toMatchObject({ status: 403 });
    expect(await refusal(() => editComment(ctx, delegate, { commentId: "no-such-comment", body: "Hello." }))).toEqual({
      status: 404,
      message: "Comment not found.",
    });
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).body).toBe("Draft remark.");
  });
});
