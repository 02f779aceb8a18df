import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PG_TMP, ROOT } from "./paths";
import { createDatabase, dropRunDatabases, saveRun, startPostgresRun } from "./postgres";

/**
 * The integration suite on Postgres: one template database per run, migrated with `prisma migrate
 * deploy` (prisma/postgres/migrations) and seeded, exactly as a fresh machine would; each test file
 * copies it (tests/support/database.ts). Every database of the run is dropped at the end.
 */
export default function setup() {
  if (!fs.existsSync(path.join(ROOT, "build/index.js"))) {
    throw new Error("The Remix build is missing: run `npm run build` first (npm test does).");
  }
  fs.rmSync(PG_TMP, { recursive: true, force: true });
  fs.mkdirSync(PG_TMP, { recursive: true });
  const run = startPostgresRun("it");
  const url = createDatabase(run, run.template);
  const env = { ...process.env, DATABASE_URL: url };
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env, stdio: "pipe" });
  execFileSync("node", ["--import", "tsx", "prisma/seed.ts"], { cwd: ROOT, env, stdio: "pipe" });
  saveRun(PG_TMP, run);
  return () => dropRunDatabases(run);
}
