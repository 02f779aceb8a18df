import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { joinChunks, stateChunks } from "../../server/yjs/stateChunks.mjs";
import { seededRandom } from "../support/random";

/**
 * Three writers edit one document concurrently (paragraphs and their text, typed at random places,
 * with deletions), syncing now and then, so that the state holds thousands of structs that refer
 * to each other across clients, as a long history does.
 */
function concurrentHistory(seed: number) {
  const random = seededRandom(seed);
  const writers = [1, 2, 3].map((clientID) => {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    return doc;
  });
  const fragment = (doc: Y.Doc) => doc.getXmlFragment("default");
  const first = writers[0]!;
  first.transact(() => {
    for (let index = 0; index < 12; index++) {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText()]);
      fragment(first).insert(index, [paragraph]);
    }
  });
  const syncAll = () => {
    for (const from of writers)
      for (const to of writers) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
  };
  syncAll();
  for (let step = 0; step < 9_000; step++) {
    const doc = writers[Math.floor(random() * writers.length)]!;
    const paragraphs = fragment(doc);
    const text = (paragraphs.get(Math.floor(random() * paragraphs.length)) as Y.XmlElement).get(0) as Y.XmlText;
    if (text.length > 3 && random() < 0.3) text.delete(Math.floor(random() * (text.length - 1)), 1);
    else text.insert(Math.floor(random() * (text.length + 1)), "abcdefgh"[Math.floor(random() * 8)]!);
    if (step % 200 === 0) syncAll();
  }
  syncAll();
  return writers[0]!;
}

describe("a long state cut into chunks (decision 097)", () => {
  it("applies chunk by chunk, each integrating at once, into the same document", () => {
    const source = concurrentHistory(97);
    const chunks = stateChunks(source, 64);
    expect(chunks.length).toBeGreaterThan(4);
    expect(chunks.length).toBeLessThanOrEqual(64);

    const target = new Y.Doc();
    for (const chunk of chunks) {
      Y.applyUpdate(target, chunk);
      // Nothing waits for a later chunk: otherwise a reader could not stop between them.
      expect(target.store.pendingStructs).toBeNull();
      expect(target.store.pendingDs).toBeNull();
    }
    expect(target.getXmlFragment("default").toJSON()).toBe(source.getXmlFragment("default").toJSON());
    expect(Y.encodeStateAsUpdate(target)).toEqual(Y.encodeStateAsUpdate(source));
    // Joined back by copying, they are the whole state's encoding, byte for byte.
    expect(joinChunks(chunks)).toEqual(Y.encodeStateAsUpdate(source));
  });

  it("joins only chunks in order: anything else is left to Y.mergeUpdates", () => {
    const chunks = stateChunks(concurrentHistory(97), 64);
    expect(joinChunks([chunks[1]!, chunks[0]!])).toBeNull();
    const other = new Y.Doc();
    other.getText("t").insert(0, "x");
    expect(joinChunks([chunks[0]!, Y.encodeStateAsUpdate(other).subarray(1)])).toBeNull();
  });

  it("keeps a short text, or a state that cannot be cut into as many chunks, as one update", () => {
    const short = new Y.Doc();
    short.getText("t").insert(0, "a short text");
    expect(stateChunks(short, 64)).toEqual([Y.encodeStateAsUpdate(short)]);
    const long = concurrentHistory(97);
    expect(stateChunks(long, 2)).toEqual([Y.encodeStateAsUpdate(long)]);
  });
});
