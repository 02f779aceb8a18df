import { z } from "zod";
import { takeCommentPoint } from "./commentRate";
import { roleOf, type Actor } from "../../policies";
import { authorize } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import { commentBody } from "./commentBody";
import type { DomainContext } from "../kernel/context";
import { emitThreadChanged } from "./emitThreadChanged";
import { notifyMentions } from "./notifyMentions";
import { loadVisibleThread } from "./threadAccess";
import { fields, parseInput } from "../kernel/validation";

export const replyInput = z.object({ threadId: fields.id, body: commentBody });

export async function replyToThread(ctx: DomainContext, actor: Actor, input: z.input<typeof replyInput>) {
  const { threadId, body } = parseInput(replyInput, input);
  const thread = await loadVisibleThread(ctx, actor, threadId);
  authorize(actor, "thread.reply", thread.resource);
  await takeCommentPoint(ctx, actor);
  const comment = await ctx.db.$transaction(async (tx) => {
    const comment = await tx.comment.create({
      data: { threadId, authorId: actor.userId, participantId: actor.participantId, authorRole: roleOf(actor), body },
    });
    // A reply reopens nothing by itself; it only adds to the discussion.
    await tx.commentThread.update({ where: { id: threadId }, data: { updatedAt: ctx.now() } });
    await notifyMentions(ctx, tx, actor, { body, thread, document: thread.document, commentId: comment.id });
    await recordAudit(tx, actor, thread.document.processId, {
      action: "comment.reply",
      subjectType: "comment",
      subjectId: comment.id,
      details: { threadId },
    });
    return comment;
  });
  emitThreadChanged(ctx, thread);
  return comment;
}
