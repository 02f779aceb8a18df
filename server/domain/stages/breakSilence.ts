import { TEXT_LIMITS, atMost } from "../../../common/limits";
import { z } from "zod";
import { documentResource, type Actor } from "../../policies";
import { authorize } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { Conflict } from "../kernel/errors";
import { fields, parseInput } from "../kernel/validation";
import { findDocument } from "../documents/findDocument";
import { applyStage } from "./applyStage";

export const breakInput = z.object({
  documentId: fields.id,
  objection: z
    .string()
    .trim()
    .min(1, "Write the objection: it is shown to every participant.")
    .max(TEXT_LIMITS.objection, atMost(TEXT_LIMITS.objection)),
});

/**
 * A participating state's head of delegation breaks silence with a written objection before
 * the deadline. One objection ends the procedure: the text returns to consolidation, and the
 * objection is recorded, shown to all and audited. The deadline row is claimed in the same
 * transaction, so an objection and the deadline never both win.
 */
export async function breakSilence(ctx: DomainContext, actor: Actor, input: z.input<typeof breakInput>) {
  const data = parseInput(breakInput, input);
  const document = await findDocument(ctx, actor, data.documentId);
  authorize(actor, "silence.break", documentResource(document));
  const now = ctx.now();

  const objection = await ctx.db.$transaction(async (tx) => {
    const silence = await tx.silenceProcedure.findFirst({
      where: { documentId: document.id, outcome: "open" },
      orderBy: { startedAt: "desc" },
    });
    if (!silence) throw new Conflict("This text is not under the silence procedure.");
    const deadline = await tx.deadline.updateMany({
      where: { id: silence.deadlineId, firedAt: null, cancelledAt: null, dueAt: { gt: now } },
      data: { cancelledAt: now },
    });
    if (deadline.count === 0) throw new Conflict("The silence procedure has ended: its deadline has passed.");
    const objection = await tx.silenceObjection.create({
      data: { silenceId: silence.id, participantId: actor.participantId, userId: actor.userId, text: data.objection, createdAt: now },
    });
    await tx.silenceProcedure.update({ where: { id: silence.id }, data: { outcome: "broken", endedAt: now } });
    const version = await tx.version.findUnique({ where: { id: silence.versionId }, select: { label: true } });
    await applyStage(tx, {
      document,
      to: "consolidation",
      actor,
      now,
      notice: `${actor.participantName} broke silence on ${version?.label ?? "the text"}: “${data.objection.length > 300 ? `${data.objection.slice(0, 297)}…` : data.objection}” The text returns to consolidation.`,
      details: { reason: "silence broken", silenceId: silence.id },
    });
    await recordAudit(tx, actor, document.processId, {
      action: "silence.break",
      subjectType: "document",
      subjectId: document.id,
      details: { silenceId: silence.id, objectionId: objection.id, objection: data.objection },
    });
    return objection;
  });
  ctx.events.emit("document.changed", document.id);
  return objection;
}
