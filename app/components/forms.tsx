import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";

type Errors = Record<string, string> | undefined;

interface FieldProps {
  label: string;
  name: string;
  errors?: Errors;
  hint?: ReactNode;
}

export function TextField({ label, name, errors, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const error = errors?.[name];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${id}-note` : undefined}
        {...input}
      />
      <FieldNote id={`${id}-note`} error={error} hint={hint} />
    </div>
  );
}

export function SelectField({
  label,
  name,
  errors,
  hint,
  options,
  ...select
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly { value: string; label: string }[] }) {
  const id = useId();
  const error = errors?.[name];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error || hint ? `${id}-note` : undefined} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldNote id={`${id}-note`} error={error} hint={hint} />
    </div>
  );
}

function FieldNote({ id, error, hint }: { id: string; error?: string; hint?: ReactNode }) {
  if (error) {
    return (
      <p id={id} className="field__error">
        {error}
      </p>
    );
  }
  return hint ? (
    <p id={id} className="field__hint">
      {hint}
    </p>
  ) : null;
}

export function FormError({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <div className="alert alert--error" role="alert">
      {error}
    </div>
  );
}

export function optionsFrom<T extends string>(labels: Record<T, string>) {
  return (Object.entries(labels) as [T, string][]).map(([value, label]) => ({ value, label }));
}
