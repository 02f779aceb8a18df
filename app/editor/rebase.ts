import { exactWordDiff } from "./diff";

// Applying an outdated amendment to the current text (issue 11): the amendment changed `base`
// into `proposed`; since then the paragraph became `current`. Its word-level edits are carried
// over to `current` where the words they touch are unchanged; where a later edit touched the
// same words there is a conflict, and the chair must write the wording (accept with changes).
// Never does this silently undo a later edit.

interface Edit {
  start: number;
  end: number;
  insert: string;
}

export type Rebased = { ok: true; text: string } | { ok: false; conflicts: string[] };

function editsBetween(before: string, after: string, language: string): Edit[] {
  const edits: Edit[] = [];
  let position = 0;
  for (const part of exactWordDiff(before, after, language)) {
    if (part.kind === "same") {
      position += part.text.length;
      continue;
    }
    const last = edits.at(-1);
    const adjacent = last && last.end === position;
    if (part.kind === "deleted") {
      if (adjacent && last.insert === "") last.end = position + part.text.length;
      else edits.push({ start: position, end: position + part.text.length, insert: "" });
      position += part.text.length;
    } else if (adjacent) {
      last.insert += part.text;
    } else {
      edits.push({ start: position, end: position, insert: part.text });
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

export function rebaseAmendment(base: string, proposed: string, current: string, language = "en"): Rebased {
  if (base === current) return { ok: true, text: proposed };
  const kept = keptRanges(base, current, language);
  const mapped: Edit[] = [];
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
    mapped.push({ start: edit.start + offset, end: edit.end + offset, insert: edit.insert });
  }
  if (conflicts.length > 0) return { ok: false, conflicts };
  let text = current;
  for (const edit of mapped.sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.insert + text.slice(edit.end);
  return { ok: true, text };
}
