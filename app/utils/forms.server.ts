import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { configureCoercion } from "@conform-to/zod/v3/future";
import { json } from "@remix-run/node";
import type { z } from "zod";
import { isDomainError } from "../../server/domain/kernel/errors";

/**
 * What every form action answers: Conform's result for the form that was sent (field errors
 * next to their controls, the values typed, secrets left out) and a notice on success. `error`
 * and `fieldErrors` repeat the first messages for callers that are not Conform forms (fetchers,
 * scripts, the integration tests).
 */
export type FormReply = {
  intent: string;
  result: SubmissionResult<string[]>;
  notice?: string;
  error?: string;
  fieldErrors?: Record<string, string>;
};

/**
 * HTML's quirks stay here, not in the commands: a checked checkbox sends "on" (or its `value`,
 * "true" in our forms) and an unchecked one sends nothing; toggle buttons send "true" / "false"
 * in a hidden input. Booleans become booleans before the command's schema sees them; anything
 * else is left for the schema to refuse. Empty strings become undefined (Conform's default).
 */
const FORM_BOOLEANS: Record<string, boolean> = { on: true, true: true, false: false };
const { coerceFormValue } = configureCoercion({
  customize: (type) =>
    (type._def as { typeName?: string }).typeName === "ZodBoolean"
      ? (value) => (typeof value === "string" && Object.hasOwn(FORM_BOOLEANS, value) ? FORM_BOOLEANS[value] : value)
      : null,
});

type Submitted<T> = { ok: true; value: T; reply: (reply: { notice?: string; resetForm?: boolean }) => FormReply };
type Refused = { ok: false; response: ReturnType<typeof json<FormReply>> };

export interface SubmitOptions {
  /** The form's intent, so a page with several forms shows the answer beside the right one. */
  intent?: string;
  /** Fields never sent back to the browser (passwords). */
  hideFields?: string[];
  /** Values the route adds from its URL (ids), validated by the same schema. */
  params?: Record<string, string | undefined>;
}

/**
 * Parses a form with the command's own input schema, then runs the command. A refusal (invalid
 * field or domain error) becomes a reply to the page the form came from, with the status the
 * domain gave; anything else is a real failure and propagates.
 */
export async function submitForm<Schema extends z.ZodTypeAny, T>(
  formData: FormData,
  schema: Schema,
  run: (value: z.output<Schema>) => Promise<T>,
  { intent = "", hideFields, params = {} }: SubmitOptions = {},
): Promise<Submitted<T> | Refused> {
  for (const [name, value] of Object.entries(params)) formData.set(name, value ?? "");
  const submission = parseWithZod(formData, { schema: coerceFormValue(schema), disableAutoCoercion: true });
  if (submission.status !== "success") {
    const result = submission.reply({ hideFields });
    return { ok: false, response: json<FormReply>(summarise(intent, result, "Please correct the highlighted fields."), { status: 422 }) };
  }
  try {
    const value = await run(submission.value);
    return { ok: true, value, reply: ({ notice, resetForm }) => ({ intent, notice, result: submission.reply({ resetForm, hideFields }) }) };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const fieldErrors: Record<string, string[]> = {};
    const formErrors = [error.message];
    for (const [field, message] of Object.entries(error.fieldErrors)) {
      if (field === "form" || !formData.has(field) || Object.hasOwn(params, field)) formErrors.push(message);
      else fieldErrors[field] = [message];
    }
    const result = submission.reply({ formErrors: [...new Set(formErrors)], fieldErrors, hideFields });
    const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
    return {
      ok: false,
      response: json<FormReply>(summarise(intent, result, error.message), {
        status: error.status,
        headers: retryAfter ? { "Retry-After": String(retryAfter) } : {},
      }),
    };
  }
}

function summarise(intent: string, result: SubmissionResult<string[]>, message: string): FormReply {
  const fieldErrors: Record<string, string> = {};
  for (const [field, messages] of Object.entries(result.error ?? {})) if (field && messages?.[0]) fieldErrors[field] = messages[0];
  return { intent, result, error: result.error?.[""]?.[0] ?? message, fieldErrors };
}

/** A form whose intent names no command: a 400 with a message, never a silent no-op. */
export function unknownIntent(intent: string) {
  return json<FormReply>(
    { intent, result: { status: "error", error: { "": ["Unknown action."] } }, error: "Unknown action.", fieldErrors: {} },
    { status: 400 },
  );
}

/** The posted form. A body that is not a readable form is a 400, not a 500. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("The form could not be read. Reload the page and try again.", { status: 400 });
  }
}
