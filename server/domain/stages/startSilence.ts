import { z } from "zod";
import { formatUtcTime } from "../../../common/time";
import { documentResource, type Actor } from "../../policies";
import { authorize } from "../kernel/authorize";
import type { DomainContext } from "../kernel/context";
import { Conflict, NotFound } from "../kernel/errors";
import { fields, parseInput } from "../kernel/validation";
import { findDocument } from "../documents/findDocument";
import { canMove } from "../documents/stages";
import { recordAudit } from "../kernel/audit";
import { applyStage, claimStage } from "./applyStage";
import { actorTimeZone, deadlineText, readDeadline } from "./deadlineFields";

export const startSilenceInput = z.object({ documentId: fields.id, versionId: fields.id, deadline: deadlineText });

/**
 * The chair or the secretariat puts the latest issued version under the silence procedure until
 * a deadline. Any participating state may break silence before it; otherwise the version is
 * adopted when the deadline passes (sweepDeadlines → concludeSilence).
 */
export async function startSilence(ctx: DomainContext, actor: Actor, input: z.input<typeof startSilenceInput>) {
  const now = ctx.now();
  const parsed = parseInput(startSilenceInput, input);
  const data = { ...parsed, deadline: readDeadline(parsed.deadline, now, await actorTimeZone(ctx, actor)) };
  const document = await findDocument(ctx, actor, data.documentId);
  authorize(actor, "silence.start", documentResource(document));
  if (!canMove("consolidation", "silence_procedure")) throw new Conflict("The silence procedure is not available.");
  const latest = await ctx.db.version.findFirst({ where: { documentId: document.id }, orderBy: { sequence: "desc" } });
  if (!latest) throw new NotFound("Issue a version first: the silence procedure applies to an issued version.");
  if (latest.id !== data.versionId) {
    throw new Conflict(`Only the latest version (${latest.label}) can go under silence.`, { versionId: "Not the latest version." });
  }

  const silence = await ctx.db.$transaction(async (tx) => {
    await claimStage(tx, document.id, "consolidation");
    await applyStage(tx, {
      document,
      to: "silence_procedure",
      actor,
      now,
      notice: `${latest.label} is under the silence procedure until ${formatUtcTime(data.deadline)}. A participating state may break silence with a written objection before then.`,
      details: { version: latest.label, deadline: data.deadline.toISOString() },
    });
    const deadline = await tx.deadline.create({
      data: { documentId: document.id, kind: "silence_end", dueAt: data.deadline, createdById: actor.userId },
    });
    const silence = await tx.silenceProcedure.create({
      data: { documentId: document.id, versionId: latest.id, deadlineId: deadline.id, startedById: actor.userId, startedAt: now },
    });
    await recordAudit(tx, actor, document.processId, {
      action: "silence.start",
      subjectType: "document",
      subjectId: document.id,
      details: { silenceId: silence.id, version: latest.label, deadline: data.deadline.toISOString() },
    });
    return silence;
  });
  ctx.events.emit("document.changed", document.id);
  return silence;
}
