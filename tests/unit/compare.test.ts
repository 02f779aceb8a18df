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

  const set = (...options: [string, string, string | null][]) =>
    serializeOptions(options.map(([text, attribution, amendmentId], index) => ({ key: "ABC"[index]!, text, attribution, amendmentId })));
  const words = (parts: { kind: string; text: string }[]) => parts.map((part) => `${part.kind[0]}:${part.text}`);

  it("compares a set option by option: Option A against the paragraph before it opened, a new option inserted whole", () => {
    const options = set(["Current.", "Current text", null], ["States may cooperate.", "Iraq", "x"]);
    const [row] = compareVersions([block("a", "Current words.")], [block("a", "Current.", null, { options })]);
    expect(row!.options!.before).toBeNull();
    expect(row!.options!.after!.map((option) => [option.key, option.attribution, option.text])).toEqual([
      ["A", "Current text", "Current."],
      ["B", "Iraq", "States may cooperate."],
    ]);
    expect(row!.options!.compared.map((option) => [option.key, option.attribution, option.change])).toEqual([
      ["A", "Current text", "changed"],
      ["B", "Iraq", "inserted"],
    ]);
    expect(words(row!.options!.compared[0]!.diff)).toEqual(["s:Current", "d: words", "s:."]);
    expect(words(row!.options!.compared[1]!.diff)).toEqual(["i:States may cooperate."]);
    expect(row!.options!.resolution).toBeNull();
  });

  it("matches options by the amendment that offered them: an edited option gets its word diff, a dropped one reads deleted, formatting kept when unchanged", () => {
    const before = set(["Current.", "Current text", null], ["States may cooperate.", "Iraq", "x"], ["States shall act.", "Pakistan", "y"]);
    const after = JSON.stringify([
      { key: "A", text: "Current.", attribution: "Current text", amendmentId: null },
      { key: "B", text: "States shall act now.", attribution: "Pakistan", amendmentId: "y" },
    ]);
    const formatted = {
      ...block("a", "Current.", null, { options: after }),
      json: JSON.stringify({
        type: "operative",
        attrs: { id: "a", options: after },
        content: [{ type: "text", text: "Current.", marks: [{ type: "bold" }] }],
      }),
    };
    const [row] = compareVersions([block("a", "Current.", null, { options: before })], [formatted]);
    expect(row!.options!.compared.map((option) => [option.key, option.attribution, option.change])).toEqual([
      ["A", "Current text", "unchanged"],
      ["B", "Pakistan", "changed"],
      ["B", "Iraq", "deleted"],
    ]);
    expect(row!.options!.compared[0]!.runs).toEqual([{ text: "Current.", bold: true }]);
    expect(words(row!.options!.compared[1]!.diff)).toEqual(["s:States shall act ", "i:now", "s:."]);
    expect(words(row!.options!.compared[2]!.diff)).toEqual(["d:States may cooperate."]);
  });

  it("reads a set gone in the later version as resolved: to the option whose words the paragraph took, or as the decision says", () => {
    const options = set(["Current.", "Current text", null], ["States may cooperate.", "Iraq", "x"]);
    const before = [block("a", "Current.", null, { options })];
    const [byWords] = compareVersions(before, [block("a", "States may cooperate.")]);
    expect(byWords!.options!.after).toBeNull();
    expect(byWords!.options!.compared).toEqual([]);
    expect(byWords!.options!.resolution).toEqual({ key: "B", attribution: "Iraq", reason: "", diff: [] });

    // Edited after the resolution: the decision names the option, the edit is a diff against its words.
    const known = new Map([["a", { key: "B", attribution: "Iraq", text: "States may cooperate.", reason: "Consensus." }]]);
    const [edited] = compareVersions(before, [block("a", "States may cooperate fully.")], "en", known);
    expect(edited!.options!.resolution).toMatchObject({ key: "B", attribution: "Iraq", reason: "Consensus." });
    expect(words(edited!.options!.resolution!.diff)).toEqual(["s:States may cooperate ", "i:fully", "s:."]);
    const [unknown] = compareVersions(before, [block("a", "Other words.")]);
    expect(unknown!.options!.resolution).toMatchObject({ key: null, attribution: null, diff: [] });
  });

  it("a deleted paragraph's set reads as every option deleted; a paragraph without a set has none", () => {
    const options = set(["Current.", "Current text", null], ["States may cooperate.", "Iraq", "x"]);
    const rows = compareVersions([block("a", "Current.", null, { options }), block("b", "Plain.")], [block("b", "Plain words.")]);
    const deleted = rows.find((row) => row.blockId === "a")!;
    expect(deleted.options!.compared.map((option) => [option.key, option.change])).toEqual([
      ["A", "deleted"],
      ["B", "deleted"],
    ]);
    expect(rows.find((row) => row.blockId === "b")!.options).toBeNull();
  });
});
