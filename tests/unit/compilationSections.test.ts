import { describe, expect, it } from "vitest";
import { numberBlocks } from "../../app/editor/blocks";
import { compilationSections, SECTION_AMENDMENT_BUDGET, SECTION_BLOCK_BUDGET } from "../../server/queries/compilationSections";

function blocksOf(kinds: string[]) {
  const numbers = numberBlocks(kinds);
  return kinds.map((kind, index) => ({ id: `b${index}`, kind: kind as never, number: numbers[index] ?? null }));
}

const plan = (goals: number[]) => ["title", ...goals.flatMap((points) => ["goal", ...Array<string>(points).fill("actionPoint")])];

describe("compilationSections", () => {
  it("keeps a small compilation on one page", () => {
    const blocks = blocksOf(plan([3, 2]));
    const sections = compilationSections(blocks, new Map([["b2", 5]]));
    expect(sections).toEqual([{ index: 1, label: "Goal 1 – 2.2", blockIds: blocks.map((b) => b.id), amendmentCount: 5 }]);
  });

  it("packs whole goals while they fit, and never loses or repeats a block", () => {
    const blocks = blocksOf(plan([7, 7, 7, 7, 7, 6]));
    const counts = new Map(blocks.filter((b) => b.kind === "actionPoint").map((b) => [b.id, 50]));
    const sections = compilationSections(blocks, counts);
    expect(sections.map((s) => [s.label, s.amendmentCount])).toEqual([
      ["Goal 1 – 1.7", 350],
      ["Goal 2 – 2.7", 350],
      ["Goal 3 – 3.7", 350],
      ["Goal 4 – 4.7", 350],
      ["Goal 5 – 5.7", 350],
      ["Goal 6 – 6.6", 300],
    ]);
    expect(sections.flatMap((s) => s.blockIds)).toEqual(blocks.map((b) => b.id));
  });

  it("cuts a goal too big on its own between blocks, and leaves a single crowded block whole", () => {
    const blocks = blocksOf(["title", "preambular", "preambular", "operative", "operative", "operative"]);
    const counts = new Map([
      ["b1", 10],
      ["b3", SECTION_AMENDMENT_BUDGET + 50],
      ["b4", SECTION_AMENDMENT_BUDGET - 1],
      ["b5", 2],
    ]);
    const sections = compilationSections(blocks, counts);
    expect(sections.map((s) => [s.label, s.amendmentCount])).toEqual([
      ["PP1 – PP2", 10],
      ["OP1", SECTION_AMENDMENT_BUDGET + 50],
      ["OP2", SECTION_AMENDMENT_BUDGET - 1],
      ["OP3", 2],
    ]);
    expect(sections.flatMap((s) => s.blockIds)).toEqual(blocks.map((b) => b.id));
  });

  it("cuts a long text with few amendments by blocks", () => {
    const blocks = blocksOf(["title", ...Array<string>(SECTION_BLOCK_BUDGET * 2).fill("operative")]);
    const sections = compilationSections(blocks, new Map());
    expect(sections.map((s) => s.blockIds.length)).toEqual([SECTION_BLOCK_BUDGET, SECTION_BLOCK_BUDGET, 1]);
    expect(sections.map((s) => s.label)).toEqual([
      `OP1 – OP${SECTION_BLOCK_BUDGET - 1}`,
      `OP${SECTION_BLOCK_BUDGET} – OP${SECTION_BLOCK_BUDGET * 2 - 1}`,
      `OP${SECTION_BLOCK_BUDGET * 2}`,
    ]);
  });

  it("has no section for an empty text", () => {
    expect(compilationSections([], new Map())).toEqual([]);
  });
});
