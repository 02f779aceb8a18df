import { z } from "zod";

const MAX_AHEAD_MS = 366 * 24 * 3600 * 1000;

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
