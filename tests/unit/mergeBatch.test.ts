import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { mergeBatch } from "../../server/yjs/mergeUpdates";

/** Writers typing into paragraphs of their own, as the collaboration server receives them: every update, in order. */
function typing(writers: number, keystrokes: number) {
  const base = new Y.Doc();
  const fragment = base.getXmlFragment("default");
  const updates: Uint8Array[] = [];
  const docs = Array.from({ length: writers }, () => new Y.Doc());
  docs.forEach((doc) => doc.on("update", (update: Uint8Array) => updates.push(update)));
  const texts = docs.map((doc) => {
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
    const paragraph = new Y.XmlElement("operative");
    const text = new Y.XmlText();
    doc.transact(() => {
      doc.getXmlFragment("default").insert(0, [paragraph]);
      paragraph.insert(0, [text]);
    });
    return text;
  });
  for (let index = 0; index < keystrokes; index++) {
    const text = texts[index % writers]!;
    text.insert(0, `key ${index} é😀 `);
    if (index % 7 === 3) text.delete(2, 3);
  }
  return { base: fragment, updates };
}

function stateOf(updates: readonly Uint8Array[]) {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  expect(doc.store.pendingStructs).toBeNull();
  expect(doc.store.pendingDs).toBeNull();
  return doc.getXmlFragment("default").toString();
}

describe("mergeBatch", () => {
  it("gives the document that applying every update in turn gives", () => {
    const { updates } = typing(5, 300);
    const expected = stateOf(updates);
    expect(expected).toContain("key 299");
    expect(stateOf([mergeBatch(updates)])).toBe(expected);
    // Batches of batches (a slow socket's queue of merged batches).
    const batches = [mergeBatch(updates.slice(0, 100)), mergeBatch(updates.slice(100, 250)), mergeBatch(updates.slice(250))];
    expect(stateOf([mergeBatch(batches)])).toBe(expected);
  });

  it("merges updates that do not follow on from each other (a gap, out of order) the general way", () => {
    const { updates } = typing(3, 90);
    const expected = stateOf(updates);
    // Out of order: a client's later update before its earlier one.
    const shuffled = [...updates].reverse();
    expect(stateOf([mergeBatch(shuffled)])).toBe(expected);
    // With a gap: the merge leaves what is missing pending, as Yjs would.
    const gapped = mergeBatch(updates.filter((_, index) => index !== 40));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, gapped);
    expect(doc.store.pendingStructs).not.toBeNull();
    Y.applyUpdate(doc, updates[40]!);
    expect(doc.getXmlFragment("default").toString()).toBe(expected);
  });

  it("returns a single update as it is", () => {
    const { updates } = typing(1, 1);
    expect(mergeBatch([updates[0]!])).toBe(updates[0]);
  });
});
