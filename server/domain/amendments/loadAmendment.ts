import type { Actor } from "../../policies";
import type { Stage } from "../../../common/vocabulary";
import type { DomainContext } from "../kernel/context";
import { NotFound } from "../kernel/errors";

/**
 * An amendment of the actor's process. A draft exists only for its own delegation: to anyone
 * else it is "not found", so its existence does not leak.
 */
export async function loadAmendment(ctx: DomainContext, actor: Actor, amendmentId: string) {
  const amendment = await ctx.db.amendment.findUnique({
    where: { id: amendmentId },
    include: { document: true, participant: true },
  });
  if (!amendment || amendment.document.processId !== actor.processId) throw new NotFound("Amendment not found.");
  if (amendment.status === "draft" && amendment.participantId !== actor.participantId) throw new NotFound("Amendment not found.");
  return {
    ...amendment,
    resource: {
      processId: amendment.document.processId,
      stage: amendment.document.stage as Stage,
      participantId: amendment.participantId,
    },
  };
}
