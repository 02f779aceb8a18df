import { Fragment, Slice } from "@tiptap/pm/model";
import { EditorState, TextSelection } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { numberBlocks } from "../../app/editor/blocks";
import { block, editorSchema, jsonToYUpdate, listBlocks, renderDocumentHtml, yDocToJson } from "../../app/editor/documentModel";
import { blockIdentityPlugin } from "../../app/editor/extensions";
import { blocksFragment, findBlock } from "../../app/editor/yBlocks";

const schema = editorSchema();

function stateOf(blocks: ReturnType<typeof block>[]) {
  const doc = schema.nodeFromJSON({ type: "doc", content: blocks });
  return EditorState.create({ schema, doc, plugins: [blockIdentityPlugin()] });
}

function ids(state: EditorState) {
  const result: (string | null)[] = [];
  state.doc.forEach((node) => result.push(node.attrs.id as string | null));
  return result;
}

function expectUniqueIds(state: EditorState) {
  const all = ids(state);
  expect(all.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
  expect(new Set(all).size).toBe(all.length);
}

/** Position inside the text of the n-th block, `offset` characters in. */
function textPos(state: EditorState, index: number, offset: number) {
  let position = 0;
  state.doc.forEach((node, pos, i) => {
    if (i === index) position = pos + 1 + offset;
  });
  return position;
}

describe("stable block ids", () => {
  const original = () =>
    stateOf([block("operative", "First paragraph", { id: "op-1" }), block("operative", "Second paragraph", { id: "op-2" })]);

  it("gives the new half of a split a new id and keeps the old one", () => {
    const state = original();
    const next = state.apply(state.tr.split(textPos(state, 0, 5)));
    expectUniqueIds(next);
    expect(ids(next)[0]).toBe("op-1");
    expect(ids(next)).toHaveLength(3);
  });

  it("keeps the id with the text when splitting at the very start", () => {
    const state = original();
    const next = state.apply(state.tr.split(textPos(state, 0, 0)));
    expectUniqueIds(next);
    let idOfText = "";
    next.doc.forEach((node) => {
      if (node.textContent === "First paragraph") idOfText = node.attrs.id as string;
    });
    expect(idOfText).toBe("op-1");
  });

  it("keeps one id when two blocks are joined", () => {
    const state = original();
    const joinPos = state.doc.child(0).nodeSize;
    const next = state.apply(state.tr.join(joinPos));
    expectUniqueIds(next);
    expect(ids(next)).toEqual(["op-1"]);
  });

  it("re-issues ids for pasted blocks that copy existing ones", () => {
    const state = original();
    const pasted = new Slice(
      Fragment.from([
        schema.nodeFromJSON(block("operative", "Pasted copy", { id: "op-1" })),
        schema.nodeFromJSON(block("operative", "Pasted twice", { id: "op-1" })),
      ]),
      1,
      1,
    );
    const end = state.doc.content.size;
    const next = state.apply(state.tr.setSelection(TextSelection.create(state.doc, end - 1)).replaceSelection(pasted));
    expectUniqueIds(next);
    expect(ids(next).filter((id) => id === "op-1")).toHaveLength(1);
  });

  it("fills in ids for blocks created without one", () => {
    const state = original();
    const next = state.apply(state.tr.insert(state.doc.content.size, schema.nodes.preambular!.create({ id: null }, schema.text("New"))));
    expectUniqueIds(next);
  });

  it("leaves remote (Yjs) changes to their author", () => {
    const state = original();
    const tr = state.tr.insert(state.doc.content.size, schema.nodes.operative!.create({ id: "op-1" }, schema.text("Remote")));
    const next = state.apply(tr.setMeta("y-sync$", { isChangeOrigin: true }));
    expect(ids(next).filter((id) => id === "op-1")).toHaveLength(2);
  });
});

describe("numbering", () => {
  it("numbers preambular and operative paragraphs separately", () => {
    expect(numberBlocks(["title", "heading", "preambular", "preambular", "heading", "operative", "operative", "operative"])).toEqual([
      null,
      null,
      "PP1",
      "PP2",
      null,
      "OP1",
      "OP2",
      "OP3",
    ]);
  });

  it("numbers action points within their goal", () => {
    expect(numberBlocks(["title", "goal", "actionPoint", "actionPoint", "goal", "actionPoint", "heading", "actionPoint"])).toEqual([
      null,
      "1",
      "1.1",
      "1.2",
      "2",
      "2.1",
      null,
      "2.2",
    ]);
  });

  it("renumbers when a block moves", () => {
    expect(numberBlocks(["operative", "preambular", "operative"])).toEqual(["OP1", "PP1", "OP2"]);
  });
});

describe("headless listing and rendering from a Y.Doc", () => {
  const json = {
    type: "doc",
    content: [
      block("title", "Call for Action", { id: "t" }),
      block("goal", "Prevent irregular migration", { id: "g1" }),
      block("actionPoint", "Train border officials <script>alert(1)</script>", { id: "ap1", lead: "Frontex", timeline: "2025–2027" }),
      block("operative", "Agreed text", { id: "op", status: "bracketed" }),
    ],
  };
  const doc = new Y.Doc();
  Y.applyUpdate(doc, jsonToYUpdate(json));

  it("lists blocks with id, kind, number, status, plain text and fields", () => {
    expect(listBlocks(yDocToJson(doc))).toEqual([
      { id: "t", kind: "title", number: null, status: "open", text: "Call for Action", fields: {} },
      { id: "g1", kind: "goal", number: "1", status: "open", text: "Prevent irregular migration", fields: {} },
      {
        id: "ap1",
        kind: "actionPoint",
        number: "1.1",
        status: "open",
        text: "Train border officials <script>alert(1)</script>",
        fields: { lead: "Frontex", timeline: "2025–2027" },
      },
      { id: "op", kind: "operative", number: "OP1", status: "bracketed", text: "Agreed text", fields: {} },
    ]);
  });

  it("renders numbered, escaped HTML with status and fields", () => {
    const html = renderDocumentHtml(yDocToJson(doc));
    expect(html).toContain('data-id="ap1"');
    expect(html).toContain('data-number="1.1"');
    expect(html).toContain('data-status="bracketed"');
    expect(html).toContain("<dt>Lead</dt><dd>Frontex</dd>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<script>");
  });
});

describe("the static text before the editor loads", () => {
  const json = {
    type: "doc",
    content: [
      block("title", "Istanbul Commitments", { id: "t1" }),
      block("preambular", " Recalling the Budapest Process,", { id: "pp1" }),
      {
        type: "operative",
        attrs: { id: "op1", status: "bracketed" },
        content: [
          { type: "text", text: "Decides", marks: [{ type: "bold" }] },
          { type: "text", text: " to act;" },
        ],
      },
      block("heading", "Commitments", { id: "hd1" }),
    ],
  };
  const html = renderDocumentHtml(json);

  it("sets only the opening word of a preambular or operative paragraph in italics, as the editor does", () => {
    expect(html).toContain('<p class="block__text"> <span class="opening-word">Recalling</span> the Budapest Process,</p>');
    expect(html).toContain('<span class="opening-word"><strong>Decides</strong></span> to act;');
    expect(html.match(/opening-word/g)).toHaveLength(2);
  });

  it("makes every paragraph a keyboard stop announced by number and status, as the read-only editor does", () => {
    expect(html).toMatch(/<div tabindex="0" role="group" aria-label="PP1, open" data-id="pp1"/);
    expect(html).toMatch(/<div tabindex="0" role="group" aria-label="OP1, bracketed" data-id="op1"/);
    expect(html).toMatch(/<div tabindex="0" role="group" aria-label="Title" data-id="t1"/);
  });

  it("leaves the page's h1 to the page: the title is a second-level heading, headings third-level", () => {
    expect(html).not.toContain("<h1");
    expect(html).toContain('<h2 class="block__text">Istanbul Commitments</h2>');
    expect(html).toContain('<h3 class="block__text">Commitments</h3>');
  });
});

describe("the default block", () => {
  it("is an operative paragraph, so replacing everything never turns text into a title", () => {
    expect(schema.topNodeType.contentMatch.defaultType?.name).toBe("operative");
  });
});

describe("findBlock", () => {
  it("finds each block at its index among the live blocks, after deletions and inserts from another copy", () => {
    const doc = new Y.Doc();
    Y.applyUpdate(
      doc,
      jsonToYUpdate({ type: "doc", content: ["a", "b", "c", "d"].map((id) => block("operative", `Paragraph ${id}`, { id })) }),
    );
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    blocksFragment(doc).delete(1, 1);
    const inserted = new Y.XmlElement("operative");
    inserted.setAttribute("id", "e");
    blocksFragment(other).insert(0, [inserted]);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    const live = blocksFragment(doc)
      .toArray()
      .map((node) => String((node as Y.XmlElement).getAttribute("id")));
    expect(live).toEqual(["e", "a", "c", "d"]);
    for (const [index, id] of live.entries()) {
      const found = findBlock(doc, id);
      expect(found?.index).toBe(index);
      expect(found?.element).toBe(blocksFragment(doc).get(index));
    }
    expect(findBlock(doc, "b")).toBeNull();
  });
});
