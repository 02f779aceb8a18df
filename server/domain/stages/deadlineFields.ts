import { z } from "zod";
import { wallTimeToUtc } from "../../../common/time";
import type { Actor } from "../../policies";
import type { DomainContext } from "../kernel/context";
import { parseInput } from "../kernel/validation";

const MAX_AHEAD_MS = 366 * 24 * 3600 * 1000;

/**
 * The deadline as a command's input schema states it: the text typed in the form. Whether it lies
 * in the future is the command's rule (it depends on the clock and the actor's time zone):
 * `readDeadline`.
 */
export const deadlineText = z.string({ required_error: "Required." }).trim().min(1, "Required.").max(40);

/** The zone the actor's participant reads and enters deadlines in (UTC when unset). */
export async function actorTimeZone(ctx: DomainContext, actor: Actor): Promise<string> {
  const participant = await ctx.db.participant.findUnique({ where: { id: actor.participantId }, select: { timeZone: true } });
  return participant?.timeZone ?? "UTC";
}

/** Reads a deadline text on the clocks of `timeZone` against the clock; the error stays on the `deadline` field. */
export function readDeadline(text: string, now: Date, timeZone = "UTC"): Date {
  return parseInput(z.object({ deadline: deadlineField(now, timeZone) }), { deadline: text }).deadline;
}

/**
 * A deadline typed in a form: "2026-12-01T17:00" (a datetime-local field) on the wall clocks of
 * `timeZone`, the participant's zone the form names, or a full ISO timestamp with its offset.
 * Stored in UTC. Must lie in the future and within a year.
 */
export function deadlineField(now: Date, timeZone = "UTC") {
  return z
    .string({ required_error: "Required." })
    .trim()
    .min(1, "Required.")
    .max(40)
    .transform((value, context) => {
      const fail = (message: string) => {
        context.addIssue({ code: z.ZodIssueCode.custom, message });
        return z.NEVER;
      };
      let date: Date;
      if (/(Z|[+-]\d\d:\d\d)$/.test(value)) {
        date = new Date(value);
        if (Number.isNaN(date.getTime())) return fail("Enter a date and time, e.g. 2026-12-01T17:00.");
      } else {
        const read = wallTimeToUtc(value, timeZone);
        if (read === "invalid") return fail("Enter a date and time, e.g. 2026-12-01T17:00.");
        if (read === "nonexistent") return fail(`This time does not exist in ${timeZone}: the clocks skip it. Choose another.`);
        date = read;
      }
      if (date.getTime() <= now.getTime()) return fail("The deadline must be in the future.");
      if (date.getTime() - now.getTime() > MAX_AHEAD_MS) return fail("The deadline must be within a year.");
      return date;
    });
}
