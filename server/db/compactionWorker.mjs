// The update log's compaction thread (docs/decisions/039, 053). Plain JavaScript so that it loads
// the same way under the server, tsx and vitest. It opens its own connection to the database (a
// SQLite file, or a Postgres URL), folds a room's rows up to a given id into one snapshot through
// a Y.Doc (never Y.mergeUpdates over a long log), and swaps them in one transaction: rows appended
// meanwhile have larger ids and are left alone, and the snapshot takes the id of the last row it
// folds, so the log keeps its order. Tasks run one at a time, in the order they arrive.
//
// A long document's snapshot is written as several rows (stateChunks.mjs, decision 097) that a
// reader applies one at a time, yielding between them: they take the ids of the last rows folded,
// so they stay in order, before any row appended meanwhile.
import { parentPort, workerData } from "node:worker_threads";
import * as Y from "yjs";
import { stateChunks } from "../yjs/stateChunks.mjs";
import { authorshipOf } from "./authorship.mjs";
import { lowerThreadPriority } from "../yjs/lowerThreadPriority.mjs";

// Background work: on a core shared with the event loop, the event loop's fan-out goes first.
lowerThreadPriority();

/** A long document's snapshot takes at most this many rows. */
const MAX_SNAPSHOT_ROWS = 192;

/**
 * Applies the rows to a fresh Y.Doc and encodes it, as one update or, for a long document, as
 * chunks (never more than the rows folded, whose ids they take): the heavy step, here off the event loop.
 */
function fold(rows, maxSnapshotRows = MAX_SNAPSHOT_ROWS) {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const row of rows) Y.applyUpdate(doc, row.data);
    });
    return stateChunks(doc, Math.min(MAX_SNAPSHOT_ROWS, maxSnapshotRows, rows.length));
  } finally {
    doc.destroy();
  }
}

/** The ids the snapshot's rows take: those of the last rows folded, in order. */
function snapshotIds(rows, count) {
  return rows.slice(rows.length - count).map((row) => Number(row.id));
}

async function sqliteStore(file) {
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  // Off the event loop, waiting for the write lock is harmless.
  db.pragma("busy_timeout = 10000");
  const selectUpTo = db.prepare(
    `SELECT "id", "kind", "data", "userId", "participantId" FROM "YUpdate" WHERE "room" = ? AND "id" <= ? ORDER BY "id"`,
  );
  // Who wrote what in the folded rows stays, as one small record per compaction (authorship.mjs, decision 060).
  const insertAuthorship = db.prepare(`INSERT INTO "YAuthorship" ("room", "upToId", "data", "createdAt") VALUES (?, ?, ?, ?)`);
  const selectLastId = db.prepare(`SELECT MAX("id") AS "id" FROM "YUpdate" WHERE "room" = ?`);
  const deleteUpTo = db.prepare(`DELETE FROM "YUpdate" WHERE "room" = ? AND "id" <= ?`);
  const insertSnapshot = db.prepare(
    `INSERT INTO "YUpdate" ("id", "room", "kind", "data", "userId", "participantId", "createdAt") VALUES (?, ?, 'snapshot', ?, NULL, NULL, ?)`,
  );
  const selectLongRooms = db.prepare(`SELECT "room" FROM "YUpdate" GROUP BY "room" HAVING COUNT(*) > ?`);
  const swap = db.transaction((room, upToId, ids, snapshot, authorship) => {
    deleteUpTo.run(room, upToId);
    const now = Date.now();
    snapshot.forEach((chunk, index) => insertSnapshot.run(ids[index], room, chunk, now));
    if (authorship.length > 0) insertAuthorship.run(room, upToId, JSON.stringify(authorship), new Date().toISOString());
  });
  return {
    async compact(room, requestedUpToId, maxSnapshotRows) {
      const upToId = requestedUpToId ?? selectLastId.get(room).id ?? 0;
      const rows = selectUpTo.all(room, upToId);
      if (rows.length <= 1) return { upToId, folded: 0, kept: rows.length };
      const snapshot = fold(rows, maxSnapshotRows);
      swap(room, upToId, snapshotIds(rows, snapshot.length), snapshot, authorshipOf(rows.filter((row) => row.kind === "update")));
      return { upToId, folded: rows.length, kept: snapshot.length };
    },
    async longRooms(minRows) {
      return selectLongRooms.all(minRows).map((row) => row.room);
    },
  };
}

async function postgresStore(url) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    /**
     * Reads, folds and swaps in one transaction. The room's advisory lock makes compactions of one
     * room take turns across processes (several nodes may share the database): whoever does not
     * get it folds nothing this time. The rows read are locked, so nothing else deletes them.
     */
    async compact(room, requestedUpToId, maxSnapshotRows) {
      await client.query("BEGIN");
      try {
        const locked = await client.query(`SELECT pg_try_advisory_xact_lock(hashtext('plenary.compact:' || $1)) AS "locked"`, [room]);
        if (!locked.rows[0].locked) {
          await client.query("ROLLBACK");
          return { upToId: requestedUpToId ?? 0, folded: 0, kept: 0 };
        }
        let upToId = requestedUpToId;
        if (upToId === undefined) {
          const last = await client.query(`SELECT MAX("id") AS "id" FROM "YUpdate" WHERE "room" = $1`, [room]);
          upToId = last.rows[0].id ?? 0;
        }
        const { rows } = await client.query(
          `SELECT "id", "kind", "data", "userId", "participantId" FROM "YUpdate" WHERE "room" = $1 AND "id" <= $2 ORDER BY "id" FOR UPDATE`,
          [room, upToId],
        );
        if (rows.length <= 1) {
          await client.query("ROLLBACK");
          return { upToId, folded: 0, kept: rows.length };
        }
        const snapshot = fold(rows, maxSnapshotRows);
        const ids = snapshotIds(rows, snapshot.length);
        await client.query(`DELETE FROM "YUpdate" WHERE "room" = $1 AND "id" <= $2`, [room, upToId]);
        const now = Date.now();
        for (const [index, chunk] of snapshot.entries())
          await client.query(
            `INSERT INTO "YUpdate" ("id", "room", "kind", "data", "userId", "participantId", "createdAt")
             VALUES ($1, $2, 'snapshot', $3, NULL, NULL, to_timestamp($4 / 1000.0) AT TIME ZONE 'UTC')`,
            [ids[index], room, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), now],
          );
        const authorship = authorshipOf(rows.filter((row) => row.kind === "update"));
        if (authorship.length > 0)
          await client.query(`INSERT INTO "YAuthorship" ("room", "upToId", "data", "createdAt") VALUES ($1, $2, $3, now())`, [
            room,
            upToId,
            JSON.stringify(authorship),
          ]);
        await client.query("COMMIT");
        return { upToId, folded: rows.length, kept: snapshot.length };
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
    },
    async longRooms(minRows) {
      const { rows } = await client.query(`SELECT "room" FROM "YUpdate" GROUP BY "room" HAVING COUNT(*) > $1`, [minRows]);
      return rows.map((row) => row.room);
    },
  };
}

const store = workerData.url ? postgresStore(workerData.url) : sqliteStore(workerData.file);

/** Folds every room whose log is longer than `minRows` (at start-up: logs left long by an older version or a crash). */
async function sweep(minRows) {
  const rooms = await (await store).longRooms(minRows);
  let folded = 0;
  // A snapshot of fewer rows than make a log long, or the next start would fold it again.
  for (const room of rooms) folded += (await (await store).compact(room, undefined, Math.floor(minRows / 2))).folded;
  return { upToId: 0, folded, kept: 0 };
}

let queue = Promise.resolve();
parentPort.on("message", ({ id, room, upToId, maxSnapshotRows, sweepOver }) => {
  queue = queue.then(async () => {
    try {
      const result = sweepOver === undefined ? await (await store).compact(room, upToId, maxSnapshotRows) : await sweep(sweepOver);
      parentPort.postMessage({ id, result });
    } catch (error) {
      parentPort.postMessage({ id, error: String(error?.stack ?? error) });
    }
  });
});
