import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import type { resolveOptionSetInput } from "../../server/domain/amendments/resolveOptionSet";
import { Fragment } from "react";
import { optionLabel, optionRuns, runLines, type BlockOption, type OptionRun } from "../editor/options";
import { FieldNote, FormErrors } from "./forms";

/**
 * A paragraph's option set outside the editor (the compilation): the same markup and classes as
 * the editor's (app/editor/extensions.ts), so both read alike. Option A is the paragraph's text,
 * passed as children; the other options follow, attributed.
 */
export function OptionSetView({ options, children }: { options: readonly BlockOption[]; children: React.ReactNode }) {
  const [first, ...rest] = options;
  return (
    <>
      {first ? <OptionLabel option={first} /> : null}
      {children}
      <div className="block__options" role="group" aria-label="Other options">
        {rest.map((option) => (
          <div key={option.key} className="option" data-option={option.key}>
            <OptionLabel option={option} />
            <span className="option__text" dir="auto">
              <OptionWords option={option} />
            </span>
          </div>
        ))}
      </div>
    </>
  );
}

export function OptionLabel({ option }: { option: Pick<BlockOption, "key" | "attribution"> }) {
  return (
    <span className="option__label" lang="en" dir="ltr" data-option-label={option.key}>
      <span className="option__key">{`[Option ${option.key}]`}</span> <span className="option__by">{option.attribution}</span>
    </span>
  );
}

/**
 * The chair's choice of the option a paragraph keeps (posted to the page's own action, intent
 * "resolve-options"), parsed by resolveOptionSet's schema: the refusal (an agreed paragraph,
 * options resolved meanwhile) shows under the choice.
 */
export function ResolveOptionsForm({
  blockId,
  label,
  options,
  lastResult,
}: {
  blockId: string;
  label: string;
  options: readonly BlockOption[];
  lastResult?: SubmissionResult<string[]>;
}) {
  const [form, fields] = useForm<z.input<typeof resolveOptionSetInput>>({
    id: `resolve-options-${blockId}`,
    lastResult,
    defaultValue: { option: options[0]?.key },
  });
  const { key, ...select } = getSelectProps(fields.option);
  return (
    <Form
      method="post"
      className="form-row option-resolve print-hidden"
      dir="ltr"
      aria-label={`Resolve the options of ${label}`}
      {...getFormProps(form)}
    >
      <input type="hidden" name="intent" value="resolve-options" />
      <input type="hidden" name="blockId" value={blockId} />
      <div className="inline-form">
        <label className="small" htmlFor={fields.option.id}>{`Resolve ${label} to `}</label>
        <select key={key} {...select}>
          {options.map((option) => (
            <option key={option.key} value={option.key}>
              {optionLabel(option)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--small" aria-describedby={form.errors ? form.errorId : undefined}>
          Resolve
        </button>
      </div>
      <FieldNote field={fields.option} />
      <FormErrors form={form} />
    </Form>
  );
}

/** An option's words with their formatting (bold, italic, underline, line breaks), as the editor shows them. */
export function OptionWords({ option }: { option: Pick<BlockOption, "text" | "runs"> }) {
  return (
    <>
      {runLines(optionRuns(option)).map((line, lineIndex) => (
        <Fragment key={lineIndex}>
          {lineIndex > 0 ? <br /> : null}
          {line.map((run, index) => (
            <Run key={index} run={run} />
          ))}
        </Fragment>
      ))}
    </>
  );
}

function Run({ run }: { run: OptionRun }) {
  let words: React.ReactNode = run.text;
  if (run.underline) words = <u>{words}</u>;
  if (run.italic) words = <em>{words}</em>;
  if (run.bold) words = <strong>{words}</strong>;
  return <>{words}</>;
}
