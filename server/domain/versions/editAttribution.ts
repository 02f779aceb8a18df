import * as Y from "yjs";
import { YJS_FIELD } from "../../../app/editor/ydocFields";
import { authorshipOf, parseAuthorship, type AuthorRanges } from "../../db/authorship.mjs";
import type { DomainContext } from "../kernel/context";
import { documentRoom } from "../../../common/collab";

// Who edited which paragraph between two versions (docs/decisions/060): the items the later version's
// Yjs state holds that the earlier one did not (inserted since) and those it deleted since,
// looked up in the room's authorship (compacted records and the rows not yet folded), so the
// answer is the same before and after compaction (decision 060).

type Lookup = Map<number, [clock: number, length: number, author: number][]>;

function lookupOf(authors: readonly AuthorRanges[], which: "inserts" | "deletes"): Lookup {
  const lookup: Lookup = new Map();
  authors.forEach((author, index) => {
    for (const [client, ranges] of Object.entries(author[which])) {
      const list = lookup.get(+client) ?? [];
      for (const [clock, length] of ranges) list.push([clock, length, index]);
      lookup.set(+client, list);
    }
  });
  for (const list of lookup.values()) list.sort((a, b) => a[0] - b[0]);
  return lookup;
}

/** The authors of the id range (client, clock .. clock+length), by binary search. */
function authorsOf(lookup: Lookup, client: number, clock: number, length: number, into: Set<number>) {
  const list = lookup.get(client);
  if (!list) return;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle]![0] + list[middle]![1] <= clock) low = middle + 1;
    else high = middle;
  }
  for (let index = low; index < list.length && list[index]![0] < clock + length; index++) into.add(list[index]![2]);
}

/** The room's authorship: compacted records plus the rows still in the log. */
export async function roomAuthorship(ctx: DomainContext, documentId: string): Promise<AuthorRanges[]> {
  const room = documentRoom(documentId);
  const [records, rows] = await Promise.all([
    ctx.db.yAuthorship.findMany({ where: { room }, orderBy: { id: "asc" }, select: { data: true } }),
    ctx.db.yUpdate.findMany({
      where: { room, kind: "update", OR: [{ userId: { not: null } }, { participantId: { not: null } }] },
      orderBy: { id: "asc" },
      select: { data: true, userId: true, participantId: true },
    }),
  ]);
  return authorshipOf(
    rows.map((row) => ({ data: new Uint8Array(row.data), userId: row.userId, participantId: row.participantId })),
    records.flatMap((record) => parseAuthorship(record.data)),
  );
}

/**
 * For each block of the later version that was edited since the earlier one: the participants
 * whose edits did it (typing, formatting, deleting words, new paragraphs, status and options).
 */
export function editorsBetween(fromState: Uint8Array, toState: Uint8Array, authors: readonly AuthorRanges[]): Map<string, Set<string>> {
  const before = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(fromState));
  const deletedBefore = Y.decodeUpdate(fromState).ds;
  const inserts = lookupOf(authors, "inserts");
  const deletes = lookupOf(authors, "deletes");
  const doc = new Y.Doc();
  const result = new Map<string, Set<string>>();
  try {
    Y.applyUpdate(doc, toState);
    const newSince = (item: Y.Item) => item.id.clock + item.length > (before.get(item.id.client) ?? 0);
    for (const block of doc.getXmlFragment(YJS_FIELD).toArray()) {
      if (!(block instanceof Y.XmlElement)) continue;
      const blockId = block.getAttribute("id");
      if (typeof blockId !== "string") continue;
      const found = new Set<number>();
      const visit = (item: Y.Item) => {
        const existed = before.get(item.id.client) ?? 0;
        if (!item.deleted && newSince(item)) {
          const start = Math.max(item.id.clock, existed);
          authorsOf(inserts, item.id.client, start, item.id.clock + item.length - start, found);
        } else if (item.deleted && item.id.clock < existed && !Y.isDeleted(deletedBefore, item.id)) {
          authorsOf(deletes, item.id.client, item.id.clock, item.length, found);
        }
      };
      if (block._item) visit(block._item);
      for (const item of block._map.values()) visit(item);
      let steps = 0;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Y type holding items
      const walk = (type: Y.AbstractType<any>, depth: number) => {
        for (let item = type._start; item && steps < 200_000; item = item.right) {
          steps++;
          visit(item);
          if (depth < 4 && !item.deleted && item.content instanceof Y.ContentType) walk(item.content.type, depth + 1);
        }
      };
      walk(block, 0);
      if (found.size === 0) continue;
      const participants = new Set<string>();
      for (const index of found) {
        const participantId = authors[index]?.participantId;
        if (participantId) participants.add(participantId);
      }
      if (participants.size > 0) result.set(blockId, participants);
    }
  } finally {
    doc.destroy();
  }
  return result;
}
