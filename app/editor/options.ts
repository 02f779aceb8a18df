// Option sets (issue 11): an accepted alternative becomes an option beside the paragraph's
// wording, [Option A] (the text as it stood) / [Option B] (the alternative, attributed), until
// the chair resolves the set to one option. Stored as the block's `options` attribute (JSON),
// so it travels with the block in the Y.Doc, versions and compare.

export interface BlockOption {
  /** "A", "B", … */
  key: string;
  text: string;
  /** Who offered it: "Current text", or the proposing state. */
  attribution: string;
  amendmentId: string | null;
}

const MAX_OPTIONS = 12;

const isString = (value: unknown, max: number): value is string => typeof value === "string" && value.length <= max;

function asOption(value: unknown): BlockOption | null {
  if (typeof value !== "object" || value === null) return null;
  const { key, text, attribution, amendmentId } = value as Record<string, unknown>;
  if (!isString(key, 2) || !isString(text, 20_000) || !isString(attribution, 200)) return null;
  if (amendmentId !== null && !isString(amendmentId, 64)) return null;
  return { key, text, attribution, amendmentId };
}

/** Reads a stored option set; anything malformed reads as no options (readers never fail). */
export function parseOptions(value: unknown): BlockOption[] {
  if (typeof value !== "string" || value === "" || value.length > 300_000) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed) || parsed.length > MAX_OPTIONS) return [];
    const options = parsed.map(asOption);
    return options.every((option) => option !== null) ? (options as BlockOption[]) : [];
  } catch {
    return [];
  }
}

export function serializeOptions(options: readonly BlockOption[]): string {
  return JSON.stringify(options.slice(0, MAX_OPTIONS));
}

/** "[Option A] … [Option B] …", for plain-text renderings (exports, compare). */
export function optionsAsText(options: readonly BlockOption[]): string {
  return options.map((option) => `[Option ${option.key}] ${option.text} (${option.attribution})`).join(" ");
}
