import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { DOMAIN_TEMPLATE_DB, DOMAIN_TMP, ROOT } from "./paths";

/**
 * In-process domain tests: one SQLite file migrated with `prisma migrate deploy`, as on a fresh
 * machine, and no seed; each test file copies it and builds what it needs with tests/factories.
 */
export default function setup() {
  fs.rmSync(DOMAIN_TMP, { recursive: true, force: true });
  fs.mkdirSync(DOMAIN_TMP, { recursive: true });
  const env = { ...process.env, DATABASE_URL: `file:${DOMAIN_TEMPLATE_DB}` };
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env, stdio: "pipe" });
}
