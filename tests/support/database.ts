import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createDb, type Db } from "../../server/db/client";
import { TEMPLATE_DB, TMP } from "./paths";

/** A fresh copy of the migrated, seeded database, in its own file. */
export function freshDatabase(): { url: string; file: string; db: Db } {
  const file = path.join(TMP, `${randomUUID()}.db`);
  fs.copyFileSync(TEMPLATE_DB, file);
  const url = `file:${file}`;
  return { url, file, db: createDb(url) };
}
