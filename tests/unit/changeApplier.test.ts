import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { block, jsonToYUpdate } from "../../app/editor/documentModel";
import { blockText, findBlock } from "../../app/editor/yBlocks";
import { ChangeApplier, type PlannedChange } from "../../server/domain/amendments/decisionText";

const BASE = "Participating states will strengthen cooperation on return.";

function documentWith(text: string) {
  const doc = new Y.Doc();
  const paragraph = block("operative", text, { id: "paragraph-1" });
  Y.applyUpdate(doc, jsonToYUpdate({ type: "doc", content: [block("title", "Title"), paragraph] }));
  return { doc, id: String(paragraph.attrs!.id) };
}

const rewrite = (id: string, wording: string): PlannedChange => ({
  label: "an amendment",
  application: { kind: "rewrite", blockId: id, wording, base: BASE, confirm: true },
  confirmOutdated: true,
});

const CHANGES = (id: string) => [
  rewrite(id, "Participating states will strengthen cooperation on return and readmission."),
  rewrite(id, "All participating states will strengthen cooperation on return."),
  rewrite(id, "Participating states will strengthen practical cooperation on return."),
];

/** Each change in a transaction of its own, with a fresh applier: the text is read every time. */
function oneByOne(doc: Y.Doc, id: string, between?: () => void) {
  const effects = CHANGES(id).map((change) => {
    between?.();
    return doc.transact(() => new ChangeApplier(doc, "en").apply(change));
  });
  return { text: blockText(findBlock(doc, id)!.element), effects };
}

describe("a bulk's changes to one paragraph in one transaction", () => {
  it("give the same text and effects as the same changes applied one transaction at a time", () => {
    const together = documentWith(BASE);
    const applier = new ChangeApplier(together.doc, "en");
    const effects = together.doc.transact(() => CHANGES(together.id).map((change) => applier.apply(change)));
    const apart = documentWith(BASE);
    const expected = oneByOne(apart.doc, apart.id);
    expect(blockText(findBlock(together.doc, together.id)!.element)).toBe(expected.text);
    expect(expected.text).toBe("All participating states will strengthen practical cooperation on return and readmission.");
    expect(effects).toEqual(expected.effects);
  });

  it("read the paragraph again in the next transaction, keeping what someone typed before it in between", () => {
    const { doc, id } = documentWith(BASE);
    const applier = new ChangeApplier(doc, "en");
    const typist = new Y.Doc();
    Y.applyUpdate(typist, Y.encodeStateAsUpdate(doc));
    doc.on("update", (update: Uint8Array, origin: unknown) => origin !== "typist" && Y.applyUpdate(typist, update, "server"));
    const type = (words: string) => {
      const text = findBlock(typist, id)!.element.get(0) as Y.XmlText;
      typist.transact(() => text.insert(0, words));
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(typist, Y.encodeStateVector(doc)), "typist");
    };
    for (const [index, change] of CHANGES(id).entries()) {
      type(`Typed ${index}. `);
      doc.transact(() => applier.apply(change));
    }
    expect(blockText(findBlock(doc, id)!.element)).toBe(
      "Typed 2. Typed 1. Typed 0. All participating states will strengthen practical cooperation on return and readmission.",
    );
  });
});
