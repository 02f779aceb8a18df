import { z } from "zod";
import { takeCommentPoint } from "./commentRate";
import { commentResource, type Actor } from "../../policies";
import { authorize } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import { commentBody } from "./commentBody";
import type { DomainContext } from "../kernel/context";
import { emitThreadChanged } from "./emitThreadChanged";
import { NotFound } from "../kernel/errors";
import { loadVisibleThread } from "./threadAccess";
import { fields, parseInput } from "../kernel/validation";

export const editInput = z.object({ commentId: fields.id, body: commentBody });

/** Authors edit their own comments; every earlier wording is kept. */
export async function editComment(ctx: DomainContext, actor: Actor, input: z.input<typeof editInput>) {
  const { commentId, body } = parseInput(editInput, input);
  const comment = await ctx.db.comment.findUnique({ where: { id: commentId } });
  if (!comment) throw new NotFound("Comment not found.");
  const thread = await loadVisibleThread(ctx, actor, comment.threadId);
  authorize(actor, "comment.edit", commentResource(comment, thread, thread.document));
  await takeCommentPoint(ctx, actor);
  if (comment.body === body) return comment;
  const updated = await ctx.db.$transaction(async (tx) => {
    await tx.commentEdit.create({ data: { commentId, previousBody: comment.body } });
    const updated = await tx.comment.update({ where: { id: commentId }, data: { body, editedAt: ctx.now() } });
    await recordAudit(tx, actor, thread.document.processId, {
      action: "comment.edit",
      subjectType: "comment",
      subjectId: commentId,
      details: { threadId: thread.id },
    });
    return updated;
  });
  emitThreadChanged(ctx, thread);
  return updated;
}
