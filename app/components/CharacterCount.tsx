import { getTextareaProps } from "@conform-to/react";
import { useState, type TextareaHTMLAttributes } from "react";
import { FieldNote, type Field } from "./forms";
import { characters } from "../../common/limits";

/** "1,234 / 5,000 characters", turning into an error once over the limit. */
export function CharacterCount({
  id,
  testId,
  length,
  limit,
  what,
  before = "sending",
}: {
  id: string;
  testId?: string;
  length: number;
  limit: number;
  what: string;
  /** What the text must be shortened before: "sending", "tabling". */
  before?: string;
}) {
  const over = length > limit;
  return (
    <p id={id} className={over ? "field__error" : "small muted"} role={over ? "alert" : undefined} data-testid={testId}>
      {over
        ? `${what} is too long: ${characters(length)}, at most ${characters(limit)}. Shorten it before ${before}.`
        : `${length.toLocaleString("en")} / ${characters(limit)}`}
    </p>
  );
}

/**
 * A textarea bound to a Conform field that cannot take more than `limit` characters, with a
 * counter that appears once the text nears the limit (so nobody writes a long comment only to
 * have it refused) and the field's error under it. Keyed by the field, so a form reset after a
 * successful submission clears the text and the counter together.
 */
export function LimitedTextarea({ field, limit, ...textarea }: { field: Field; limit: number } & TextareaAttributes) {
  const { key, ...props } = getTextareaProps(field);
  return <CountedTextarea key={key} {...props} {...textarea} field={field} limit={limit} />;
}

type TextareaAttributes = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "defaultValue" | "id" | "maxLength">;

function CountedTextarea({
  field,
  limit,
  defaultValue,
  "aria-describedby": describedBy,
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { field: Field; limit: number }) {
  const [length, setLength] = useState(typeof defaultValue === "string" ? defaultValue.length : 0);
  const near = length >= limit * 0.8;
  const countId = `${field.id}-count`;
  return (
    <>
      <textarea
        {...props}
        defaultValue={defaultValue}
        maxLength={limit}
        aria-describedby={[describedBy, near ? countId : null].filter(Boolean).join(" ") || undefined}
        onInput={(event) => setLength(event.currentTarget.value.length)}
      />
      {near ? <CharacterCount id={countId} length={length} limit={limit} what="The text" /> : null}
      <FieldNote field={field} />
    </>
  );
}
