import { createRequire } from "node:module";
import { PrismaClient } from "@prisma/client";
import { withTriggerRefusals } from "./triggerRefusals";
import { isPostgresUrl, postgresAdapter } from "./postgres";
import { sqliteAdapter, type SqliteAdapter } from "./sqlite";

export type Db = PrismaClient;
export type DatabaseProvider = "sqlite" | "postgres";

const providers = new WeakMap<Db, DatabaseProvider>();

/**
 * The driver adapter a client is connected through (SQLite's and PostgreSQL's have the same
 * interface, @prisma/driver-adapter-utils' SqlDriverAdapter), for the few hot raw statements that
 * skip Prisma's query compiler (kernel/rawSql.ts, docs/decisions/163).
 */
export type DriverAdapter = SqliteAdapter;
const connections = new WeakMap<Db, { current?: DriverAdapter }>();

/** Remembers the adapter the client connects with, until the client disconnects it. */
function remembered<Factory extends { connect(): Promise<DriverAdapter> }>(factory: Factory, slot: { current?: DriverAdapter }): Factory {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (slot.current === adapter) slot.current = undefined;
      await dispose();
    };
    slot.current = adapter;
    return adapter;
  };
  return factory;
}

/**
 * A Prisma client for `DATABASE_URL`: postgresql://… selects Postgres, anything else is a SQLite
 * file (docs/decisions/050). Prisma refuses an adapter whose provider differs from the schema's,
 * so Postgres uses its own client, generated from prisma/postgres/schema.prisma into
 * node_modules/.prisma/postgres. The two clients have the same models and API; the SQLite one's
 * types stand for both, so type-checking never needs the generated Postgres client.
 */
export function createDb(databaseUrl: string, options: { poolSize?: number } = {}): Db {
  const slot: { current?: DriverAdapter } = {};
  if (!isPostgresUrl(databaseUrl)) {
    const db = withTriggerRefusals(new PrismaClient({ adapter: remembered(sqliteAdapter(databaseUrl), slot) }));
    providers.set(db, "sqlite");
    connections.set(db, slot);
    return db;
  }
  const adapter = remembered(
    postgresAdapter(databaseUrl, { max: options.poolSize }) as unknown as { connect(): Promise<DriverAdapter> },
    slot,
  );
  const db = withTriggerRefusals(new (postgresClientClass())({ adapter: adapter as unknown as ReturnType<typeof postgresAdapter> }));
  providers.set(db, "postgres");
  connections.set(db, slot);
  return db;
}

/**
 * The connected driver adapter of a client made by `createDb` (connecting the client first if it
 * has not yet), or null for any other client: callers then go through Prisma.
 */
export async function driverOf(db: Db): Promise<DriverAdapter | null> {
  const slot = connections.get(db);
  if (!slot) return null;
  if (!slot.current) await db.$connect();
  return slot.current ?? null;
}

/** Which database a client talks to, for the few raw queries whose SQL differs. */
export function providerOf(db: Db): DatabaseProvider {
  return providers.get(db) ?? "sqlite";
}

let PostgresClient: typeof PrismaClient | null = null;
function postgresClientClass(): typeof PrismaClient {
  if (PostgresClient) return PostgresClient;
  try {
    PostgresClient = (createRequire(import.meta.url)(".prisma/postgres") as { PrismaClient: typeof PrismaClient }).PrismaClient;
  } catch (error) {
    throw new Error("The Postgres Prisma client is not generated: run `npm run generate` (npm install does).", { cause: error });
  }
  return PostgresClient;
}

/** Filesystem path of a `file:` URL, for the better-sqlite3 connection of the update log. */
export function sqliteFilePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, "");
}
