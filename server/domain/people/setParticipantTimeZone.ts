import { z } from "zod";
import { FIELD_LIMITS } from "../../../common/limits";
import { ianaTimeZone } from "../../../common/time";
import type { Actor } from "../../policies";
import { authorizeProcess } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { NotFound } from "../kernel/errors";
import { fields, parseInput } from "../kernel/validation";

export const timeZoneInput = z.object({
  participantId: fields.id,
  timeZone: z
    .string({ required_error: "Required." })
    .trim()
    .min(1, "Required.")
    .max(FIELD_LIMITS.timeZone, `At most ${FIELD_LIMITS.timeZone} characters.`)
    .transform((value, context) => {
      const zone = ianaTimeZone(value);
      if (!zone) {
        context.addIssue({
          code: z.ZodIssueCode.custom,
          message: "Enter a time zone name such as Europe/Vienna, Asia/Karachi or UTC (the IANA name, not an offset or abbreviation).",
        });
        return z.NEVER;
      }
      return zone;
    }),
});

/**
 * The secretariat sets the time zone of a participant (the secretariat's own included): its
 * members read deadlines and enter them in this zone, with UTC beside it. Audited.
 */
export async function setParticipantTimeZone(ctx: DomainContext, actor: Actor, input: z.input<typeof timeZoneInput>) {
  const { processId } = authorizeProcess(actor, "process.manage");
  const { participantId, timeZone } = parseInput(timeZoneInput, input);
  return ctx.db.$transaction(async (tx) => {
    const existing = await tx.participant.findFirst({ where: { id: participantId, processId } });
    if (!existing) throw new NotFound("Participant not found.");
    const participant = await tx.participant.update({ where: { id: participantId }, data: { timeZone } });
    await recordAudit(tx, actor, processId, {
      action: "participant.timeZone",
      subjectType: "participant",
      subjectId: participantId,
      details: { name: existing.name, before: existing.timeZone, after: timeZone },
    });
    return participant;
  });
}
