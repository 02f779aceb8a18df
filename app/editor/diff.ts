import { diffWords } from "diff";

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
