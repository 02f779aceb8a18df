import type { ComparedOption, ComparedResolution } from "../editor/compare";
import { isCoarse, type DiffPart } from "../editor/diff";
import type { BlockOption } from "../editor/options";
import { CoarseNote, DiffWords } from "./DiffView";
import { OptionLabel, OptionSetView, OptionWords } from "./OptionSetView";

// Option sets on the compare page (docs/decisions/140): the editor's markup and classes (labels
// "[Option B] Iraq", the other options in a group framed on the start side, right in Arabic), with
// each option's word diff between the two versions.

const OPTION_BADGES: Partial<Record<ComparedOption["change"], string>> = { inserted: "New option", deleted: "No longer offered" };

/** One version's set as the editor shows it: Option A the paragraph's words, the others below it. */
export function OptionSetSnapshot({ options }: { options: readonly BlockOption[] }) {
  const [first] = options;
  if (!first) return null;
  return (
    <div className="block--options compare-options">
      <OptionSetView options={options}>
        <p className="block__text" dir="auto">
          <OptionWords option={first} />
        </p>
      </OptionSetView>
    </div>
  );
}

/** The later set (or, for a deleted paragraph, the earlier one), each option against the same option in the other version. */
export function ComparedOptions({ compared, colour }: { compared: readonly ComparedOption[]; colour: string }) {
  const [first, ...rest] = compared;
  if (!first) return null;
  return (
    <div className="block--options compare-options" data-testid="compare-options">
      <OptionHead option={first} />
      <p className="block__text diff" dir="auto" data-change={first.change}>
        <ComparedWords option={first} colour={colour} />
      </p>
      {rest.length > 0 ? (
        <div className="block__options" role="group" aria-label="Other options">
          {rest.map((option) => (
            <div key={`${option.change}:${option.key}`} className="option" data-option={option.key} data-change={option.change}>
              <OptionHead option={option} />
              <span className="option__text diff" dir="auto">
                <ComparedWords option={option} colour={colour} />
              </span>
            </div>
          ))}
        </div>
      ) : null}
      {compared.some((option) => isCoarse(option.diff)) ? <CoarseNote /> : null}
    </div>
  );
}

function OptionHead({ option }: { option: ComparedOption }) {
  const badge = OPTION_BADGES[option.change];
  return (
    <span className="compare-options__head" lang="en" dir="ltr">
      <OptionLabel option={option} />
      {badge ? <span className={`badge badge--${option.change}`}>{badge}</span> : null}
    </span>
  );
}

function ComparedWords({ option, colour }: { option: ComparedOption; colour: string }) {
  return option.change === "unchanged" ? <OptionWords option={option} /> : <DiffWords parts={option.diff} colour={colour} />;
}

/** "Options resolved to Option B (Iraq). Reason: …" */
export function resolutionNote(resolution: ComparedResolution): string {
  const chosen = resolution.key
    ? `Options resolved to Option ${resolution.key} (${resolution.attribution}).`
    : "Options resolved by the Chair.";
  return resolution.reason ? `${chosen} Reason: ${resolution.reason}` : chosen;
}

/** A set resolved between the two versions: the chosen words (marked where edited since), and the resolution. */
export function ResolvedOptions({
  resolution,
  text,
  colour,
  diff = resolution.diff,
}: {
  resolution: ComparedResolution;
  text: string;
  colour: string;
  diff?: readonly DiffPart[];
}) {
  return (
    <div className="compare-resolved">
      <p className="block__text diff" dir="auto" data-testid="compare-chosen">
        {diff.length > 0 ? <DiffWords parts={diff} colour={colour} /> : text}
      </p>
      {isCoarse(diff) ? <CoarseNote /> : null}
      <p className="attribution small" lang="en" dir="ltr" data-testid="compare-resolution">
        {resolutionNote(resolution)}
      </p>
    </div>
  );
}
