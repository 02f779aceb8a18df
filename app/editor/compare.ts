import { diffText, type DiffPart } from "./diff";
import { optionsAsText, parseOptions, presentOptions } from "./options";

// Comparing two versions block by block (docs/decisions/029): blocks are aligned by their stable id, so a
// renumbered or moved paragraph is still the same paragraph; then each changed one gets a
// word-level diff in the document's language. Pure: shared by the server and the page.

export interface ComparableBlock {
  blockId: string;
  kind: string;
  number: string | null;
  status: string;
  text: string;
  /** The block's JSON (its option set, if any, is compared with its text). */
  json: string;
}

export type ChangeKind = "unchanged" | "changed" | "inserted" | "deleted";

export interface ComparedBlock {
  blockId: string;
  kind: string;
  change: ChangeKind;
  /** Its position relative to the other blocks changed (by the chair moving it). */
  moved: boolean;
  statusChanged: boolean;
  before: { number: string | null; status: string; text: string } | null;
  after: { number: string | null; status: string; text: string } | null;
  /** Word-level diff before → after ([] for unchanged blocks). */
  diff: DiffPart[];
}

/**
 * The text compared: the words, or the option set when there is one ("[Option A (Current
 * text): …] [Option B (Iraq): …]"), so opening a set and resolving it both read as changes.
 */
export function comparableText(block: ComparableBlock): string {
  let options: unknown = null;
  try {
    options = (JSON.parse(block.json) as { attrs?: { options?: unknown } }).attrs?.options ?? null;
  } catch {
    options = null;
  }
  const set = parseOptions(options);
  return set.length > 0 ? optionsAsText(presentOptions(set, block.text)) : block.text;
}

/**
 * The longest set of ids in the same order in both lists. The ids are unique, so this is the
 * longest increasing subsequence of their earlier positions: O(n log n) whatever the moves
 * (a general sequence diff is O(n·d) and unbounded on a shuffled document).
 */
export function longestCommonOrder(before: readonly string[], after: readonly string[]): Set<string> {
  const position = new Map(before.map((id, index) => [id, index]));
  // Walked from the end (negated positions), so among equally long orders the one keeping the
  // paragraphs that come first in the later version wins, and those after them read as moved.
  const reversed = [...after].reverse();
  const sequence = reversed.map((id) => -position.get(id)!);
  const tails: number[] = []; // index into sequence of the smallest tail of each length
  const previous: number[] = new Array<number>(sequence.length).fill(-1);
  sequence.forEach((value, index) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sequence[tails[middle]!]! < value) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[index] = tails[low - 1]!;
    tails[low] = index;
  });
  const kept = new Set<string>();
  for (let index = tails.at(-1) ?? -1; index >= 0; index = previous[index]!) kept.add(reversed[index]!);
  return kept;
}

export function compareVersions(before: readonly ComparableBlock[], after: readonly ComparableBlock[], language = "en"): ComparedBlock[] {
  const beforeById = new Map(before.map((block) => [block.blockId, block]));
  const afterIds = new Set(after.map((block) => block.blockId));
  // Blocks in both, in each order: those outside the longest common order have moved.
  const commonBefore = before.filter((block) => afterIds.has(block.blockId)).map((block) => block.blockId);
  const commonAfter = after.filter((block) => beforeById.has(block.blockId)).map((block) => block.blockId);
  const stayed = longestCommonOrder(commonBefore, commonAfter);

  const rows: ComparedBlock[] = after.map((block) => {
    const old = beforeById.get(block.blockId);
    const afterSide = { number: block.number, status: block.status, text: comparableText(block) };
    if (!old) {
      return {
        blockId: block.blockId,
        kind: block.kind,
        change: "inserted",
        moved: false,
        statusChanged: false,
        before: null,
        after: afterSide,
        diff: [{ kind: "inserted", text: afterSide.text }],
      };
    }
    const beforeSide = { number: old.number, status: old.status, text: comparableText(old) };
    const changed = beforeSide.text !== afterSide.text;
    return {
      blockId: block.blockId,
      kind: block.kind,
      change: changed ? "changed" : "unchanged",
      moved: !stayed.has(block.blockId),
      statusChanged: old.status !== block.status,
      before: beforeSide,
      after: afterSide,
      diff: changed ? diffText(beforeSide.text, afterSide.text, language) : [],
    };
  });

  // Deleted blocks go back where they stood: after the nearest earlier block that remains.
  let anchor: string | null = null;
  const deletedAfter = new Map<string | null, ComparedBlock[]>();
  for (const block of before) {
    if (afterIds.has(block.blockId)) {
      anchor = block.blockId;
      continue;
    }
    const text = comparableText(block);
    const list = deletedAfter.get(anchor) ?? [];
    list.push({
      blockId: block.blockId,
      kind: block.kind,
      change: "deleted",
      moved: false,
      statusChanged: false,
      before: { number: block.number, status: block.status, text },
      after: null,
      diff: [{ kind: "deleted", text }],
    });
    deletedAfter.set(anchor, list);
  }
  const merged: ComparedBlock[] = [...(deletedAfter.get(null) ?? [])];
  for (const row of rows) merged.push(row, ...(deletedAfter.get(row.blockId) ?? []));
  return merged;
}
