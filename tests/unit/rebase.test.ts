import { describe, expect, it } from "vitest";
import { exactWordDiff, textAfter, textBefore } from "../../app/editor/diff";
import { rebaseAmendment } from "../../app/editor/rebase";

describe("exact word diff", () => {
  it("rebuilds both texts exactly, whitespace included", () => {
    for (const [before, after] of [
      ["Routes; ", "Routes; in full respect «e1»"],
      ["a  b", "a b"],
      ["", "new"],
      ["old", ""],
    ] as const) {
      const parts = exactWordDiff(before, after);
      expect(textBefore(parts)).toBe(before);
      expect(textAfter(parts)).toBe(after);
    }
  });
});

describe("applying an outdated amendment to the current text", () => {
  const base = "States commit to strengthen cooperation on return.";
  it("carries the amendment's edits over when later edits touched other words", () => {
    const proposed = "States commit to deepen cooperation on return.";
    const current = "Participating States commit to strengthen cooperation on return and readmission.";
    expect(rebaseAmendment(base, proposed, current)).toEqual({
      ok: true,
      text: "Participating States commit to deepen cooperation on return and readmission.",
    });
  });

  it("refuses when a later edit changed the same words, rather than undoing it", () => {
    const proposed = "States commit to deepen cooperation on return.";
    const current = "States commit to reinforce cooperation on return.";
    const rebased = rebaseAmendment(base, proposed, current);
    expect(rebased.ok).toBe(false);
  });

  it("is the proposal itself when nothing changed", () => {
    expect(rebaseAmendment(base, "New.", base)).toEqual({ ok: true, text: "New." });
  });
});
