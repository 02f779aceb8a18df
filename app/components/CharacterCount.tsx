import { useState, type TextareaHTMLAttributes } from "react";
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
 * A textarea that cannot take more than `limit` characters, with a counter that appears once
 * the text nears the limit, so nobody writes a long comment only to have it refused.
 */
export function LimitedTextarea({
  limit,
  id,
  defaultValue,
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; limit: number }) {
  const [length, setLength] = useState(typeof defaultValue === "string" ? defaultValue.length : 0);
  const near = length >= limit * 0.8;
  return (
    <>
      <textarea
        {...props}
        id={id}
        defaultValue={defaultValue}
        maxLength={limit}
        aria-describedby={near ? `${id}-count` : undefined}
        onInput={(event) => setLength(event.currentTarget.value.length)}
      />
      {near ? <CharacterCount id={`${id}-count`} length={length} limit={limit} what="The text" /> : null}
    </>
  );
}
