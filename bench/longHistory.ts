// The long-history document (docs/decisions/097), for benchmarks only (never for tests): a 50-page
// declaration (298 blocks, 100,000 characters) typed keystroke by keystroke by three authors,
// with a typo corrected after four characters in five: 260,000 small updates, each stored as
// its own row after the seeding row (260,001 rows), attributed to its author.
import * as Y from "yjs";
import { block, jsonToYUpdate } from "../app/editor/documentModel";
import { YJS_FIELD } from "../app/editor/ydocFields";
import type { AppendEntry, UpdateAuthor } from "../server/db/updateLog";
import { seededRandom } from "../tests/support/random";

export const LONG_HISTORY = { blocks: 298, characters: 100_000, updates: 260_000 } as const;

const WORDS =
  "the participating states commit to strengthen cooperation on migration governance return readmission and reintegration in full respect of human rights and international law including the principle of non refoulement".split(
    " ",
  );

/** Builds the history and hands its rows to `append` in batches; returns the final state. */
export function generateLongHistory(room: string, authors: readonly UpdateAuthor[], append: (entries: AppendEntry[]) => void): Uint8Array {
  const random = seededRandom(15);
  const kinds = Array.from(
    { length: LONG_HISTORY.blocks },
    (_, index) => (index === 0 ? "title" : index <= 60 ? "preambular" : "operative") as "title" | "preambular" | "operative",
  );
  const doc = new Y.Doc();
  Y.applyUpdate(doc, jsonToYUpdate({ type: "doc", content: kinds.map((kind) => block(kind, "")) }));
  append([{ room, data: Y.encodeStateAsUpdate(doc), author: null }]);

  let batch: AppendEntry[] = [];
  let author: UpdateAuthor = authors[0]!;
  doc.on("update", (update: Uint8Array) => {
    batch.push({ room, data: update, author });
    if (batch.length >= 10_000) {
      append(batch);
      batch = [];
    }
  });
  const fragment = doc.getXmlFragment(YJS_FIELD);
  const base = Math.floor(LONG_HISTORY.characters / LONG_HISTORY.blocks);
  const longer = LONG_HISTORY.characters - base * LONG_HISTORY.blocks;
  let typed = 0;
  for (let index = 0; index < LONG_HISTORY.blocks; index++) {
    // Authors take turns by paragraph; each has its own Yjs client id, as its own browser would.
    const who = index % authors.length;
    author = authors[who]!;
    doc.clientID = 1_000 + who;
    let words = "";
    while (words.length < base + 1) words += `${WORDS[Math.floor(random() * WORDS.length)]} `;
    const target = words.slice(0, base + (index < longer ? 1 : 0));
    const element = fragment.get(index) as Y.XmlElement;
    const text = new Y.XmlText();
    // The paragraph's text node comes with its first keystroke, in one update.
    let first = true;
    const type = (character: string) => {
      if (!first) return text.insert(text.length, character);
      first = false;
      doc.transact(() => {
        element.insert(0, [text]);
        text.insert(0, character);
      });
    };
    for (const character of target) {
      if (typed++ % 5 !== 0) {
        type("x");
        text.delete(text.length - 1, 1);
      }
      type(character);
    }
  }
  if (batch.length > 0) append(batch);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
