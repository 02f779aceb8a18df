import { describe, expect, it } from "vitest";
import type { JSONContent } from "@tiptap/core";
import { editorSchema, listBlocks } from "../../app/editor/documentModel";
import { editorBlockNumbers } from "../../app/editor/extensions";
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

describe("numbers in the live editor", () => {
  const schema = editorSchema();
  const pmDoc = (...specs: [string, string][]) =>
    schema.nodeFromJSON({
      type: "doc",
      content: specs.map(([id, kind]) => ({
        type: kind,
        attrs: { id, status: "open" },
        content: [{ type: "text", text: `Text of ${id}.` }],
      })),
    });

  it("labels a paragraph inserted since the last version bis, ter after the one it follows, as versions and compare do", () => {
    const doc = pmDoc(["t", "title"], ["a", "operative"], ["n1", "operative"], ["n2", "operative"], ["b", "operative"]);
    const baseline = new Map([
      ["a", "OP1"],
      ["b", "OP2"],
    ]);
    expect(editorBlockNumbers(doc, baseline)).toEqual([null, "OP1", "OP1bis", "OP1ter", "OP2"]);
    // The same numbers as the server's block list (side panel, compilation, versions).
    const json = doc.toJSON() as JSONContent;
    expect(listBlocks(json, baseline).map((block) => block.number)).toEqual(editorBlockNumbers(doc, baseline));
  });

  it("is positional before the first version, and once a version renumbers", () => {
    const doc = pmDoc(["a", "operative"], ["n1", "operative"], ["b", "operative"]);
    expect(editorBlockNumbers(doc, null)).toEqual(["OP1", "OP2", "OP3"]);
    expect(
      editorBlockNumbers(
        doc,
        new Map([
          ["a", "OP1"],
          ["n1", "OP2"],
          ["b", "OP3"],
        ]),
      ),
    ).toEqual(["OP1", "OP2", "OP3"]);
  });

  it("numbers action points added under a goal since the last version", () => {
    const doc = pmDoc(["g", "goal"], ["p1", "actionPoint"], ["new", "actionPoint"], ["p2", "actionPoint"]);
    const baseline = new Map([
      ["g", "1"],
      ["p1", "1.1"],
      ["p2", "1.2"],
    ]);
    expect(editorBlockNumbers(doc, baseline)).toEqual(["1", "1.1", "1.1bis", "1.2"]);
  });
});
