import { diffText, type DiffPart } from "./diff";
import { optionsAsText, parseOptions, presentOptions, runsOfInline, type BlockOption, type OptionRun } from "./options";

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
  /** The option sets on either side, option by option (null when neither version has one). */
  options: ComparedOptionSet | null;
}

export type OptionChange = "unchanged" | "changed" | "inserted" | "deleted";

/** One option of a set, against the same option in the other version. */
export interface ComparedOption {
  /** Its key in the later set ("A", "B", …), or in the earlier one when it is no longer offered. */
  key: string;
  attribution: string;
  change: OptionChange;
  /** Its words in the later version (the earlier one's when it is no longer offered). */
  text: string;
  /** Those words' formatting, shown when the words did not change. */
  runs?: OptionRun[];
  /** Word-level diff against the same option earlier ([] when unchanged). */
  diff: DiffPart[];
}

/**
 * The chair's resolution of a set between the two versions: the option chosen, and the
 * paragraph's words in the later version against that option's words when chosen (an edit
 * after the resolution shows as a diff).
 */
export interface ComparedResolution {
  /** Null when the option cannot be told (the words were edited and no decision says). */
  key: string | null;
  attribution: string | null;
  reason: string;
  diff: DiffPart[];
}

export interface ComparedOptionSet {
  /** Each version's set as readers see it (Option A is the paragraph's words, with their formatting). */
  before: BlockOption[] | null;
  after: BlockOption[] | null;
  /** The later set's options, each against the same option earlier, then those no longer offered. */
  compared: ComparedOption[];
  /** Set in the earlier version, resolved (gone) in the later one. */
  resolution: ComparedResolution | null;
}

/** A resolution decision between the two versions, as the chair recorded it (by block id). */
export interface KnownResolution {
  key: string;
  attribution: string;
  /** The option's words when it was chosen. */
  text: string;
  reason: string;
}

/**
 * The text compared: the words, or the option set when there is one ("[Option A (Current
 * text): …] [Option B (Iraq): …]"), so opening a set and resolving it both read as changes.
 */
export function comparableText(block: ComparableBlock): string {
  const set = optionSetOf(block);
  return set ? optionsAsText(set) : block.text;
}

/** A block's option set as readers see it (Option A its current words and formatting), or null. */
export function optionSetOf(block: ComparableBlock): BlockOption[] | null {
  let node: { attrs?: { options?: unknown }; content?: Parameters<typeof runsOfInline>[0] } = {};
  try {
    node = (JSON.parse(block.json) as typeof node) ?? {};
  } catch {
    return null;
  }
  const set = parseOptions(node.attrs?.options ?? null);
  if (set.length === 0) return null;
  return presentOptions(set, block.text, Array.isArray(node.content) ? runsOfInline(node.content) : undefined);
}

/** The same option in the other set: by the amendment that offered it, else by key when neither has one (Option A). */
function sameOption(option: BlockOption, set: readonly BlockOption[]): BlockOption | undefined {
  return option.amendmentId
    ? set.find((other) => other.amendmentId === option.amendmentId)
    : set.find((other) => other.amendmentId === null && other.key === option.key);
}

function compareOption(option: BlockOption, earlier: Pick<BlockOption, "text"> | undefined, language: string): ComparedOption {
  const { key, attribution, text, runs } = option;
  if (!earlier) return { key, attribution, change: "inserted", text, diff: text ? [{ kind: "inserted", text }] : [] };
  if (earlier.text === text) return { key, attribution, change: "unchanged", text, ...(runs ? { runs } : {}), diff: [] };
  return { key, attribution, change: "changed", text, diff: diffText(earlier.text, text, language) };
}

/**
 * The option sets of one paragraph in two versions (docs/decisions/140): each option of the later set against
 * the same option earlier (Option A, the paragraph, against the earlier paragraph when the set
 * opened between the two), the options no longer offered, and a set resolved between the two as
 * the option chosen. At most 12 options a side, each diff bounded (diffText).
 */
export function compareOptionSets(
  before: { text: string; set: BlockOption[] | null } | null,
  after: { text: string; set: BlockOption[] | null } | null,
  language = "en",
  known?: KnownResolution,
): ComparedOptionSet | null {
  const earlier = before?.set ?? null;
  const later = after?.set ?? null;
  if (!earlier && !later) return null;
  const compared: ComparedOption[] = [];
  if (later) {
    for (const option of later) {
      const same = earlier ? sameOption(option, earlier) : option.key === "A" && before ? { text: before.text } : undefined;
      compared.push(compareOption(option, same, language));
    }
  }
  let resolution: ComparedResolution | null = null;
  if (earlier && !later && after) {
    // Resolved: the option whose words the paragraph took (the decision says, else the words do).
    const chosen = known ?? earlier.find((option) => option.text === after.text);
    resolution = {
      key: chosen?.key ?? null,
      attribution: chosen?.attribution ?? null,
      reason: known?.reason ?? "",
      diff: !chosen || chosen.text === after.text ? [] : diffText(chosen.text, after.text, language),
    };
  } else if (earlier) {
    for (const option of earlier) {
      if (later && sameOption(option, later)) continue;
      compared.push({
        key: option.key,
        attribution: option.attribution,
        change: "deleted",
        text: option.text,
        diff: option.text ? [{ kind: "deleted", text: option.text }] : [],
      });
    }
  }
  return { before: earlier, after: later, compared, resolution };
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

export function compareVersions(
  before: readonly ComparableBlock[],
  after: readonly ComparableBlock[],
  language = "en",
  /** The chair's resolutions of option sets between the two versions, by block id. */
  resolutions: ReadonlyMap<string, KnownResolution> = new Map(),
): ComparedBlock[] {
  const beforeById = new Map(before.map((block) => [block.blockId, block]));
  const afterIds = new Set(after.map((block) => block.blockId));
  // Blocks in both, in each order: those outside the longest common order have moved.
  const commonBefore = before.filter((block) => afterIds.has(block.blockId)).map((block) => block.blockId);
  const commonAfter = after.filter((block) => beforeById.has(block.blockId)).map((block) => block.blockId);
  const stayed = longestCommonOrder(commonBefore, commonAfter);

  const rows: ComparedBlock[] = after.map((block) => {
    const old = beforeById.get(block.blockId);
    const afterSet = optionSetOf(block);
    const afterSide = { number: block.number, status: block.status, text: afterSet ? optionsAsText(afterSet) : block.text };
    const later = { text: block.text, set: afterSet };
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
        options: compareOptionSets(null, later, language),
      };
    }
    const beforeSet = optionSetOf(old);
    const beforeSide = { number: old.number, status: old.status, text: beforeSet ? optionsAsText(beforeSet) : old.text };
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
      options: compareOptionSets({ text: old.text, set: beforeSet }, later, language, resolutions.get(block.blockId)),
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
    const set = optionSetOf(block);
    const text = set ? optionsAsText(set) : block.text;
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
      options: compareOptionSets({ text: block.text, set }, null, language),
    });
    deletedAfter.set(anchor, list);
  }
  const merged: ComparedBlock[] = [...(deletedAfter.get(null) ?? [])];
  for (const row of rows) merged.push(row, ...(deletedAfter.get(row.blockId) ?? []));
  return merged;
}
