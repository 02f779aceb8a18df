import { createRequire } from "node:module";
import { PrismaClient } from "@prisma/client";
import { withTriggerRefusals } from "./triggerRefusals";
import { isPostgresUrl, postgresAdapter } from "./postgres";
import { sqliteAdapter } from "./sqlite";

export type Db = PrismaClient;
export type DatabaseProvider = "sqlite" | "postgres";

const providers = new WeakMap<Db, DatabaseProvider>();

/**
 * A Prisma client for `DATABASE_URL`: postgresql://… selects Postgres, anything else is a SQLite
 * file (docs/decisions/050). Prisma refuses an adapter whose provider differs from the schema's,
 * so Postgres uses its own client, generated from prisma/postgres/schema.prisma into
 * node_modules/.prisma/postgres. The two clients have the same models and API; the SQLite one's
 * types stand for both, so type-checking never needs the generated Postgres client.
 */
export function createDb(databaseUrl: string, options: { poolSize?: number } = {}): Db {
  if (!isPostgresUrl(databaseUrl)) {
    const db = withTriggerRefusals(new PrismaClient({ adapter: sqliteAdapter(databaseUrl) }));
    providers.set(db, "sqlite");
    return db;
  }
  const db = withTriggerRefusals(new (postgresClientClass())({ adapter: postgresAdapter(databaseUrl, { max: options.poolSize }) }));
  providers.set(db, "postgres");
  return db;
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
