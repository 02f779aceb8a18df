import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { block, jsonToYUpdate, listBlocks, renderDocumentHtml, yDocToJson } from "../../app/editor/documentModel";
import { YJS_FIELD } from "../../app/editor/ydocFields";

function seeded() {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, jsonToYUpdate({ type: "doc", content: [block("operative", "First"), block("operative", "Second")] }));
  return doc;
}

describe("reading a Y.Doc", () => {
  it("skips unknown nodes and marks without changing the document", () => {
    const doc = seeded();
    const fragment = doc.getXmlFragment(YJS_FIELD);
    const unknown = new Y.XmlElement("retiredKind");
    unknown.insert(0, [new Y.XmlText("hidden")]);
    fragment.insert(1, [unknown]);
    const second = fragment.get(2) as Y.XmlElement;
    (second.get(0) as Y.XmlText).insert(0, "marked ", { retiredMark: { level: 3 } });
    const before = Y.encodeStateAsUpdate(doc);
    let writes = 0;
    doc.on("update", () => (writes += 1));

    expect(listBlocks(yDocToJson(doc)).map((entry) => entry.text)).toEqual(["First", "marked Second"]);
    expect(writes).toBe(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it("survives anything stored: deep nesting, loose top-level types, blocks in blocks, bad attributes", () => {
    const doc = seeded();
    const fragment = doc.getXmlFragment(YJS_FIELD);
    // Stored before the server validated updates: every shape a writer could once send.
    doc.transact(() => {
      let outer = new Y.XmlElement("operative");
      fragment.insert(0, [outer]);
      for (let depth = 0; depth < 20_000; depth++) {
        const inner = new Y.XmlElement("operative");
        outer.insert(0, [inner]);
        outer = inner;
      }
    });
    fragment.insert(0, [new Y.XmlText("loose text")]);
    fragment.insert(0, [new Y.XmlHook("hook") as never]);
    const host = new Y.XmlElement("preambular");
    host.setAttribute("id", "host");
    host.setAttribute("status", "hacked");
    host.insert(0, [new Y.XmlText("Host"), new Y.XmlElement("hardBreak"), new Y.XmlElement("operative"), new Y.XmlText("tail")]);
    fragment.insert(fragment.length, [host]);
    const oddId = new Y.XmlElement("operative");
    oddId.setAttribute("id", { not: "a string" } as never);
    oddId.insert(0, [new Y.XmlText("Odd id")]);
    fragment.insert(fragment.length, [oddId]);
    const hardBreakOnTop = new Y.XmlElement("hardBreak");
    fragment.insert(fragment.length, [hardBreakOnTop]);

    const json = yDocToJson(doc);
    const blocks = listBlocks(json);
    expect(blocks.map((entry) => entry.text)).toEqual(["", "First", "Second", "Host\ntail", "Odd id"]);
    expect(blocks.map((entry) => entry.kind)).toEqual(["operative", "operative", "operative", "preambular", "operative"]);
    expect(blocks[3]).toMatchObject({ id: "host", status: "open" });
    expect(blocks[4]!.id).toBe("");
    const html = renderDocumentHtml(json);
    // As text: the opening word of a paragraph sits in its own (italic) span.
    const text = html.replace(/<[^>]+>/g, "");
    expect(text).toContain("Host");
    expect(text).toContain("Odd id");
    expect(text).not.toContain("loose text");
  });
});
