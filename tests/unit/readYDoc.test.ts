import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { block, jsonToYUpdate, listBlocks, yDocToJson } from "../../app/editor/documentModel";
import { YJS_FIELD } from "../../app/editor/extensions";

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
});
