import type { BlockSummary } from "../../app/editor/documentModel";

/**
 * How many tabled amendments one section of the compilation page may hold before it is split.
 * A section of 400 renders to roughly 0.6 MiB of HTML; the whole of 2,000 was 3 MiB and 1.2 s.
 */
export const SECTION_AMENDMENT_BUDGET = 400;
/** And how many blocks, so that a long text with few amendments still comes in readable pieces. */
export const SECTION_BLOCK_BUDGET = 120;

export interface CompilationSection {
  /** 1-based, as in `?section=2`. */
  index: number;
  label: string;
  /** Block ids in document order. */
  blockIds: string[];
  amendmentCount: number;
}

type SectionBlock = Pick<BlockSummary, "id" | "kind" | "number">;

/** A goal, a heading, or the first operative paragraph after the preamble opens a new part of the text. */
function opensGroup(block: SectionBlock, previous: SectionBlock | undefined) {
  if (!previous) return true;
  if (block.kind === "goal" || block.kind === "heading") return previous.kind !== "title";
  return block.kind === "operative" && previous.kind === "preambular";
}

function blockLabel(block: SectionBlock) {
  if (block.kind === "goal") return `Goal ${block.number ?? ""}`.trim();
  return block.number;
}

function sectionLabel(blocks: readonly SectionBlock[]) {
  const labels = blocks.map(blockLabel).filter((label): label is string => Boolean(label));
  if (labels.length === 0) return blocks[0]?.kind === "title" ? "Title" : "Text";
  const first = labels[0]!;
  const last = labels[labels.length - 1]!;
  return first === last ? first : `${first} – ${last}`;
}

/**
 * Cuts the text into the sections the compilation page shows one at a time: whole goals (or
 * preamble, operative part, headed parts) packed together while they fit the budgets, and a
 * part too big on its own cut between blocks. A single block is never cut, whatever its count.
 * A small compilation is therefore one section, and the page looks as it always did.
 */
export function compilationSections(blocks: readonly SectionBlock[], countByBlock: ReadonlyMap<string, number>): CompilationSection[] {
  const groups: SectionBlock[][] = [];
  blocks.forEach((block, index) => {
    if (opensGroup(block, blocks[index - 1])) groups.push([]);
    groups[groups.length - 1]!.push(block);
  });
  const count = (block: SectionBlock) => countByBlock.get(block.id) ?? 0;
  const fits = (amendments: number, size: number) => amendments <= SECTION_AMENDMENT_BUDGET && size <= SECTION_BLOCK_BUDGET;
  const packed: SectionBlock[][] = [];
  let current: SectionBlock[] = [];
  let currentCount = 0;
  const close = () => {
    if (current.length) packed.push(current);
    current = [];
    currentCount = 0;
  };
  for (const group of groups) {
    const groupCount = group.reduce((sum, block) => sum + count(block), 0);
    if (fits(currentCount + groupCount, current.length + group.length)) {
      current.push(...group);
      currentCount += groupCount;
      continue;
    }
    close();
    if (fits(groupCount, group.length)) {
      current.push(...group);
      currentCount = groupCount;
      continue;
    }
    for (const block of group) {
      if (current.length && !fits(currentCount + count(block), current.length + 1)) close();
      current.push(block);
      currentCount += count(block);
    }
    close();
  }
  close();
  return packed.map((section, index) => ({
    index: index + 1,
    label: sectionLabel(section),
    blockIds: section.map((block) => block.id),
    amendmentCount: section.reduce((sum, block) => sum + count(block), 0),
  }));
}
