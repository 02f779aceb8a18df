import { diffArrays, diffWords } from "diff";

// Word-level diffs (DESIGN §4), one module for the browser and the server. Words are found by
// Intl.Segmenter, so Chinese and Japanese (no spaces), Arabic and Cyrillic split into real
// words, and punctuation is its own token.

export type DiffPart = { kind: "same" | "inserted" | "deleted"; text: string };

const segmenters = new Map<string, Intl.Segmenter>();
function segmenterFor(language: string) {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: "word" });
    segmenters.set(language, segmenter);
  }
  return segmenter;
}

export function diffText(before: string, after: string, language = "en"): DiffPart[] {
  const changes = diffWords(before, after, { intlSegmenter: segmenterFor(language) });
  const parts: DiffPart[] = [];
  for (const change of changes) {
    const kind = change.added ? "inserted" : change.removed ? "deleted" : "same";
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += change.value;
    else parts.push({ kind, text: change.value });
  }
  return parts;
}

/** The text after the change: what the reader would see if the amendment were accepted. */
export function textAfter(parts: readonly DiffPart[]) {
  return parts.filter((part) => part.kind !== "deleted").map((part) => part.text).join("");
}

export function textBefore(parts: readonly DiffPart[]) {
  return parts.filter((part) => part.kind !== "inserted").map((part) => part.text).join("");
}

/** Words, punctuation and runs of whitespace, each its own token, as the language splits them. */
function tokens(text: string, language: string): string[] {
  return Array.from(segmenterFor(language).segment(text), (segment) => segment.segment);
}

/**
 * An exact word-level diff: unlike `diffText` (jsdiff's diffWords, which compares words with
 * whitespace trimmed, for display), whitespace counts, so applying the parts to `before` gives
 * exactly `after`. For edits to the live text (app/editor/yBlocks.ts) and rebasing.
 */
export function exactWordDiff(before: string, after: string, language = "en"): DiffPart[] {
  // Bounded: a pathological pair falls back to "all deleted, all inserted", still exact.
  const changes = diffArrays(tokens(before, language), tokens(after, language), { timeout: 100 });
  if (!changes) return [...(before ? [{ kind: "deleted" as const, text: before }] : []), ...(after ? [{ kind: "inserted" as const, text: after }] : [])];
  const parts: DiffPart[] = [];
  for (const change of changes) {
    const kind = change.added ? "inserted" : change.removed ? "deleted" : "same";
    const text = change.value.join("");
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += text;
    else if (text) parts.push({ kind, text });
  }
  return parts;
}
