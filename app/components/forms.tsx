import {
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type FieldMetadata,
  type FormMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { PARTICIPANT_PALETTE } from "../../common/colours";
import {
  type ButtonHTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";

// Controls bound to a Conform field: the id, name, initial value, aria-invalid and the error
// (announced, and linked with aria-describedby) all come from the field, so every form reads
// the same way and a refused submission shows its message next to the control that caused it.

// Any field shape: command schemas preprocess their input (optional ids, trimmed text).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Field = FieldMetadata<any, any, string[]>;

interface FieldProps {
  label: ReactNode;
  field: Field;
  hint?: ReactNode;
}

type InputType = "text" | "email" | "password" | "color" | "hidden" | "number" | "url" | "datetime-local" | "date";

export function TextField({
  label,
  field,
  hint,
  type = "text",
  ...input
}: FieldProps & { type?: InputType } & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "name" | "defaultValue" | "id">) {
  const { key, ...props } = getInputProps(field, { type, ariaDescribedBy: hint ? `${field.id}-hint` : undefined });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <input key={key} {...props} {...input} />
      <FieldNote field={field} hint={hint} />
    </div>
  );
}

export function TextAreaField({
  label,
  field,
  hint,
  ...textarea
}: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "defaultValue" | "id">) {
  const { key, ...props } = getTextareaProps(field, { ariaDescribedBy: hint ? `${field.id}-hint` : undefined });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <textarea key={key} {...props} {...textarea} />
      <FieldNote field={field} hint={hint} />
    </div>
  );
}

export function SelectField({
  label,
  field,
  hint,
  options,
  placeholder,
  ...select
}: FieldProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "defaultValue" | "id"> & {
    options: readonly { value: string; label: string }[];
    /** A first, empty choice: the user must pick one (no silent default). */
    placeholder?: string;
  }) {
  const { key, ...props } = getSelectProps(field, { ariaDescribedBy: hint ? `${field.id}-hint` : undefined });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <select key={key} {...props} defaultValue={props.defaultValue ?? ""} {...select}>
        {placeholder !== undefined ? (
          <option value="" disabled>
            {placeholder}
          </option>
        ) : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldNote field={field} hint={hint} />
    </div>
  );
}

/** The field's error (first message) and its hint. */
export function FieldNote({ field, hint }: { field: Field; hint?: ReactNode }) {
  return (
    <>
      {field.errors?.length ? (
        <p id={field.errorId} className="field__error" role="alert">
          {field.errors[0]}
        </p>
      ) : null}
      {hint ? (
        <p id={`${field.id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
    </>
  );
}

/** The form-level refusal (a domain error that names no field), announced at once. */
export function FormErrors({ form }: { form: Pick<FormMetadata<Record<string, unknown>, string[]>, "errors" | "errorId"> }) {
  if (!form.errors?.length) return null;
  return (
    <div id={form.errorId} className="alert alert--error" role="alert">
      {form.errors.join(" ")}
    </div>
  );
}

/** What a form action answers (app/utils/forms.server.ts `FormReply`), as a page receives it. */
export type PageReply = { intent: string; result: SubmissionResult<string[]> } | null | undefined;

/**
 * The page action's reply when it answers this form, for Conform's `lastResult`: the same intent,
 * and, where one page holds several forms of one intent (one per amendment, one per decision), the
 * same submitted values for the named fields. Another form's reply gives an empty result, so this
 * form drops an earlier refusal and keeps what is typed in it (one object per reply: Conform
 * reports a result each time it sees a new one).
 */
export function resultFor(
  reply: PageReply,
  intents: string | readonly string[],
  values: Record<string, string> = {},
): SubmissionResult<string[]> | undefined {
  if (!reply) return undefined;
  const ours = (typeof intents === "string" ? [intents] : intents).includes(reply.intent);
  const submitted = reply.result.initialValue ?? {};
  if (ours && Object.entries(values).every(([name, value]) => submitted[name] === value)) return reply.result;
  let cleared = CLEARED.get(reply);
  if (!cleared) CLEARED.set(reply, (cleared = {}));
  return cleared;
}

const CLEARED = new WeakMap<object, SubmissionResult<string[]>>();

/** Whether a reply refused something (its form shows why). */
export function hasErrors(result: SubmissionResult<string[]> | undefined): boolean {
  return Boolean(result && result.status === "error");
}

export function FormError({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <div className="alert alert--error" role="alert">
      {error}
    </div>
  );
}

/** A form's confirmation, announced politely as a status. */
export function Notice({ children, id }: { children?: ReactNode; id?: string }) {
  if (!children) return null;
  return (
    <div className="alert alert--success" role="status" id={id}>
      {children}
    </div>
  );
}

/**
 * A submit button that refuses a second press while its form is on its way, and keeps the focus:
 * a `disabled` button drops it, and after posting a comment with the keyboard one was back at the
 * page's start.
 */
export function SubmitButton({ pending, onClick, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { pending: boolean }) {
  return (
    <button
      type="submit"
      {...props}
      aria-disabled={pending || undefined}
      onClick={(event) => {
        if (pending) event.preventDefault();
        else onClick?.(event);
      }}
    />
  );
}

export function optionsFrom<T extends string>(labels: Record<T, string>) {
  return (Object.entries(labels) as [T, string][]).map(([value, label]) => ({ value, label }));
}

/** The participant palette as select options (common/colours). */
export const PALETTE_OPTIONS = PARTICIPANT_PALETTE.map((colour) => ({ value: colour.hex, label: colour.name }));
