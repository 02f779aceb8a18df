import { z } from "zod";
import type { Actor } from "../../policies";
import { authorize } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { emitAmendmentChanged } from "./emitAmendmentChanged";
import { loadAmendment } from "./loadAmendment";
import { fields, parseInput } from "../kernel/validation";

export const cosponsorInput = z.object({
  amendmentId: fields.id,
  join: fields.flag,
});

/** Another state's head joins or leaves the co-sponsors; every join and leave is kept. */
export async function setCosponsorship(ctx: DomainContext, actor: Actor, input: z.input<typeof cosponsorInput>) {
  const { amendmentId, join } = parseInput(cosponsorInput, input);
  const amendment = await loadAmendment(ctx, actor, amendmentId);
  authorize(actor, "amendment.cosponsor", amendment.resource);
  const key = { amendmentId_participantId: { amendmentId, participantId: actor.participantId } };
  const current = await ctx.db.amendmentSponsor.findUnique({ where: key });
  if (Boolean(current) === join) return;
  await ctx.db.$transaction(async (tx) => {
    if (join) await tx.amendmentSponsor.create({ data: { amendmentId, participantId: actor.participantId } });
    else await tx.amendmentSponsor.delete({ where: key });
    await tx.amendmentSponsorEvent.create({
      data: { amendmentId, participantId: actor.participantId, userId: actor.userId, action: join ? "join" : "leave" },
    });
    await recordAudit(tx, actor, amendment.resource.processId, {
      action: join ? "amendment.cosponsor.join" : "amendment.cosponsor.leave",
      subjectType: "amendment",
      subjectId: amendmentId,
    });
  });
  emitAmendmentChanged(ctx, amendment);
}
