// Option sets (docs/decisions/081): an accepted alternative becomes an option beside the paragraph's
// wording, [Option A] (the text as it stood) / [Option B] (the alternative, attributed), until
// the chair resolves the set to one option (server/domain/amendments/resolveOptionSet.ts).
// Stored as the block's `options` attribute (JSON), so it travels with the block in the Y.Doc,
// versions and compare. Option A is the paragraph's own wording: its stored text is the wording
// when the set was opened, but readers show the paragraph's current text as Option A, so a
// pen-holder's later edit to the paragraph is an edit to Option A (docs/decisions/081).

/**
 * A stretch of an option's words with the formatting the schema allows (bold, italic, underline;
 * a hard break is "\n" in the text). An option's runs spell exactly its text.
 */
export interface OptionRun {
  text: string;
  bold?: true;
  italic?: true;
  underline?: true;
}

export const RUN_MARKS = ["bold", "italic", "underline"] as const;

export interface BlockOption {
  /** "A", "B", … */
  key: string;
  text: string;
  /** The words with their formatting; absent when plain (sets opened before formatting was kept). */
  runs?: OptionRun[];
  /** Who offered it: "Current text", or the proposing state. */
  attribution: string;
  amendmentId: string | null;
}

export const MAX_OPTIONS = 12;
/** Bounds of the stored attribute, checked on every update a client sends (server/collab/validateUpdate). */
export const OPTION_LIMITS = { text: 20_000, attribution: 200, amendmentId: 64, attribute: 300_000, runs: 2_000 } as const;

export const optionKey = (index: number) => String.fromCharCode(65 + index);

const isString = (value: unknown, max: number): value is string => typeof value === "string" && value.length <= max;

function asRun(value: unknown): OptionRun | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const { text, ...marks } = value as Record<string, unknown>;
  if (!isString(text, OPTION_LIMITS.text) || text === "") return null;
  const run: OptionRun = { text };
  for (const [name, on] of Object.entries(marks)) {
    if (!RUN_MARKS.includes(name as never) || on !== true) return null;
    run[name as (typeof RUN_MARKS)[number]] = true;
  }
  return run;
}

/** Well-formed runs that spell `text` exactly, or null. */
function asRuns(value: unknown, text: string): OptionRun[] | null {
  if (!Array.isArray(value) || value.length > OPTION_LIMITS.runs) return null;
  const runs = value.map(asRun);
  if (!runs.every((run) => run !== null)) return null;
  return (runs as OptionRun[]).map((run) => run.text).join("") === text ? (runs as OptionRun[]) : null;
}

function asOption(value: unknown, index: number): BlockOption | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const { key, text, attribution, amendmentId, runs } = value as Record<string, unknown>;
  if (key !== optionKey(index) || !isString(text, OPTION_LIMITS.text) || !isString(attribution, OPTION_LIMITS.attribution)) return null;
  if (amendmentId !== null && !isString(amendmentId, OPTION_LIMITS.amendmentId)) return null;
  if (runs === undefined) return { key, text, attribution, amendmentId };
  const checked = asRuns(runs, text);
  return checked ? { key, text, attribution, amendmentId, runs: checked } : null;
}

/**
 * A stored option set, or null when the value is not one: JSON, an array of 2 to 12 options
 * keyed A, B, C… in order, each with bounded text and attribution. The collaboration endpoint
 * refuses any other value (a malformed set would otherwise reach every reader).
 */
export function readOptionSet(value: unknown): BlockOption[] | null {
  if (typeof value !== "string" || value.length > OPTION_LIMITS.attribute) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length < 2 || parsed.length > MAX_OPTIONS) return null;
  const options = parsed.map(asOption);
  return options.every((option) => option !== null) ? (options as BlockOption[]) : null;
}

/** Reads a stored option set; anything malformed reads as no options (readers never fail). */
export function parseOptions(value: unknown): BlockOption[] {
  return readOptionSet(value) ?? [];
}

export function serializeOptions(options: readonly BlockOption[]): string {
  return JSON.stringify(options.slice(0, MAX_OPTIONS).map((option, index) => ({ ...option, key: optionKey(index) })));
}

/**
 * The options as readers show them: Option A reads the paragraph's current wording, with its
 * formatting when the caller has the paragraph's runs (otherwise plain: stored runs would be stale).
 */
export function presentOptions(options: readonly BlockOption[], currentText: string, currentRuns?: OptionRun[]): BlockOption[] {
  return options.map((option, index) => {
    if (index > 0) return option;
    const { runs: _stale, ...rest } = option;
    return currentRuns ? { ...rest, text: currentText, runs: currentRuns } : { ...rest, text: currentText };
  });
}

interface InlineNode {
  type?: string;
  text?: string;
  marks?: readonly { type: string }[];
}

/** The runs of a block's inline content (ProseMirror JSON): text with bold/italic/underline, hard breaks as "\n". */
export function runsOfInline(content: readonly InlineNode[] | undefined): OptionRun[] {
  const runs: OptionRun[] = [];
  for (const node of content ?? []) {
    const text = node.type === "hardBreak" ? "\n" : node.type === "text" ? (node.text ?? "") : "";
    if (!text) continue;
    const run: OptionRun = { text };
    if (node.type === "text")
      for (const mark of node.marks ?? []) if (RUN_MARKS.includes(mark.type as never)) run[mark.type as (typeof RUN_MARKS)[number]] = true;
    const last = runs[runs.length - 1];
    if (last && RUN_MARKS.every((name) => last[name] === run[name])) last.text += text;
    else runs.push(run);
  }
  // Past the bound the words are kept whole, unformatted, rather than cut.
  return runs.length > OPTION_LIMITS.runs ? [{ text: runs.map((run) => run.text).join("") }] : runs;
}

/** An option's runs: its stored ones, or its text as one plain run. */
export function optionRuns(option: Pick<BlockOption, "text" | "runs">): OptionRun[] {
  return option.runs ?? (option.text ? [{ text: option.text }] : []);
}

/** Runs split at hard breaks: one list of runs per line. */
export function runLines(runs: readonly OptionRun[]): OptionRun[][] {
  const lines: OptionRun[][] = [[]];
  for (const run of runs) {
    run.text.split("\n").forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part) lines[lines.length - 1]!.push({ ...run, text: part });
    });
  }
  return lines;
}

/** "Option B (Iraq)": the label of one option, wherever it is shown. */
export function optionLabel(option: Pick<BlockOption, "key" | "attribution">): string {
  return `Option ${option.key} (${option.attribution})`;
}

/** "[Option A (Current text): …] [Option B (Iraq): …]", for plain-text renderings (exports, compare). */
export function optionsAsText(options: readonly BlockOption[]): string {
  return options.map((option) => `[${optionLabel(option)}: ${option.text}]`).join(" ");
}
