import { Form } from "@remix-run/react";
import { optionLabel, type BlockOption } from "../editor/options";

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
              {option.text}
            </span>
          </div>
        ))}
      </div>
    </>
  );
}

function OptionLabel({ option }: { option: BlockOption }) {
  return (
    <span className="option__label" lang="en" dir="ltr" data-option-label={option.key}>
      <span className="option__key">{`[Option ${option.key}]`}</span> <span className="option__by">{option.attribution}</span>
    </span>
  );
}

/** The chair's choice of the option a paragraph keeps (posted to the page's own action, intent "resolve-options"). */
export function ResolveOptionsForm({ blockId, label, options }: { blockId: string; label: string; options: readonly BlockOption[] }) {
  return (
    <Form method="post" className="inline-form option-resolve print-hidden" dir="ltr" aria-label={`Resolve the options of ${label}`}>
      <input type="hidden" name="intent" value="resolve-options" />
      <input type="hidden" name="blockId" value={blockId} />
      <label className="small">
        {`Resolve ${label} to `}
        <select name="option" defaultValue={options[0]?.key}>
          {options.map((option) => (
            <option key={option.key} value={option.key}>
              {optionLabel(option)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button--small">
        Resolve
      </button>
    </Form>
  );
}
