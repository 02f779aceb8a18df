import { exactWordDiff } from "./diff";

// Applying an outdated amendment to the current text (docs/decisions/028): the amendment changed `base`
// into `proposed`; since then the paragraph became `current`. Its word-level edits are carried
// over to `current` where the words they touch are unchanged; where a later edit touched the
// same words there is a conflict, and the chair must write the wording (accept with changes).
// Never does this silently undo a later edit.

/** Replace `start`..`end` of a text with `insert`, which stands at `from` in the wording it came from. */
export interface TextEdit {
  start: number;
  end: number;
  insert: string;
  from: number;
}

export type Rebased = { ok: true; text: string; edits: TextEdit[] } | { ok: false; conflicts: string[] };

/** The word-level edits that turn `before` into `after` (ascending, not overlapping). */
export function editsBetween(before: string, after: string, language: string): TextEdit[] {
  const edits: TextEdit[] = [];
  let position = 0;
  let afterPosition = 0;
  for (const part of exactWordDiff(before, after, language)) {
    if (part.kind === "same") {
      position += part.text.length;
      afterPosition += part.text.length;
      continue;
    }
    const last = edits.at(-1);
    const adjacent = last && last.end === position;
    if (part.kind === "deleted") {
      if (adjacent && last.insert === "") last.end = position + part.text.length;
      else edits.push({ start: position, end: position + part.text.length, insert: "", from: afterPosition });
      position += part.text.length;
    } else {
      if (adjacent) last.insert += part.text;
      else edits.push({ start: position, end: position, insert: part.text, from: afterPosition });
      afterPosition += part.text.length;
    }
  }
  return edits;
}

/** Stretches of `base` that `current` kept word for word, with where they are in `current`. */
function keptRanges(base: string, current: string, language: string) {
  const ranges: { baseStart: number; baseEnd: number; currentStart: number }[] = [];
  let basePosition = 0;
  let currentPosition = 0;
  for (const part of exactWordDiff(base, current, language)) {
    if (part.kind === "same") {
      ranges.push({ baseStart: basePosition, baseEnd: basePosition + part.text.length, currentStart: currentPosition });
      basePosition += part.text.length;
      currentPosition += part.text.length;
    } else if (part.kind === "deleted") basePosition += part.text.length;
    else currentPosition += part.text.length;
  }
  return ranges;
}

/**
 * `proposed` applied to `current`: the edits (relative to `current`, each remembering where its
 * words are in `proposed`) and the resulting text. Without a `base` (or when the text did not
 * change since), the edits turn `current` into `proposed` itself.
 */
export function rebaseAmendment(base: string | null, proposed: string, current: string, language = "en"): Rebased {
  if (base === null || base === current) return { ok: true, text: proposed, edits: editsBetween(current, proposed, language) };
  const kept = keptRanges(base, current, language);
  const mapped: TextEdit[] = [];
  const conflicts: string[] = [];
  for (const edit of editsBetween(base, proposed, language)) {
    // A replacement needs its words untouched; an insertion needs its place to still exist.
    const range = kept.find((candidate) =>
      edit.start === edit.end
        ? candidate.baseStart <= edit.start && edit.start <= candidate.baseEnd
        : candidate.baseStart <= edit.start && edit.end <= candidate.baseEnd,
    );
    if (!range) {
      conflicts.push(edit.start === edit.end ? `insert “${edit.insert.trim()}”` : `change “${base.slice(edit.start, edit.end).trim()}”`);
      continue;
    }
    const offset = range.currentStart - range.baseStart;
    mapped.push({ start: edit.start + offset, end: edit.end + offset, insert: edit.insert, from: edit.from });
  }
  if (conflicts.length > 0) return { ok: false, conflicts };
  mapped.sort((a, b) => a.start - b.start);
  let text = current;
  for (const edit of [...mapped].reverse()) text = text.slice(0, edit.start) + edit.insert + text.slice(edit.end);
  return { ok: true, text, edits: mapped };
}
