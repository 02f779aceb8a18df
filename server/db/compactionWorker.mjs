// The update log's compaction thread (docs/decisions/039). Plain JavaScript so that it loads
// the same way under the server, tsx and vitest. It opens its own connection to the database
// file, folds a room's rows up to a given id into one snapshot through a Y.Doc (never
// Y.mergeUpdates over a long log), and swaps them in one transaction: rows appended meanwhile
// have larger ids and are left alone, and the snapshot takes the id of the last row it folds,
// so the log keeps its order.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import * as Y from "yjs";

const db = new Database(workerData.file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
// Off the event loop, waiting for the write lock is harmless.
db.pragma("busy_timeout = 10000");

const selectUpTo = db.prepare(`SELECT "id", "data" FROM "YUpdate" WHERE "room" = ? AND "id" <= ? ORDER BY "id"`);
const selectLastId = db.prepare(`SELECT MAX("id") AS "id" FROM "YUpdate" WHERE "room" = ?`);
const deleteUpTo = db.prepare(`DELETE FROM "YUpdate" WHERE "room" = ? AND "id" <= ?`);
const insertSnapshot = db.prepare(
  `INSERT INTO "YUpdate" ("id", "room", "kind", "data", "userId", "participantId", "createdAt") VALUES (?, ?, 'snapshot', ?, NULL, NULL, ?)`,
);
const swap = db.transaction((room, upToId, snapshot) => {
  deleteUpTo.run(room, upToId);
  insertSnapshot.run(upToId, room, snapshot, Date.now());
});

function compact(room, requestedUpToId) {
  const upToId = requestedUpToId ?? selectLastId.get(room).id ?? 0;
  const rows = selectUpTo.all(room, upToId);
  if (rows.length <= 1) return { upToId, folded: 0 };
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const row of rows) Y.applyUpdate(doc, row.data);
    });
    swap(room, upToId, Y.encodeStateAsUpdate(doc));
  } finally {
    doc.destroy();
  }
  return { upToId, folded: rows.length };
}

const selectLongRooms = db.prepare(`SELECT "room" FROM "YUpdate" GROUP BY "room" HAVING COUNT(*) > ?`);

/** Folds every room whose log is longer than `minRows` (at start-up: logs left long by an older version or a crash). */
function sweep(minRows) {
  let folded = 0;
  for (const { room } of selectLongRooms.all(minRows)) folded += compact(room).folded;
  return { upToId: 0, folded };
}

parentPort.on("message", ({ id, room, upToId, sweepOver }) => {
  try {
    parentPort.postMessage({ id, result: sweepOver === undefined ? compact(room, upToId) : sweep(sweepOver) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.stack ?? error) });
  }
});
