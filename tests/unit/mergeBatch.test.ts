import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { mergeBatch } from "../../server/yjs/mergeUpdates";
import { seededRandom } from "../support/random";

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

/** The document's blocks as text, one line each. */
const textOf = (doc: Y.Doc) => doc.getXmlFragment("default").toString();

/** A writer's edit as the durability test makes them: a new paragraph, a deletion, or typing. */
function edit(doc: Y.Doc, rand: () => number, index: number) {
  const fragment = doc.getXmlFragment("default");
  if (fragment.length === 0 || rand() < 0.08) {
    const paragraph = new Y.XmlElement("operative");
    paragraph.setAttribute("id", `b${index}`);
    paragraph.insert(0, [new Y.XmlText(`new ${index}`)]);
    fragment.insert(fragment.length, [paragraph]);
    return;
  }
  const text = (fragment.get(Math.floor(rand() * fragment.length)) as Y.XmlElement).get(0) as Y.XmlText;
  if (rand() < 0.25 && text.length > 4) text.delete(Math.floor(rand() * (text.length - 3)), 1 + Math.floor(rand() * 3));
  else text.insert(Math.floor(rand() * (text.length + 1)), ` e${index}`);
}

describe("mergeBatch and a client that is behind (docs/decisions/144)", () => {
  it("writes each client's deletions in clock order, so a reader missing the deleted structs keeps them pending intact", () => {
    // One writer types, then deletes near the end, then near the start: two updates whose delete
    // sets, concatenated, run backwards in clock.
    const writer = new Y.Doc();
    const updates: Uint8Array[] = [];
    writer.on("update", (update: Uint8Array) => updates.push(update));
    const text = new Y.XmlText();
    writer.getXmlFragment("default").insert(0, [new Y.XmlElement("operative")]);
    (writer.getXmlFragment("default").get(0) as Y.XmlElement).insert(0, [text]);
    text.insert(0, "abcdefghij");
    const typed = updates.length;
    text.insert(10, "klmnopqrst");
    const reader = new Y.Doc();
    for (const update of updates.slice(0, typed)) Y.applyUpdate(reader, update);
    const missed = updates.length - 1; // the reader has not got "klmnopqrst" yet
    text.delete(17, 2); // "rs"
    text.delete(12, 1); // "m"
    text.delete(3, 1); // "d"
    const merged = mergeBatch(updates.slice(missed + 1));
    // The merged deletions reach the reader before the structs they delete (a reconnecting
    // client: broadcasts before its sync answer); the rest of the deletions wait for them.
    Y.applyUpdate(reader, merged);
    Y.applyUpdate(reader, updates[missed]!);
    expect(reader.store.pendingDs).toBeNull();
    expect(textOf(reader)).toBe(textOf(writer));
    expect(text.toString()).toBe("abcefghijklnopqt");
  });

  it("converges a reconnecting client that gets broadcasts before its sync answer (random edits, seeded)", () => {
    for (let seed = 1; seed <= 12; seed++) {
      const rand = seededRandom(seed);
      // The server: writers' updates applied as they come, its update events broadcast in batches.
      const server = new Y.Doc();
      const events: Uint8Array[] = [];
      const states: Uint8Array[] = [];
      server.on("update", (update: Uint8Array) => events.push(update));
      const writers = Array.from({ length: 6 }, () => new Y.Doc());
      let index = 0;
      for (let round = 0; round < 40; round++) {
        for (const writer of writers) {
          if (rand() >= 0.6) continue;
          const known = Y.encodeStateVector(server);
          edit(writer, rand, index++);
          Y.applyUpdate(server, Y.encodeStateAsUpdate(writer, known));
          states.push(Y.encodeStateAsUpdate(server));
          for (const other of writers) if (other !== writer) Y.applyUpdate(other, events.at(-1)!);
        }
      }
      for (let trial = 0; trial < 10; trial++) {
        // A client that had the first `had` events reconnects: it joins the broadcast at `joined`,
        // and its sync answer is what it lacks of the state at `answered` (committed meanwhile).
        const had = Math.floor(rand() * events.length);
        const answered = had + Math.floor(rand() * (events.length - had));
        const joined = had + Math.floor(rand() * (answered - had + 1));
        const client = new Y.Doc();
        for (const update of events.slice(0, had)) Y.applyUpdate(client, update);
        const then = new Y.Doc();
        Y.applyUpdate(then, states[answered]!);
        const frames: Uint8Array[] = [];
        for (let next = joined + 1; next < events.length;) {
          const size = 1 + Math.floor(rand() * 4);
          frames.push(mergeBatch(events.slice(next, next + size)));
          next += size;
        }
        frames.splice(Math.floor(rand() * (frames.length + 1)), 0, Y.encodeStateAsUpdate(then, Y.encodeStateVector(client)));
        for (const frame of frames) Y.applyUpdate(client, frame);
        expect(textOf(client), `seed ${seed}, trial ${trial}`).toBe(textOf(server));
      }
    }
  });
});
