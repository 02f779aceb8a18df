import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createDb, type Db } from "../../server/db/client";
import { CLUSTER_TEMPLATE_DB, CLUSTER_TMP, TEST_REDIS_URL } from "./paths";
import { freshPostgresDatabase } from "./postgres";
import { startServer, type RunningServer } from "./server";

/**
 * One shared database for every node of a test file, copied from the run's template: a Postgres
 * database, or the SQLite fallback (tests/support/clusterSetup.ts). `file` is "" on Postgres.
 */
export function sharedDatabase(): { url: string; file: string; db: Db; provider: "postgres" | "sqlite" } {
  if (fs.existsSync(path.join(CLUSTER_TMP, "postgres-run.json"))) {
    const url = freshPostgresDatabase(CLUSTER_TMP);
    return { url, file: "", db: createDb(url, { poolSize: 4 }), provider: "postgres" };
  }
  const file = path.join(CLUSTER_TMP, `${randomUUID()}.db`);
  fs.copyFileSync(CLUSTER_TEMPLATE_DB, file);
  const url = `file:${file}`;
  return { url, file, db: createDb(url), provider: "sqlite" };
}

/** What the nodes of this run share, for test titles: decided by the global set-up. */
export const clusterDatabaseName = () => (fs.existsSync(path.join(CLUSTER_TMP, "postgres-run.json")) ? "Postgres" : "SQLite (fallback)");

export interface ClusterNodes {
  /** Namespace of this run's keys and channels in the shared test Redis. */
  prefix: string;
  nodes: RunningServer[];
  /** Starts one more node of the same cluster. */
  add(env?: Record<string, string>): Promise<RunningServer>;
  stop(): Promise<void>;
}

/**
 * Starts `count` real server processes on ephemeral ports that share the database and one Redis
 * (a prefix of their own, so test files running side by side never hear each other).
 */
export async function startNodes(databaseUrl: string, count: number, env: Record<string, string> = {}): Promise<ClusterNodes> {
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const nodes: RunningServer[] = [];
  const add = async (extra: Record<string, string> = {}) => {
    const node = await startServer(databaseUrl, { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, ...env, ...extra });
    nodes.push(node);
    return node;
  };
  const started = await Promise.all(Array.from({ length: count }, () => add()));
  nodes.splice(0, nodes.length, ...started);
  return {
    prefix,
    nodes,
    add,
    async stop() {
      await Promise.all(nodes.map((node) => node.stop()));
    },
  };
}
