import { TEXT_LIMITS } from "../../../common/limits";
import { z } from "zod";
import type { Actor } from "../../policies";
import { STANCES } from "../../../common/vocabulary";
import { authorize } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { emitAmendmentChanged } from "./emitAmendmentChanged";
import { loadAmendment } from "./loadAmendment";
import { fields, parseInput } from "../kernel/validation";

export const positionInput = z.object({
  amendmentId: fields.id,
  stance: z.enum(STANCES, { message: "Choose supports, opposes, reservation or pending instructions." }),
  note: z
    .string()
    .trim()
    .max(TEXT_LIMITS.positionNote, `At most ${TEXT_LIMITS.positionNote.toLocaleString("en")} characters.`)
    .default(""),
});

/** A state's head records (or changes) the state's stance on a tabled amendment. */
export async function recordPosition(ctx: DomainContext, actor: Actor, input: z.input<typeof positionInput>) {
  const { amendmentId, stance, note } = parseInput(positionInput, input);
  const amendment = await loadAmendment(ctx, actor, amendmentId);
  authorize(actor, "amendment.takePosition", amendment.resource);
  await ctx.db.$transaction(async (tx) => {
    const key = { amendmentId_participantId: { amendmentId, participantId: actor.participantId } };
    const before = await tx.position.findUnique({ where: key });
    await tx.position.upsert({
      where: key,
      create: { amendmentId, participantId: actor.participantId, stance, note, userId: actor.userId },
      update: { stance, note, userId: actor.userId },
    });
    await recordAudit(tx, actor, amendment.resource.processId, {
      action: "amendment.position",
      subjectType: "amendment",
      subjectId: amendmentId,
      details: { before: before ? { stance: before.stance, note: before.note } : null, after: { stance, note } },
    });
  });
  emitAmendmentChanged(ctx, amendment);
}
