import { z } from "zod";
import type { Actor } from "../../policies";
import { authorize } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { emitThreadChanged } from "./emitThreadChanged";
import { loadVisibleThread } from "./threadAccess";
import { fields, parseInput } from "../kernel/validation";

export const resolveInput = z.object({
  threadId: fields.id,
  resolved: fields.flag,
});

/** The thread's author, the chair or the secretariat resolves a thread, or reopens it. */
export async function setThreadResolved(ctx: DomainContext, actor: Actor, input: z.input<typeof resolveInput>) {
  const { threadId, resolved } = parseInput(resolveInput, input);
  const thread = await loadVisibleThread(ctx, actor, threadId);
  authorize(actor, "thread.resolve", thread.resource);
  if (Boolean(thread.resolvedAt) === resolved) return;
  await ctx.db.$transaction(async (tx) => {
    await tx.commentThread.update({
      where: { id: threadId },
      data: resolved ? { resolvedAt: ctx.now(), resolvedById: actor.userId } : { resolvedAt: null, resolvedById: null },
    });
    await recordAudit(tx, actor, thread.document.processId, {
      action: resolved ? "thread.resolve" : "thread.reopen",
      subjectType: "thread",
      subjectId: threadId,
    });
  });
  emitThreadChanged(ctx, thread);
}
