import { setImmediate as nextTurn } from "node:timers/promises";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";

export type SqliteAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

/**
 * The better-sqlite3 adapter for the app and the CLI. Its shadow database (an in-memory one,
 * where `migrate diff --from-migrations` replays the migrations) receives each migration file
 * through `executeRaw`, which better-sqlite3 refuses for several statements (P3006): scripts
 * without parameters run there with `exec` instead (docs/decisions/001, 051).
 */
class PlenarySqlite extends PrismaBetterSQLite3 {
  /**
   * better-sqlite3 answers synchronously, so without this a whole request (every query compiled,
   * run and mapped, then the page rendered) ran as one turn of the event loop, and a burst of
   * requests as one long stall for everyone else (docs/decisions/073: nothing may hold the loop more than
   * ~50 ms). Each query outside a transaction first yields a turn, so other requests and
   * WebSocket messages get in between queries. Queries inside a transaction do not yield: the
   * transaction holds the connection, and another request's statements must not land in it.
   */
  override async connect(): Promise<SqliteAdapter> {
    const adapter = await super.connect();
    takeTheWriteLockAtBegin(adapter);
    const queryRaw = adapter.queryRaw.bind(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.queryRaw = async (query) => (await nextTurn(), queryRaw(query));
    adapter.executeRaw = async (query) => (await nextTurn(), executeRaw(query));
    adapter.startTransaction = async (isolationLevel) => (await nextTurn(), startTransaction(isolationLevel));
    return adapter;
  }

  override async connectToShadowDb(): Promise<SqliteAdapter> {
    const shadow = await super.connectToShadowDb();
    const executeRaw = shadow.executeRaw.bind(shadow);
    shadow.executeRaw = async (query) => {
      if (query.args.length > 0) return executeRaw(query);
      await shadow.executeScript(query.sql);
      return 0;
    };
    return shadow;
  }
}

/**
 * The adapter opens every transaction with a deferred `BEGIN`. The update log and the compaction
 * worker write through connections of their own, so when one of them commits between a
 * transaction's first read and its first write, SQLite refuses that write at once with "database
 * is locked" (the transaction's snapshot is stale; no busy wait can help) and the command fails
 * with a 500. `BEGIN IMMEDIATE` takes the write lock at the start instead: the other writers are
 * the ones told to wait (the update log retries on a later turn), and a transaction never fails
 * half-way for having read first. The adapter keeps its client in a field it does not declare,
 * hence the narrow cast; server/db/sqlite.test.ts fails if an upgrade moves it.
 */
function takeTheWriteLockAtBegin(adapter: SqliteAdapter) {
  const client = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
  if (!client) throw new Error("The SQLite adapter's client was not found: review server/db/sqlite.ts after an upgrade.");
  const prepare = client.prepare.bind(client);
  client.prepare = ((source: string) => prepare(source === "BEGIN" ? "BEGIN IMMEDIATE" : source)) as typeof client.prepare;
}

export function sqliteAdapter(url: string): PrismaBetterSQLite3 {
  return new PlenarySqlite({ url });
}
