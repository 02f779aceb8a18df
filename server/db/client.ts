import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { withTriggerRefusals } from "./triggerRefusals";

export type Db = PrismaClient;

export function createDb(databaseUrl: string): Db {
  return withTriggerRefusals(new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl }) }));
}

/** Filesystem path of a `file:` URL, for the better-sqlite3 connection of the update log. */
export function sqliteFilePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, "");
}
