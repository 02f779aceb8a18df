import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";

/** Who produced an update: a user's connection or the server on their behalf (a chair's decision), or null: the server on its own. */
export interface UpdateAuthor {
  userId: string;
  participantId: string;
}

export interface StoredUpdate {
  id: number;
  kind: "update" | "snapshot";
  data: Uint8Array;
}

export interface AppendEntry {
  room: string;
  data: Uint8Array;
  author: UpdateAuthor | null;
}

/**
 * The Yjs update log (docs/decisions/002): append, load, compact. Prisma owns the table's schema and
 * migrations; the SQLite implementation uses prepared statements for speed, the Postgres one
 * (postgresUpdateLog.ts, docs/decisions/053) a pool of its own. Asynchronous, because Postgres is;
 * SQLite's calls complete at once.
 */
export interface UpdateLog {
  load(room: string): Promise<StoredUpdate[]>;
  /** The room's rows with an id above `afterId` (a node's repair read, server/cluster); optional, `load` stands in. */
  loadAfter?(room: string, afterId: number): Promise<StoredUpdate[]>;
  /**
   * Appends all entries in one transaction: resolves once they are committed, never before.
   * Rejects with a BusyError when the database cannot take them now (locked, connection lost).
   */
  append(entries: readonly AppendEntry[]): Promise<void>;
  /**
   * Replaces every row of the room up to and including `upToId` (default: all) with one
   * snapshot, off the calling thread; rows appended meanwhile stay after it. Resolves with the
   * number of rows folded (0 when there was nothing to fold) and the number of rows the snapshot
   * takes (one, or for a long document a few chunks to apply in turn: docs/decisions/097).
   */
  compact(room: string, upToId?: number, maxSnapshotRows?: number): Promise<CompactionResult>;
  /** Compacts, off the calling thread, every room whose log holds more than `minRows` rows; resolves with the rows folded. */
  compactLongLogs(minRows: number): Promise<number>;
  lastId(room: string): Promise<number>;
  /**
   * The room's number of rows, counted no further than `upTo` when given: checking a log against a
   * threshold then reads at most that many index entries (counting a 260,000-row log took 12 ms on
   * the event loop, docs/decisions/133).
   */
  rowCount(room: string, upTo?: number): Promise<number>;
  close(): Promise<void>;
}

export interface CompactionResult {
  upToId: number;
  folded: number;
  kept: number;
}

export class BusyError extends Error {}

export function openSqliteUpdateLog(file: string): UpdateLog {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // WAL with synchronous=NORMAL survives a killed process (not a power cut): a committed
  // transaction is in the WAL file before commit returns.
  db.pragma("synchronous = NORMAL");
  // Never block the event loop waiting for Prisma's connection: fail fast and retry later.
  db.pragma("busy_timeout = 0");

  const insert = db.prepare(
    `INSERT INTO "YUpdate" ("room", "kind", "data", "userId", "participantId", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const selectRoom = db.prepare(`SELECT "id", "kind", "data" FROM "YUpdate" WHERE "room" = ? ORDER BY "id"`);
  const selectRoomAfter = db.prepare(`SELECT "id", "kind", "data" FROM "YUpdate" WHERE "room" = ? AND "id" > ? ORDER BY "id"`);
  const selectLastId = db.prepare(`SELECT MAX("id") AS "id" FROM "YUpdate" WHERE "room" = ?`);
  const selectCount = db.prepare(`SELECT COUNT(*) AS "count" FROM (SELECT 1 FROM "YUpdate" WHERE "room" = ? LIMIT ?)`);

  const appendAll = db.transaction((entries: readonly AppendEntry[]) => {
    const now = Date.now();
    for (const entry of entries) {
      insert.run(entry.room, "update", entry.data, entry.author?.userId ?? null, entry.author?.participantId ?? null, now);
    }
  });
  const compactor = compactionThread({ file });

  const rethrowBusy = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) throw new BusyError("database is locked");
      throw error;
    }
  };

  type Row = { id: number; kind: "update" | "snapshot"; data: Buffer };
  const toStored = (row: Row): StoredUpdate => ({
    id: row.id,
    kind: row.kind,
    data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength),
  });
  return {
    load: async (room) => (selectRoom.all(room) as Row[]).map(toStored),
    loadAfter: async (room, afterId) => (selectRoomAfter.all(room, afterId) as Row[]).map(toStored),
    append: async (entries) => rethrowBusy(() => appendAll(entries)),
    compact: (room, upToId, maxSnapshotRows) => compactor.compact(room, upToId, maxSnapshotRows),
    compactLongLogs: async (minRows) => (await compactor.post({ sweepOver: minRows })).folded,
    lastId: async (room) => (selectLastId.get(room) as { id: number | null }).id ?? 0,
    // A negative LIMIT is no limit in SQLite.
    rowCount: async (room, upTo) => (selectCount.get(room, upTo ?? -1) as { count: number }).count,
    close: async () => {
      compactor.close();
      db.close();
    },
  };
}

/**
 * One worker thread, started on first use, that does the heavy Yjs work of compaction (decoding
 * a long log, encoding the snapshot) and the swap, so the event loop never waits for it. It
 * opens its own connection: a SQLite file, or a Postgres URL.
 */
export function compactionThread(database: { file: string } | { url: string }) {
  let worker: Worker | null = null;
  let nextId = 0;
  const waiting = new Map<number, { resolve: (result: CompactionResult) => void; reject: (error: Error) => void }>();
  const start = () => {
    // Plain JavaScript: no loader needed, and none inherited (a preloaded .ts module would fail there).
    const started = new Worker(new URL("./compactionWorker.mjs", import.meta.url), { workerData: database, execArgv: [] });
    started.unref();
    started.on("message", ({ id, result, error }: { id: number; result?: CompactionResult; error?: string }) => {
      const entry = waiting.get(id);
      waiting.delete(id);
      if (waiting.size === 0) started.unref();
      if (error) entry?.reject(new Error(error));
      else entry?.resolve(result!);
    });
    started.on("error", (error) => {
      for (const entry of waiting.values()) entry.reject(error);
      waiting.clear();
      worker = null;
    });
    return started;
  };
  return {
    compact(room: string, upToId?: number, maxSnapshotRows?: number) {
      return this.post({ room, upToId, maxSnapshotRows });
    },
    post(task: { room?: string; upToId?: number; maxSnapshotRows?: number; sweepOver?: number }) {
      worker ??= start();
      const id = nextId++;
      worker.ref(); // keep the process up until the swap is done
      worker.postMessage({ id, ...task });
      return new Promise<CompactionResult>((resolve, reject) => waiting.set(id, { resolve, reject }));
    },
    close() {
      void worker?.terminate();
      worker = null;
    },
  };
}
