import type { AmendmentOperation } from "../../common/vocabulary";
import { diffArrays, diffWords } from "diff";
import { DIFF_LIMITS } from "../../common/limits";

// Word-level diffs (docs/decisions/009), one module for the browser and the server. Words are found by
// Intl.Segmenter, so Chinese and Japanese (no spaces), Arabic and Cyrillic split into real
// words, and punctuation is its own token.

/**
 * `coarse` marks a diff that gave up (too many changes to compute word by word within the
 * bounds): the whole old text deleted and the whole new text inserted.
 */
export type DiffPart = { kind: "same" | "inserted" | "deleted"; text: string; coarse?: true };

const segmenters = new Map<string, Intl.Segmenter>();
function segmenterFor(language: string) {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: "word" });
    segmenters.set(language, segmenter);
  }
  return segmenter;
}

/** Texts this short together are diffed under the edit-length bound alone (a few ms at most). */
const UNTIMED_CHARACTERS = 2_000;

/**
 * The word diff, bounded in edit length and time (Myers' algorithm is O(N·D): two unrelated
 * long texts would otherwise block the event loop for seconds). Past the bounds the answer is
 * coarse rather than late.
 */
export function diffText(
  before: string,
  after: string,
  language = "en",
  limits: { maxEditLength: number; timeoutMs: number } = DIFF_LIMITS,
): DiffPart[] {
  const changes = diffWords(before, after, {
    intlSegmenter: segmenterFor(language),
    maxEditLength: limits.maxEditLength,
    // The budget is wall-clock time, which counts time the thread was not running: on a busy
    // machine a short paragraph's diff came out coarse (and was stored so). A short text's work is
    // already small under the edit-length bound, so only longer ones are timed.
    timeout: before.length + after.length <= UNTIMED_CHARACTERS ? undefined : limits.timeoutMs,
  });
  if (!changes) return coarseDiff(before, after);
  const parts: DiffPart[] = [];
  for (const change of changes) {
    const kind = change.added ? "inserted" : change.removed ? "deleted" : "same";
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += change.value;
    else parts.push({ kind, text: change.value });
  }
  return parts;
}

function coarseDiff(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  if (before) parts.push({ kind: "deleted", text: before, coarse: true });
  if (after) parts.push({ kind: "inserted", text: after, coarse: true });
  return parts;
}

export function isCoarse(parts: readonly DiffPart[]) {
  return parts.some((part) => part.coarse);
}

/** The text after the change: what the reader would see if the amendment were accepted. */
export function textAfter(parts: readonly DiffPart[]) {
  return parts
    .filter((part) => part.kind !== "deleted")
    .map((part) => part.text)
    .join("");
}

export function textBefore(parts: readonly DiffPart[]) {
  return parts
    .filter((part) => part.kind !== "inserted")
    .map((part) => part.text)
    .join("");
}

/**
 * A piece of text between two plain spaces whose tokens are known without segmenting: an optional
 * opening bracket, ASCII letters and digits (one word: UAX #29 joins letters and digits, WB5–WB10),
 * closing punctuation (each its own token: none of these joins what precedes it when no letter or
 * digit follows), then the spaces (one token, WB3d).
 */
const PLAIN_PIECE = /^([([]?)([A-Za-z0-9]+)([)\],;:.!?]*)( *)$/;

/**
 * Words, punctuation and runs of whitespace, each its own token, as the language splits them
 * (Intl.Segmenter). Segmenting costs about a quarter of a microsecond per character, most of a
 * rebase's cost, so the text is cut into pieces at the word boundaries that need no segmenter (a
 * plain space followed by a printable ASCII character: Unicode's word rules join a space only with
 * another space or an extending mark) and plain pieces ("states ", "(dec0) ", "area ") are split
 * by PLAIN_PIECE; the rest is segmented, runs of such pieces at once. The tokens are the same as
 * segmenting the whole text (diff.test.ts compares both on random texts of many scripts).
 */
export function wordTokens(text: string, language: string): string[] {
  const segmenter = segmenterFor(language);
  const result: string[] = [];
  // Start of the text not yet split and not plain: segmented when a plain piece (or the end) comes.
  let pending = 0;
  const segment = (end: number) => {
    if (end > pending) for (const { segment } of segmenter.segment(text.slice(pending, end))) result.push(segment);
  };
  let start = 0;
  for (let index = 1; index <= text.length; index++) {
    if (index < text.length) {
      const code = text.charCodeAt(index);
      if (text.charCodeAt(index - 1) !== 32 || code <= 32 || code >= 127) continue;
    }
    const plain = PLAIN_PIECE.exec(text.slice(start, index));
    if (plain) {
      segment(start);
      for (const [position, part] of plain.entries()) {
        if (position === 0 || !part) continue;
        if (position === 2 || position === 4) result.push(part);
        else for (const character of part) result.push(character);
      }
      pending = index;
    }
    start = index;
  }
  segment(text.length);
  return result;
}

/**
 * An exact word-level diff: unlike `diffText` (jsdiff's diffWords, which compares words with
 * whitespace trimmed, for display), whitespace counts, so applying the parts to `before` gives
 * exactly `after`. For edits to the live text (app/editor/yBlocks.ts) and rebasing.
 */
export function exactWordDiff(before: string, after: string, language = "en"): DiffPart[] {
  // Only the middle that differs is segmented and diffed: segmenting is most of the cost, and a
  // chair's decision usually changes a few words of a long paragraph. The edges are cut where a
  // word starts after a space, so no word is split and the tokens are those of the whole text.
  const [prefix, suffix] = commonEdges(before, after);
  const middleBefore = before.slice(prefix, before.length - suffix);
  const middleAfter = after.slice(prefix, after.length - suffix);
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart["kind"], text: string) => {
    if (!text) return;
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  push("same", before.slice(0, prefix));
  // One middle whole inside the other (words added or taken off at both ends, such as a paragraph
  // typed into at its start and amended at its end): every word of the shorter is kept, and the
  // diff is what surrounds it, found without segmenting or diffing.
  if (middleBefore !== "" && middleAfter !== "" && middleBefore.length !== middleAfter.length) {
    const grows = middleAfter.length > middleBefore.length;
    const [longer, shorter] = grows ? [middleAfter, middleBefore] : [middleBefore, middleAfter];
    const at = containedAt(grows ? after : before, prefix, longer, shorter, language);
    if (at >= 0) {
      const kind = grows ? "inserted" : "deleted";
      push(kind, longer.slice(0, at));
      push("same", shorter);
      push(kind, longer.slice(at + shorter.length));
      push("same", before.slice(before.length - suffix));
      return parts;
    }
  }
  // Bounded: a pathological pair falls back to "all deleted, all inserted", still exact.
  // The edit length bounds it by size, deterministically; the timeout is only a safety net, kept
  // well above one diff's cost so that a loaded machine does not turn a rebase into a conflict.
  const changes =
    middleBefore === "" || middleAfter === ""
      ? null
      : diffArrays(wordTokens(middleBefore, language), wordTokens(middleAfter, language), {
          maxEditLength: DIFF_LIMITS.maxEditLength,
          timeout: 5_000,
        });
  if (!changes) {
    push("deleted", middleBefore);
    push("inserted", middleAfter);
  } else {
    for (const change of changes) push(change.added ? "inserted" : change.removed ? "deleted" : "same", change.value.join(""));
  }
  push("same", before.slice(before.length - suffix));
  return parts;
}

/**
 * Characters next to which Unicode's word rules decide alone: no dictionary segmentation (Thai,
 * Lao, Khmer, Myanmar, Chinese, Japanese), no surrogate pairs (regional indicators pair up
 * across any distance).
 */
const ruleBased = (code: number) => code < 0x0e00 || (code >= 0x2000 && code <= 0x2bff);

/**
 * Where `shorter` stands inside `longer` (the middle of `text` from `offset`), once only, between
 * two word boundaries of `text` with rule-decided characters on both sides of each: its words are
 * then words of `text` too, all kept. -1 otherwise (the diff decides).
 */
function containedAt(text: string, offset: number, longer: string, shorter: string, language: string): number {
  const at = longer.indexOf(shorter);
  if (at < 0 || longer.indexOf(shorter, at + 1) >= 0) return -1;
  const start = offset + at;
  const end = start + shorter.length;
  for (const index of [start - 1, start, end - 1, end]) {
    if (index >= 0 && index < text.length && !ruleBased(text.charCodeAt(index))) return -1;
  }
  const segments = segmenterFor(language).segment(text);
  if (start > 0 && segments.containing(start)?.index !== start) return -1;
  if (end < text.length && segments.containing(end)?.index !== end) return -1;
  return at;
}

const isSpace = (character: string | undefined) => character !== undefined && /\s/.test(character);
/** Plain spaces, tabs and line breaks (not every `\s`: U+FEFF, for one, joins the word before it). */
const isBreakingSpace = (character: string | undefined) => character === " " || character === "\t" || character === "\n";

/** Lengths of the common prefix and suffix, each ending or starting at a word boundary (a space before a word). */
function commonEdges(before: string, after: string): [number, number] {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before[prefix] === after[prefix]) prefix++;
  // One text is the other's beginning and the longer goes on with a space after a non-space:
  // words appended (or taken off the end) are cut there without segmenting anything, since a
  // word always ends before a space (Unicode's word rules never join a non-space and a space, and
  // look no further ahead than a letter or digit).
  const longer = before.length > after.length ? before : after;
  const appended = prefix === shorter && prefix > 0 && isBreakingSpace(longer[prefix]) && !isSpace(longer[prefix - 1]);
  if (!appended) while (prefix > 0 && !(isSpace(before[prefix - 1]) && !isSpace(before[prefix]) && !isSpace(after[prefix]))) prefix--;
  let suffix = 0;
  while (suffix < shorter - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  while (
    suffix > 0 &&
    !(isSpace(before[before.length - suffix]) && !isSpace(before[before.length - suffix - 1]) && !isSpace(after[after.length - suffix - 1]))
  )
    suffix--;
  return [prefix, suffix];
}

/**
 * The diff an amendment shows, by operation: an insertion is all new text after its target; a
 * deletion removes the target's words; a replacement or an alternative changes them. The
 * drafting room, tabling and the outdated view all ask this one function.
 */
export function diffAmendment(operation: AmendmentOperation, targetText: string, proposedText: string, language = "en"): DiffPart[] {
  return diffText(operation === "insert_after" ? "" : targetText, operation === "delete" ? "" : proposedText, language);
}

/**
 * What a compiled export (DOCX, HTML, Akoma Ntoso) prints of an amendment: an insertion or an
 * alternative as its whole wording, inserted (it stands beside the target rather than rewriting
 * it); a replacement or a deletion as its stored diff against the target (diffAmendment's).
 */
export function compiledChange(operation: string, diff: readonly DiffPart[], proposedText: string): readonly DiffPart[] {
  return operation === "insert_after" || operation === "alternative" ? [{ kind: "inserted", text: proposedText }] : diff;
}
