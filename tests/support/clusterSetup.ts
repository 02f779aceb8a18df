import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { CLUSTER_TEMPLATE_DB, CLUSTER_TMP, ROOT } from "./paths";
import { createDatabase, dropRunDatabases, saveRun, startPostgresRun, type PostgresRun } from "./postgres";

/**
 * The two-node suite (docs/decisions/059): a throwaway Redis (scripts/ensure-redis.sh, idempotent:
 * npm test has started it already) and one migrated, seeded template that each test file copies:
 * a Postgres database — the target, any number of nodes on one Postgres and one Redis —
 * or, only where Postgres cannot be started, a SQLite file the nodes share (WAL). The choice is
 * written down for tests/support/cluster.ts and printed.
 */
export default function setup() {
  if (!fs.existsSync(path.join(ROOT, "build/index.js"))) {
    throw new Error("The Remix build is missing: run `npm run build` first (npm test does).");
  }
  if (!process.env.TEST_REDIS_URL) execFileSync("bash", ["scripts/ensure-redis.sh"], { cwd: ROOT, stdio: "pipe" });
  fs.rmSync(CLUSTER_TMP, { recursive: true, force: true });
  fs.mkdirSync(CLUSTER_TMP, { recursive: true });
  let run: PostgresRun | null = null;
  if (process.env.PLENARY_CLUSTER_DATABASE !== "sqlite") {
    try {
      run = startPostgresRun("cluster");
    } catch (error) {
      console.warn(`two-node suite: Postgres unavailable, the nodes share a SQLite file instead (${String(error).split("\n")[0]})`);
    }
  }
  const url = run ? createDatabase(run, run.template) : `file:${CLUSTER_TEMPLATE_DB}`;
  const env = { ...process.env, DATABASE_URL: url };
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env, stdio: "pipe" });
  execFileSync("node", ["--import", "tsx", "prisma/seed.ts"], { cwd: ROOT, env, stdio: "pipe" });
  if (!run) return;
  saveRun(CLUSTER_TMP, run);
  console.log("two-node suite: nodes share one Postgres database per test file");
  return () => dropRunDatabases(run);
}
