import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The SQLite run's files; the end-to-end run, beside vitest in npm test, has its own (scripts/test.sh). */
export const TMP = path.join(ROOT, process.env.PLENARY_TEST_TMP ?? "tests/.tmp");
export const TEMPLATE_DB = path.join(TMP, "template.db");
/** The domain project's own migrated (unseeded) database, apart from the integration run's. */
export const DOMAIN_TMP = path.join(ROOT, "tests/.tmp-domain");
export const DOMAIN_TEMPLATE_DB = path.join(DOMAIN_TMP, "template.db");
/** The two-node suite's own migrated and seeded database, apart from the integration run's. */
export const CLUSTER_TMP = path.join(ROOT, "tests/.tmp-cluster");
export const CLUSTER_TEMPLATE_DB = path.join(CLUSTER_TMP, "template.db");
/** The throwaway Redis of tests and benchmarks (scripts/ensure-redis.sh). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:56379";
/** Where the Postgres runs note their databases' names (tests/support/postgres.ts). */
export const PG_TMP = path.join(ROOT, "tests/.tmp-postgres");
export const DOMAIN_PG_TMP = path.join(ROOT, "tests/.tmp-domain-postgres");
