import { amendmentResource, can, type Actor } from "../../policies";
import type { DomainContext } from "../kernel/context";
import { NotFound } from "../kernel/errors";

/**
 * An amendment of the actor's process that the actor may read ("amendment.read"). A draft
 * exists only for its own delegation: to anyone else it is "not found", so its existence does
 * not leak.
 */
export async function loadAmendment(ctx: DomainContext, actor: Actor, amendmentId: string) {
  const amendment = await ctx.db.amendment.findUnique({
    where: { id: amendmentId },
    include: { document: true, participant: true },
  });
  if (!amendment) throw new NotFound("Amendment not found.");
  const resource = amendmentResource(amendment, amendment.document);
  if (!can(actor, "amendment.read", resource)) throw new NotFound("Amendment not found.");
  return { ...amendment, resource };
}
