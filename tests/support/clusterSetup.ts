import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { CLUSTER_TEMPLATE_DB, CLUSTER_TMP, ROOT } from "./paths";

/**
 * The two-node suite: a throwaway Redis (scripts/ensure-redis.sh, idempotent: npm test has
 * started it already) and one migrated, seeded SQLite file that each test file copies.
 */
export default function setup() {
  if (!fs.existsSync(path.join(ROOT, "build/index.js"))) {
    throw new Error("The Remix build is missing: run `npm run build` first (npm test does).");
  }
  if (!process.env.TEST_REDIS_URL) execFileSync("bash", ["scripts/ensure-redis.sh"], { cwd: ROOT, stdio: "pipe" });
  fs.rmSync(CLUSTER_TMP, { recursive: true, force: true });
  fs.mkdirSync(CLUSTER_TMP, { recursive: true });
  const env = { ...process.env, DATABASE_URL: `file:${CLUSTER_TEMPLATE_DB}` };
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env, stdio: "pipe" });
  execFileSync("node", ["--import", "tsx", "prisma/seed.ts"], { cwd: ROOT, env, stdio: "pipe" });
}
