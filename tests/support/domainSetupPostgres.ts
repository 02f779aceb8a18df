import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { DOMAIN_PG_TMP, ROOT } from "./paths";
import { createDatabase, dropRunDatabases, saveRun, startPostgresRun } from "./postgres";

/**
 * The domain tests on Postgres (docs/decisions/089): one template database per run, migrated
 * with `prisma migrate deploy` from prisma/postgres/migrations and not seeded, as the SQLite
 * set-up (domainSetup.ts); each test file copies it (tests/factories.ts). Dropped at the end.
 */
export default function setup() {
  fs.rmSync(DOMAIN_PG_TMP, { recursive: true, force: true });
  fs.mkdirSync(DOMAIN_PG_TMP, { recursive: true });
  const run = startPostgresRun("dom");
  const url = createDatabase(run, run.template);
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  saveRun(DOMAIN_PG_TMP, run);
  return () => dropRunDatabases(run);
}
