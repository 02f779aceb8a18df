import { z } from "zod";
import { parseInput } from "../kernel/validation";

const MAX_AHEAD_MS = 366 * 24 * 3600 * 1000;

/**
 * The deadline as a command's input schema states it: the text typed in the form. Whether it lies
 * in the future is the command's rule (it depends on the clock): `deadlineField(ctx.now())`.
 */
export const deadlineText = z.string({ required_error: "Required." }).trim().min(1, "Required.").max(40);

/** Reads a deadline text against the clock; the error stays on the `deadline` field. */
export function readDeadline(text: string, now: Date): Date {
  return parseInput(z.object({ deadline: deadlineField(now) }), { deadline: text }).deadline;
}

/**
 * A deadline typed in a form: "2026-12-01T17:00" (a datetime-local field, read as UTC, as the
 * form says) or a full ISO timestamp. Must lie in the future and within a year.
 */
export function deadlineField(now: Date) {
  return z
    .string({ required_error: "Required." })
    .trim()
    .min(1, "Required.")
    .max(40)
    .transform((value, context) => {
      const iso = /(Z|[+-]\d\d:\d\d)$/.test(value) ? value : `${value.length === 16 ? `${value}:00` : value}Z`;
      const date = new Date(iso);
      if (Number.isNaN(date.getTime())) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: "Enter a date and time, e.g. 2026-12-01T17:00." });
        return z.NEVER;
      }
      if (date.getTime() <= now.getTime()) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: "The deadline must be in the future." });
        return z.NEVER;
      }
      if (date.getTime() - now.getTime() > MAX_AHEAD_MS) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: "The deadline must be within a year." });
        return z.NEVER;
      }
      return date;
    });
}
