import type { Prisma } from "@prisma/client";
import { can, roleOf, threadResource, type Actor } from "../../policies";
import type { DomainContext } from "../kernel/context";
import { NotFound } from "../kernel/errors";

/**
 * The threads an actor may see, as a database condition: invisible threads are never loaded,
 * so they cannot reach a page or a live notice by mistake. Mirrors "thread.read" in the policies;
 * tests/domain/visibility.test.ts proves they agree for every role and visibility.
 */
export function visibleThreadsWhere(actor: Actor): Prisma.CommentThreadWhereInput {
  const role = roleOf(actor);
  return {
    OR: [
      { visibility: "everyone" },
      { visibility: "delegation", participantId: actor.participantId },
      role === "chair" || role === "secretariat"
        ? { visibility: "chair_secretariat" }
        : { visibility: "chair_secretariat", authorId: actor.userId },
    ],
  };
}

/** A thread the actor may see; NotFound for everything else, so existence does not leak. */
export async function loadVisibleThread(ctx: DomainContext, actor: Actor, threadId: string) {
  const thread = await ctx.db.commentThread.findFirst({
    where: { id: threadId, document: { processId: actor.processId }, ...visibleThreadsWhere(actor) },
    include: { document: true },
  });
  if (!thread) throw new NotFound("Thread not found.");
  const resource = threadResource(thread, thread.document);
  // Defence in depth: the condition above mirrors the rule; the rule decides.
  if (!can(actor, "thread.read", resource)) throw new NotFound("Thread not found.");
  return { ...thread, resource };
}
