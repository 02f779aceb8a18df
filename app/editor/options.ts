// Option sets (docs/decisions/081): an accepted alternative becomes an option beside the paragraph's
// wording, [Option A] (the text as it stood) / [Option B] (the alternative, attributed), until
// the chair resolves the set to one option (server/domain/amendments/resolveOptionSet.ts).
// Stored as the block's `options` attribute (JSON), so it travels with the block in the Y.Doc,
// versions and compare. Option A is the paragraph's own wording: its stored text is the wording
// when the set was opened, but readers show the paragraph's current text as Option A, so a
// pen-holder's later edit to the paragraph is an edit to Option A (docs/decisions/081).

export interface BlockOption {
  /** "A", "B", … */
  key: string;
  text: string;
  /** Who offered it: "Current text", or the proposing state. */
  attribution: string;
  amendmentId: string | null;
}

export const MAX_OPTIONS = 12;
/** Bounds of the stored attribute, checked on every update a client sends (server/collab/validateUpdate). */
export const OPTION_LIMITS = { text: 20_000, attribution: 200, amendmentId: 64, attribute: 300_000 } as const;

export const optionKey = (index: number) => String.fromCharCode(65 + index);

const isString = (value: unknown, max: number): value is string => typeof value === "string" && value.length <= max;

function asOption(value: unknown, index: number): BlockOption | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const { key, text, attribution, amendmentId } = value as Record<string, unknown>;
  if (key !== optionKey(index) || !isString(text, OPTION_LIMITS.text) || !isString(attribution, OPTION_LIMITS.attribution)) return null;
  if (amendmentId !== null && !isString(amendmentId, OPTION_LIMITS.amendmentId)) return null;
  return { key, text, attribution, amendmentId };
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

/** The options as readers show them: Option A reads the paragraph's current wording. */
export function presentOptions(options: readonly BlockOption[], currentText: string): BlockOption[] {
  return options.map((option, index) => (index === 0 ? { ...option, text: currentText } : option));
}

/** "Option B (Iraq)": the label of one option, wherever it is shown. */
export function optionLabel(option: Pick<BlockOption, "key" | "attribution">): string {
  return `Option ${option.key} (${option.attribution})`;
}

/** "[Option A (Current text): …] [Option B (Iraq): …]", for plain-text renderings (exports, compare). */
export function optionsAsText(options: readonly BlockOption[]): string {
  return options.map((option) => `[${optionLabel(option)}: ${option.text}]`).join(" ");
}
