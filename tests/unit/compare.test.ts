import { describe, expect, it } from "vitest";
import { compareVersions, longestCommonOrder, type ComparableBlock } from "../../app/editor/compare";
import { serializeOptions } from "../../app/editor/options";

const block = (blockId: string, text: string, number: string | null = null, attrs: Record<string, unknown> = {}): ComparableBlock => ({
  blockId,
  kind: "operative",
  number,
  status: "open",
  text,
  json: JSON.stringify({ type: "operative", attrs: { id: blockId, ...attrs }, content: [{ type: "text", text }] }),
});

describe("comparing two versions block by block", () => {
  it("aligns by stable id: renumbered paragraphs are unchanged, changed ones get a word diff", () => {
    const rows = compareVersions(
      [block("a", "One.", "OP1"), block("b", "Two words.", "OP2")],
      [block("a", "One.", "OP2"), block("b", "Two new words.", "OP3")],
    );
    expect(rows.map((row) => [row.blockId, row.change, row.moved])).toEqual([
      ["a", "unchanged", false],
      ["b", "changed", false],
    ]);
    expect(rows[1]!.diff.filter((part) => part.kind === "inserted").map((part) => part.text.trim())).toEqual(["new"]);
  });

  it("places inserted and deleted paragraphs where they stand, and flags moves", () => {
    const before = [block("a", "A."), block("b", "B."), block("c", "C."), block("d", "D.")];
    const after = [block("a", "A."), block("n", "New."), block("d", "D."), block("b", "B.")];
    const rows = compareVersions(before, after);
    expect(rows.map((row) => [row.blockId, row.change, row.moved])).toEqual([
      ["a", "unchanged", false],
      ["n", "inserted", false],
      ["d", "unchanged", false],
      ["b", "unchanged", true],
      ["c", "deleted", false],
    ]);
  });

  it("finds moves in a shuffled long document quickly and exactly (longest common order)", () => {
    const ids = Array.from({ length: 20_000 }, (_, index) => `p${index}`);
    let seed = 11;
    const shuffled = [...ids];
    for (let index = shuffled.length - 1; index > 0; index--) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const other = seed % (index + 1);
      [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
    }
    const kept = longestCommonOrder(ids, shuffled);
    // In the same order in both, and no longer order exists (checked by a quadratic DP on a sample).
    const positions = shuffled.filter((id) => kept.has(id)).map((id) => ids.indexOf(id));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const sample = shuffled.slice(0, 400).map((id) => Number(id.slice(1)));
    const best = sample.map(() => 1);
    sample.forEach((value, index) => {
      for (let earlier = 0; earlier < index; earlier++)
        if (sample[earlier]! < value) best[index] = Math.max(best[index]!, best[earlier]! + 1);
    });
    expect(longestCommonOrder([...sample].sort((a, b) => a - b).map(String), sample.map(String)).size).toBe(Math.max(...best));
    expect(kept.size).toBeGreaterThan(200);
  });

  it("shows an option set as part of the paragraph", () => {
    const options = serializeOptions([
      { key: "A", text: "Current.", attribution: "Current text", amendmentId: null },
      { key: "B", text: "Alternative.", attribution: "Iraq", amendmentId: "x" },
    ]);
    const rows = compareVersions([block("a", "Current.")], [block("a", "Current.", null, { options })]);
    expect(rows[0]!.change).toBe("changed");
    expect(rows[0]!.after!.text).toBe("[Option A (Current text): Current.] [Option B (Iraq): Alternative.]");
  });
});
