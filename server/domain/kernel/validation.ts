import { z } from "zod";
import { Validation } from "./errors";
import { FIELD_LIMITS } from "../../../common/limits";

/** Parses command input; a failure becomes a Validation error with one message per field. */
export function parseInput<Schema extends z.ZodTypeAny>(schema: Schema, input: unknown): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join(".") || "form";
    fieldErrors[field] ??= issue.message;
  }
  throw new Validation("Please correct the highlighted fields.", fieldErrors);
}

export const fields = {
  id: z.string().trim().min(1, "Required.").max(FIELD_LIMITS.id),
  name: z.string().trim().min(1, "Required.").max(FIELD_LIMITS.name, `At most ${FIELD_LIMITS.name} characters.`),
  email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(FIELD_LIMITS.email),
  /** New passwords: long enough to resist guessing, short enough not to be a DoS on the hash. */
  newPassword: z
    .string()
    .min(FIELD_LIMITS.passwordMin, `At least ${FIELD_LIMITS.passwordMin} characters.`)
    .max(FIELD_LIMITS.password, `At most ${FIELD_LIMITS.password} characters.`),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #1f6feb."),
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9-]{2,12}$/, "2–12 letters, digits or dashes."),
  /** A yes/no. Forms' "on" / "true" / "false" become booleans in the route helper (app/utils/forms.server.ts). */
  flag: z.boolean({ errorMap: () => ({ message: "Expected true or false." }) }),
  /** Checkbox or select value that may be empty. */
  optional: <T extends z.ZodTypeAny>(schema: T) =>
    z.preprocess((value) => (value === "" || value === undefined ? null : value), schema.nullable()),
};
