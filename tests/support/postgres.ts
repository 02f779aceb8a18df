import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./paths";

/**
 * Test runs on Postgres (docs/decisions/054): the vitest projects `integration:postgres` and
 * `domain:postgres` set PLENARY_TEST_DATABASE=postgres. Their global setup migrates (and, for
 * integration, seeds) one template database per run; each test file then gets its own database
 * copied from it with CREATE DATABASE … TEMPLATE, which takes a few tens of milliseconds.
 */
export const onPostgres = () => process.env.PLENARY_TEST_DATABASE === "postgres";

export interface PostgresRun {
  /** postgresql://user@host:port, without a database. */
  base: string;
  template: string;
  /** Every database of this run starts with it, so the teardown finds them all. */
  prefix: string;
}

function psqlBinary(): string {
  const versions = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const candidate = path.join("/usr/lib/postgresql", version, "bin", "psql");
    if (fs.existsSync(candidate)) return candidate;
  }
  return "psql";
}

/** Runs SQL on the server's maintenance database, synchronously (test set-up only). */
export function psql(base: string, sql: string): string {
  return execFileSync(psqlBinary(), ["-X", "-Atq", "-v", "ON_ERROR_STOP=1", `${base}/postgres`, "-c", sql], {
    encoding: "utf8",
    stdio: "pipe",
  });
}

/** Starts (or finds) the throwaway cluster of scripts/ensure-postgres.sh and names this run's databases. */
export function startPostgresRun(kind: string): PostgresRun {
  const base = execFileSync("bash", [path.join(ROOT, "scripts/ensure-postgres.sh")], { encoding: "utf8" }).trim();
  const prefix = `plenary_${kind}_${randomUUID().slice(0, 8)}`;
  return { base, template: `${prefix}_template`, prefix };
}

export function createDatabase(run: PostgresRun, name: string, template?: string) {
  // Two copies of one template at the same moment can collide ("being accessed by other users").
  for (let attempt = 0; ; attempt++) {
    try {
      psql(run.base, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
      return `${run.base}/${name}`;
    } catch (error) {
      if (attempt >= 20) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50 + attempt * 20);
    }
  }
}

/** Drops every database of the run, whoever still holds a connection to it. */
export function dropRunDatabases(run: PostgresRun) {
  const names = psql(run.base, `SELECT datname FROM pg_database WHERE datname LIKE '${run.prefix}%'`).split("\n").filter(Boolean);
  for (const name of names) psql(run.base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

const runFile = (dir: string) => path.join(dir, "postgres-run.json");

export function saveRun(dir: string, run: PostgresRun) {
  fs.writeFileSync(runFile(dir), JSON.stringify(run));
}

export function loadRun(dir: string): PostgresRun {
  return JSON.parse(fs.readFileSync(runFile(dir), "utf8")) as PostgresRun;
}

/** A fresh database of this run, copied from its template. */
export function freshPostgresDatabase(dir: string): string {
  const run = loadRun(dir);
  return createDatabase(run, `${run.prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`, run.template);
}
