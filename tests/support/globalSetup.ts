import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT, TEMPLATE_DB, TMP } from "./paths";

/**
 * One migrated and seeded SQLite file per test run; each test file copies it (see database.ts).
 * Migrations are applied with `prisma migrate deploy`, exactly as on a fresh machine.
 */
export default function setup() {
  fs.rmSync(TMP, { recursive: true, force: true });
  fs.mkdirSync(TMP, { recursive: true });
  if (!fs.existsSync(path.join(ROOT, "build/index.js"))) {
    throw new Error("The Remix build is missing: run `npm run build` first (npm test does).");
  }
  const env = { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` };
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env, stdio: "pipe" });
  execFileSync("node", ["--import", "tsx", "prisma/seed.ts"], { cwd: ROOT, env, stdio: "pipe" });
}
