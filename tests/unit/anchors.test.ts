import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { block, jsonToYUpdate } from "../../app/editor/documentModel";
import { blockText, createAnchor, findBlockElement, resolveAnchor } from "../../server/domain/comments/anchors";

const TEXT = "Commit to address all aspects of migration, including legal migration and mobility.";

function twoDocs() {
  const update = jsonToYUpdate({ type: "doc", content: [block("title", "Title", { id: "t" }), block("operative", TEXT, { id: "op" })] });
  const a = new Y.Doc();
  const b = new Y.Doc();
  Y.applyUpdate(a, update);
  Y.applyUpdate(b, update);
  return { a, b };
}

function textNode(doc: Y.Doc) {
  return findBlockElement(doc, "op")!.get(0) as Y.XmlText;
}

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

describe("comment anchors", () => {
  const start = TEXT.indexOf("legal migration");
  const end = start + "legal migration".length;

  it("resolve to the quoted words", () => {
    const { a } = twoDocs();
    const anchor = createAnchor(findBlockElement(a, "op")!, start, end);
    expect(resolveAnchor(a, "op", anchor.start, anchor.end)).toEqual({ status: "anchored", start, end, text: "legal migration" });
  });

  it("follow the words through concurrent edits made in another Y.Doc", () => {
    const { a, b } = twoDocs();
    const anchor = createAnchor(findBlockElement(a, "op")!, start, end);
    // Concurrently: B inserts before the range and deletes after it; A edits inside the range.
    textNode(b).insert(0, "We firmly ");
    textNode(b).delete("We firmly ".length + TEXT.indexOf(" and mobility"), " and mobility".length);
    textNode(a).insert(start + "legal".length, " and regular");
    sync(a, b);
    expect(blockText(findBlockElement(a, "op")!)).toBe(blockText(findBlockElement(b, "op")!));
    for (const doc of [a, b]) {
      const resolved = resolveAnchor(doc, "op", anchor.start, anchor.end);
      expect(resolved).toMatchObject({ status: "anchored", text: "legal and regular migration" });
    }
  });

  it("do not grow when text is typed right at their edges", () => {
    const { a, b } = twoDocs();
    const anchor = createAnchor(findBlockElement(a, "op")!, start, end);
    textNode(b).insert(end, " pathways");
    textNode(b).insert(start, "safe and ");
    sync(a, b);
    expect(resolveAnchor(a, "op", anchor.start, anchor.end)).toMatchObject({ text: "legal migration" });
  });

  it("orphan the thread, not move it, when the quoted words are deleted", () => {
    const { a, b } = twoDocs();
    const anchor = createAnchor(findBlockElement(a, "op")!, start, end);
    textNode(b).delete(start - 1, end - start + 1);
    sync(a, b);
    expect(resolveAnchor(a, "op", anchor.start, anchor.end)).toEqual({ status: "orphaned", reason: "deleted" });
  });

  it("orphan the thread when its block is deleted", () => {
    const { a, b } = twoDocs();
    const anchor = createAnchor(findBlockElement(a, "op")!, start, end);
    b.getXmlFragment("default").delete(1, 1);
    sync(a, b);
    expect(resolveAnchor(a, "op", anchor.start, anchor.end)).toEqual({ status: "orphaned", reason: "block_missing" });
  });
});
