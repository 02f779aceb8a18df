// Who wrote what, kept apart from the raw update log (docs/decisions/060): for each author
// (user and participant), the Yjs id ranges of what their updates inserted and of what they
// deleted, in the spirit of Yjs PermanentUserData. Compaction folds the rows' authorship into one
// small record in the same transaction as the swap (server/db/compactionWorker.mjs), so "who
// changed what between two versions" survives without the raw rows. Plain JavaScript: the
// compaction worker loads it without a TypeScript loader.
import * as Y from "yjs";

/**
 * @typedef {{ [client: string]: [number, number][] }} IdRanges  client → sorted, merged [clock, length]
 * @typedef {{ userId: string | null; participantId: string | null; inserts: IdRanges; deletes: IdRanges }} AuthorRanges
 * @typedef {{ data: Uint8Array; userId: string | null; participantId: string | null }} AuthoredRow
 */

/** @param {IdRanges} ranges @param {number} client @param {number} clock @param {number} length */
function add(ranges, client, clock, length) {
  if (length <= 0) return;
  (ranges[client] ??= []).push([clock, length]);
}

/** Sorts and merges adjacent or overlapping ranges, in place. @param {IdRanges} ranges */
function normalise(ranges) {
  for (const client of Object.keys(ranges)) {
    const sorted = ranges[client].sort((a, b) => a[0] - b[0]);
    /** @type {[number, number][]} */
    const merged = [];
    for (const [clock, length] of sorted) {
      const last = merged[merged.length - 1];
      if (last && clock <= last[0] + last[1]) last[1] = Math.max(last[1], clock + length - last[0]);
      else merged.push([clock, length]);
    }
    ranges[client] = merged;
  }
  return ranges;
}

const keyOf = (/** @type {{ userId: string | null; participantId: string | null }} */ author) =>
  `${author.userId ?? ""}\u0000${author.participantId ?? ""}`;

/**
 * Folds authored rows (and earlier records) into one list of author ranges. Rows without an
 * author (changes the server makes on its own) are not attributed.
 * @param {readonly AuthoredRow[]} rows
 * @param {readonly AuthorRanges[]} [earlier]
 * @returns {AuthorRanges[]}
 */
export function authorshipOf(rows, earlier = []) {
  /** @type {Map<string, AuthorRanges>} */
  const byAuthor = new Map();
  const entry = (/** @type {{ userId: string | null; participantId: string | null }} */ author) => {
    const key = keyOf(author);
    let found = byAuthor.get(key);
    if (!found) byAuthor.set(key, (found = { userId: author.userId, participantId: author.participantId, inserts: {}, deletes: {} }));
    return found;
  };
  for (const record of earlier) {
    const into = entry(record);
    for (const [client, list] of Object.entries(record.inserts))
      for (const [clock, length] of list) add(into.inserts, +client, clock, length);
    for (const [client, list] of Object.entries(record.deletes))
      for (const [clock, length] of list) add(into.deletes, +client, clock, length);
  }
  for (const row of rows) {
    if (!row.userId && !row.participantId) continue;
    let decoded;
    try {
      decoded = Y.decodeUpdate(row.data);
    } catch {
      continue; // a row that cannot be decoded was never applied either
    }
    const into = entry(row);
    for (const struct of decoded.structs) {
      // Skip structs are gaps in an update, not content.
      if (struct instanceof Y.Skip) continue;
      add(into.inserts, struct.id.client, struct.id.clock, struct.length);
    }
    for (const [client, items] of decoded.ds.clients) for (const item of items) add(into.deletes, client, item.clock, item.len);
  }
  return [...byAuthor.values()].map((author) => ({ ...author, inserts: normalise(author.inserts), deletes: normalise(author.deletes) }));
}

/** @param {string} json @returns {AuthorRanges[]} */
export function parseAuthorship(json) {
  try {
    const parsed = JSON.parse(json);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}
