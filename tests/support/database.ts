import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createDb, type Db } from "../../server/db/client";
import { PG_TMP, TEMPLATE_DB, TMP } from "./paths";
import { freshPostgresDatabase, onPostgres } from "./postgres";

/**
 * A fresh copy of the migrated, seeded database: its own SQLite file, or on the Postgres run
 * (PLENARY_TEST_DATABASE=postgres) its own Postgres database. `file` is the SQLite file ("" on
 * Postgres: use `url`).
 */
export function freshDatabaseFile(): { url: string; file: string } {
  if (onPostgres()) return { url: freshPostgresDatabase(PG_TMP), file: "" };
  const file = path.join(TMP, `${randomUUID()}.db`);
  fs.copyFileSync(TEMPLATE_DB, file);
  return { url: `file:${file}`, file };
}

/** The same, with a client open on it. */
export function freshDatabase(): { url: string; file: string; db: Db } {
  const fresh = freshDatabaseFile();
  return { ...fresh, db: createDb(fresh.url, { poolSize: 4 }) };
}
