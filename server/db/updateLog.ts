import Database from "better-sqlite3";

/** Who produced an update: a user's connection, or the server itself (author null). */
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
 * The Yjs update log (DESIGN §3): append, load, compact. Prisma owns the table's schema and
 * migrations; this SQLite implementation uses prepared statements for speed. A Postgres
 * implementation of the same interface replaces it later.
 */
export interface UpdateLog {
  load(room: string): StoredUpdate[];
  /** Appends all entries in one transaction. Throws a BusyError when the database is locked. */
  append(entries: readonly AppendEntry[]): void;
  /** Replaces every row of the room up to and including `upToId` with one snapshot. */
  compact(room: string, snapshot: Uint8Array, upToId: number): void;
  lastId(room: string): number;
  rowCount(room: string): number;
  close(): void;
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
  const deleteUpTo = db.prepare(`DELETE FROM "YUpdate" WHERE "room" = ? AND "id" <= ?`);
  const selectLastId = db.prepare(`SELECT MAX("id") AS "id" FROM "YUpdate" WHERE "room" = ?`);
  const selectCount = db.prepare(`SELECT COUNT(*) AS "count" FROM "YUpdate" WHERE "room" = ?`);

  const appendAll = db.transaction((entries: readonly AppendEntry[]) => {
    const now = Date.now();
    for (const entry of entries) {
      insert.run(entry.room, "update", entry.data, entry.author?.userId ?? null, entry.author?.participantId ?? null, now);
    }
  });
  const compactRoom = db.transaction((room: string, snapshot: Uint8Array, upToId: number) => {
    deleteUpTo.run(room, upToId);
    insert.run(room, "snapshot", snapshot, null, null, Date.now());
  });

  const rethrowBusy = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) throw new BusyError("database is locked");
      throw error;
    }
  };

  return {
    load(room) {
      return (selectRoom.all(room) as { id: number; kind: "update" | "snapshot"; data: Buffer }[]).map((row) => ({
        id: row.id,
        kind: row.kind,
        data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength),
      }));
    },
    append: (entries) => rethrowBusy(() => appendAll(entries)),
    compact: (room, snapshot, upToId) => rethrowBusy(() => compactRoom(room, snapshot, upToId)),
    lastId: (room) => (selectLastId.get(room) as { id: number | null }).id ?? 0,
    rowCount: (room) => (selectCount.get(room) as { count: number }).count,
    close: () => db.close(),
  };
}
