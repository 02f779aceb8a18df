import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createDb, type Db } from "../../server/db/client";
import { TEMPLATE_DB, TMP } from "./paths";

/** A fresh copy of the migrated, seeded database, in its own file. */
export function freshDatabaseFile(): { url: string; file: string } {
  const file = path.join(TMP, `${randomUUID()}.db`);
  fs.copyFileSync(TEMPLATE_DB, file);
  return { url: `file:${file}`, file };
}

/** The same, with a client open on it. */
export function freshDatabase(): { url: string; file: string; db: Db } {
  const fresh = freshDatabaseFile();
  return { ...fresh, db: createDb(fresh.url) };
}
