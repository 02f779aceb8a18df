import { z } from "zod";
import { documentResource, type Actor } from "../../policies";
import { authorize } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { Conflict, NotFound } from "../kernel/errors";
import { fields, parseInput } from "../kernel/validation";
import { findDocument } from "../documents/findDocument";
import { meetingAdoptionRefusal } from "../documents/stages";
import { formatUtcTime } from "../../../common/time";
import { applyStage, claimStage } from "./applyStage";
import { adoptionText } from "./adoptionText";
import { FIELD_LIMITS } from "../../../common/limits";

export const adoptionInput = z.object({
  documentId: fields.id,
  versionId: fields.id,
  meetingDate: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date of the meeting, e.g. 2026-11-26.")
    .refine((value) => !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()), "Enter a real date."),
  meetingPlace: z
    .string()
    .trim()
    .min(1, "Where did the meeting take place?")
    .max(FIELD_LIMITS.name, `At most ${FIELD_LIMITS.name} characters.`),
});

/**
 * The secretariat records that a meeting adopted the latest version, from consolidation. Not while
 * a silence procedure runs: the states keep their time to object (meetingAdoptionRefusal).
 */
export async function recordAdoption(ctx: DomainContext, actor: Actor, input: z.input<typeof adoptionInput>) {
  const data = parseInput(adoptionInput, input);
  const document = await findDocument(ctx, actor, data.documentId);
  authorize(actor, "document.adopt", documentResource(document));
  const from = document.stage;
  const refusal = meetingAdoptionRefusal(from, from === "silence_procedure" ? await runningSilence(ctx, document.id) : null);
  if (refusal) throw new Conflict(refusal);
  const now = ctx.now();
  if (new Date(`${data.meetingDate}T00:00:00Z`).getTime() > now.getTime()) {
    throw new Conflict("The meeting date lies in the future: record the adoption once it has happened.", { meetingDate: "Not yet." });
  }
  const latest = await ctx.db.version.findFirst({ where: { documentId: document.id }, orderBy: { sequence: "desc" } });
  if (!latest) throw new NotFound("Issue a version first: an adoption records the version adopted.");
  if (latest.id !== data.versionId)
    throw new Conflict(`Only the latest version (${latest.label}) can be adopted.`, { versionId: "Not the latest version." });

  const adoption = await ctx.db.$transaction(async (tx) => {
    await claimStage(tx, document.id, from);
    if (await tx.adoption.findUnique({ where: { versionId: latest.id } })) throw new Conflict(`${latest.label} has already been adopted.`);
    const adoption = await tx.adoption.create({
      data: {
        documentId: document.id,
        versionId: latest.id,
        method: "meeting",
        adoptedAt: new Date(`${data.meetingDate}T00:00:00Z`),
        meetingDate: data.meetingDate,
        meetingPlace: data.meetingPlace,
        recordedById: actor.userId,
      },
    });
    await applyStage(tx, {
      document,
      to: "adopted",
      actor,
      now,
      notice: `${latest.label}: ${adoptionText(adoption)}`,
      details: { version: latest.label, adoptionId: adoption.id },
    });
    await recordAudit(tx, actor, document.processId, {
      action: "document.adopt",
      subjectType: "document",
      subjectId: document.id,
      details: {
        method: "meeting",
        version: latest.label,
        meetingDate: data.meetingDate,
        meetingPlace: data.meetingPlace,
        adoptionId: adoption.id,
      },
    });
    return adoption;
  });
  ctx.events.emit("document.changed", document.id);
  return adoption;
}

/** The silence procedure under way, as the refusal names it: its version and deadline. */
async function runningSilence(ctx: DomainContext, documentId: string) {
  const silence = await ctx.db.silenceProcedure.findFirst({ where: { documentId, outcome: "open" }, orderBy: { startedAt: "desc" } });
  if (!silence) return null;
  const [version, deadline] = await Promise.all([
    ctx.db.version.findUnique({ where: { id: silence.versionId }, select: { label: true } }),
    ctx.db.deadline.findUnique({ where: { id: silence.deadlineId }, select: { dueAt: true } }),
  ]);
  return version && deadline ? { version: version.label, until: formatUtcTime(deadline.dueAt) } : null;
}
