import { describe, expect, it } from "vitest";
import { provisionalNumbers } from "../../app/editor/numbering";

const blocks = (...specs: [string, string][]) => specs.map(([id, kind]) => ({ id, kind }));

describe("provisional numbering between versions", () => {
  it("is positional before the first version", () => {
    expect(provisionalNumbers(blocks(["t", "title"], ["a", "operative"], ["b", "operative"]), null)).toEqual([null, "OP1", "OP2"]);
  });

  it("keeps known numbers and labels new paragraphs bis, ter after the one they follow", () => {
    const baseline = new Map([
      ["p1", "PP1"],
      ["a", "OP1"],
      ["b", "OP2"],
      ["c", "OP3"],
    ]);
    const numbers = provisionalNumbers(
      blocks(
        ["p1", "preambular"],
        ["p2", "preambular"],
        ["a", "operative"],
        ["x", "operative"],
        ["y", "operative"],
        ["c", "operative"],
        ["z", "operative"],
      ),
      baseline,
    );
    // OP2 was deleted: OP3 keeps its number until the chair issues the next version.
    expect(numbers).toEqual(["PP1", "PP1bis", "OP1", "OP1bis", "OP1ter", "OP3", "OP3bis"]);
  });

  it("labels a paragraph placed before every known one from zero", () => {
    expect(provisionalNumbers(blocks(["n", "operative"], ["a", "operative"]), new Map([["a", "OP1"]]))).toEqual(["OP0bis", "OP1"]);
  });

  it("treats a block whose kind changed as new in its new sequence", () => {
    expect(
      provisionalNumbers(
        blocks(["a", "operative"], ["b", "preambular"]),
        new Map([
          ["a", "OP1"],
          ["b", "OP2"],
        ]),
      ),
    ).toEqual(["OP1", "PP0bis"]);
  });

  it("numbers action points within goals, and the points of a new goal under its label", () => {
    const baseline = new Map([
      ["g1", "1"],
      ["a11", "1.1"],
      ["a12", "1.2"],
      ["g2", "2"],
      ["a21", "2.1"],
    ]);
    const numbers = provisionalNumbers(
      blocks(
        ["g1", "goal"],
        ["a11", "actionPoint"],
        ["n1", "actionPoint"],
        ["a12", "actionPoint"],
        ["g2", "goal"],
        ["a21", "actionPoint"],
        ["gn", "goal"],
        ["p1", "actionPoint"],
        ["p2", "actionPoint"],
        ["gm", "goal"],
      ),
      baseline,
    );
    expect(numbers).toEqual(["1", "1.1", "1.1bis", "1.2", "2", "2.1", "2bis", "2bis.1", "2bis.2", "2ter"]);
  });
});
