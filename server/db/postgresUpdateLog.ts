import pg from "pg";
import { BusyError, compactionThread, type AppendEntry, type StoredUpdate, type UpdateLog } from "./updateLog";

/**
 * SQLSTATE classes after which the same append may well succeed a moment later: connection
 * exceptions (08), too many connections (53300), serialization failures and deadlocks (40),
 * the server shutting down (57P01-57P03).
 */
const TRANSIENT = /^(08|40|53|57P0)/;
const TRANSIENT_NODE = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT"]);

function asBusy(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (TRANSIENT.test(code) || TRANSIENT_NODE.has(code))) {
    return new BusyError(`database unavailable (${code})`, { cause: error });
  }
  if (error instanceof Error && /Connection terminated|timeout exceeded when trying to connect/i.test(error.message)) {
    return new BusyError(error.message, { cause: error });
  }
  return error;
}

/**
 * The update log on Postgres (docs/decisions/053), same promise as SQLite's: `append` resolves
 * only once its one statement (all entries, in order) is committed, so LiveDocuments broadcasts
 * nothing that is not stored. A pool of its own, apart from Prisma's, so Prisma's transactions
 * never wait behind the log and the other way round. Compaction runs in the worker thread on its
 * own connection, under a per-room advisory lock.
 */
const toStored = (row: { id: number; kind: StoredUpdate["kind"]; data: Buffer }): StoredUpdate => ({
  id: row.id,
  kind: row.kind,
  data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength),
});

export function openPostgresUpdateLog(url: string, options: { poolSize?: number } = {}): UpdateLog {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 4 });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on("error", (error) => console.error("update log connection lost:", error.message));
  const compactor = compactionThread({ url });
  const query = async <Row extends pg.QueryResultRow>(text: string, values: unknown[]) => {
    try {
      return await pool.query<Row>(text, values);
    } catch (error) {
      throw asBusy(error);
    }
  };

  return {
    async load(room) {
      const { rows } = await query<{ id: number; kind: StoredUpdate["kind"]; data: Buffer }>(
        `SELECT "id", "kind", "data" FROM "YUpdate" WHERE "room" = $1 ORDER BY "id"`,
        [room],
      );
      return rows.map(toStored);
    },
    async loadAfter(room, afterId) {
      const { rows } = await query<{ id: number; kind: StoredUpdate["kind"]; data: Buffer }>(
        `SELECT "id", "kind", "data" FROM "YUpdate" WHERE "room" = $1 AND "id" > $2 ORDER BY "id"`,
        [room, afterId],
      );
      return rows.map(toStored);
    },
    async append(entries: readonly AppendEntry[]) {
      if (entries.length === 0) return;
      // One statement is one transaction; ids follow the entries' order (ORDER BY the ordinality).
      await query(
        `INSERT INTO "YUpdate" ("room", "kind", "data", "userId", "participantId", "createdAt")
         SELECT e."room", 'update', e."data", e."userId", e."participantId", to_timestamp($6 / 1000.0) AT TIME ZONE 'UTC'
         FROM unnest($1::text[], $2::bytea[], $3::text[], $4::text[], $5::int[]) AS e("room", "data", "userId", "participantId", "n")
         ORDER BY e."n"`,
        [
          entries.map((entry) => entry.room),
          entries.map((entry) => Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength)),
          entries.map((entry) => entry.author?.userId ?? null),
          entries.map((entry) => entry.author?.participantId ?? null),
          entries.map((_, index) => index),
          Date.now(),
        ],
      );
    },
    compact: (room, upToId, maxSnapshotRows) => compactor.compact(room, upToId, maxSnapshotRows),
    compactLongLogs: async (minRows) => (await compactor.post({ sweepOver: minRows })).folded,
    async lastId(room) {
      const { rows } = await query<{ id: number | null }>(`SELECT MAX("id") AS "id" FROM "YUpdate" WHERE "room" = $1`, [room]);
      return rows[0]?.id ?? 0;
    },
    async rowCount(room, upTo) {
      // LIMIT NULL is no limit.
      const { rows } = await query<{ count: string }>(
        `SELECT COUNT(*) AS "count" FROM (SELECT 1 FROM "YUpdate" WHERE "room" = $1 LIMIT $2) AS "counted"`,
        [room, upTo ?? null],
      );
      return Number(rows[0]?.count ?? 0);
    },
    async close() {
      compactor.close();
      await pool.end();
    },
  };
}
