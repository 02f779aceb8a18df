// npm run bench -- updatelog: the update log's append rate and commit latency on SQLite and on
// Postgres (docs/decisions/053), through the same UpdateLog the server uses. Three Postgres set-ups:
// the test cluster of scripts/ensure-postgres.sh (fsync off), and a throwaway cluster with
// Postgres' durable defaults (fsync and synchronous_commit on) started here on BENCH_PG_PORT
// (default 4301) and stopped at the end. Figures are appended to BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import * as Y from "yjs";
import { openUpdateLog } from "../server/db/openUpdateLog";
import type { AppendEntry, UpdateLog } from "../server/db/updateLog";
import { ROOT, favouredNote } from "./harness";

const TMP = path.join(ROOT, "bench/.tmp");
fs.mkdirSync(TMP, { recursive: true });
const SINGLE = 2_000;
const BATCHES = 200;
const BATCH_SIZE = 20;
const CONCURRENT_ROOMS = 8;
const CONCURRENT_EACH = 250;

/** Real keystroke updates: one character typed into a Y.Text, as a client sends them. */
function keystrokes(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  const text = doc.getText("t");
  for (let index = 0; index < count; index++) text.insert(text.length, "abcdefghij"[index % 10]!);
  return updates;
}
const updates = keystrokes(SINGLE + BATCHES * BATCH_SIZE + CONCURRENT_ROOMS * CONCURRENT_EACH);
const author = { userId: "bench-user", participantId: "bench-participant" };

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]!;

async function measure(log: UpdateLog) {
  let next = 0;
  const entry = (room: string): AppendEntry => ({ room, data: updates[next++]!, author });
  // One update per transaction, each awaited: the slowest way the server commits (a lone typist).
  const latencies: number[] = [];
  let started = performance.now();
  for (let index = 0; index < SINGLE; index++) {
    const before = performance.now();
    await log.append([entry("bench.single")]);
    latencies.push(performance.now() - before);
  }
  const singleRate = SINGLE / ((performance.now() - started) / 1000);
  // Group commit: batches of 20 updates in one transaction (many typists in one room).
  started = performance.now();
  for (let index = 0; index < BATCHES; index++) await log.append(Array.from({ length: BATCH_SIZE }, () => entry("bench.batch")));
  const batchRate = (BATCHES * BATCH_SIZE) / ((performance.now() - started) / 1000);
  // Several rooms at once, one update per transaction each: where Postgres can commit in parallel.
  started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENT_ROOMS }, async (_, room) => {
      for (let index = 0; index < CONCURRENT_EACH; index++) await log.append([entry(`bench.room${room}`)]);
    }),
  );
  const concurrentRate = (CONCURRENT_ROOMS * CONCURRENT_EACH) / ((performance.now() - started) / 1000);
  // Loading back what was written (one room's 2,000 rows).
  started = performance.now();
  const rows = await log.load("bench.single");
  const loadMs = performance.now() - started;
  if (rows.length !== SINGLE) throw new Error(`expected ${SINGLE} rows, read ${rows.length}`);
  return { singleRate, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), batchRate, concurrentRate, loadMs };
}

function migrate(url: string) {
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
}

function psql(base: string, sql: string) {
  execFileSync("psql", ["-X", "-q", `${base}/postgres`, "-c", sql], { stdio: "pipe" });
}

/** A throwaway cluster with Postgres' defaults (durable commits), as the `postgres` user when run as root. */
function startDurableCluster(port: number) {
  const bin = fs
    .readdirSync("/usr/lib/postgresql")
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => `/usr/lib/postgresql/${version}/bin`)[0]!;
  const data = path.join(TMP, "pgdata-durable");
  const asPostgres = (command: string, args: string[]) =>
    process.getuid?.() === 0
      ? execFileSync("runuser", ["-u", "postgres", "--", command, ...args], { stdio: "pipe" })
      : execFileSync(command, args, { stdio: "pipe" });
  fs.rmSync(data, { recursive: true, force: true });
  fs.mkdirSync(data, { recursive: true });
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres", data]);
  asPostgres(`${bin}/initdb`, ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]);
  asPostgres(`${bin}/pg_ctl`, [
    "-D",
    data,
    "-o",
    `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
    "-w",
    "-l",
    path.join(data, "log"),
    "start",
  ]);
  return {
    base: `postgresql://postgres@127.0.0.1:${port}`,
    stop: () => {
      asPostgres(`${bin}/pg_ctl`, ["-D", data, "-m", "fast", "-w", "stop"]);
      fs.rmSync(data, { recursive: true, force: true });
    },
  };
}

type Result = Awaited<ReturnType<typeof measure>>;
const results: [string, Result][] = [];

async function run(name: string, url: string) {
  migrate(url);
  const log = openUpdateLog(url);
  try {
    const result = await measure(log);
    results.push([name, result]);
    console.log(name, JSON.stringify(result));
  } finally {
    await log.close();
  }
}

// SQLite: WAL, synchronous=NORMAL (durable across a killed process, decision 002).
const sqliteFile = path.join(TMP, `updatelog-${randomUUID()}.db`);
await run("SQLite (WAL, synchronous=NORMAL)", `file:${sqliteFile}`);
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${sqliteFile}${suffix}`, { force: true });

// Postgres, the test cluster (fsync off).
const testBase = execFileSync("bash", [path.join(ROOT, "scripts/ensure-postgres.sh")], { encoding: "utf8" }).trim();
const testDb = `plenary_bench_${randomUUID().slice(0, 8)}`;
psql(testBase, `CREATE DATABASE "${testDb}"`);
try {
  await run("Postgres, test cluster (fsync off)", `${testBase}/${testDb}`);
} finally {
  psql(testBase, `DROP DATABASE IF EXISTS "${testDb}" WITH (FORCE)`);
}

// Postgres with its durable defaults.
const durable = startDurableCluster(Number(process.env.BENCH_PG_PORT ?? 4301));
try {
  psql(durable.base, `CREATE DATABASE "plenary_bench"`);
  await run("Postgres, defaults (fsync on, synchronous_commit on)", `${durable.base}/plenary_bench`);
} finally {
  durable.stop();
}

const pgVersion = execFileSync("psql", ["--version"], { encoding: "utf8" }).trim();
const lines = [
  "",
  `## Update-log append rate, SQLite vs Postgres — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
  "",
  `Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, Node ${process.version}, ${pgVersion}; load average at the end ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(
      " / ",
    )} (a shared machine: other engineers' tests were running). Server and database on the same machine, over localhost TCP for Postgres. Real one-keystroke Yjs updates (${updates[5]!.byteLength} bytes), through the server's own UpdateLog (\`npm run bench -- updatelog\`).${favouredNote()}`,
  "",
  "| database | 1 update per commit, sequential | commit latency p50 / p99 | 20 updates per commit | 8 rooms at once, 1 per commit | load 2,000 rows |",
  "|---|---|---|---|---|---|",
  ...results.map(
    ([name, r]) =>
      `| ${name} | ${Math.round(r.singleRate).toLocaleString("en")} /s | ${r.p50.toFixed(2)} / ${r.p99.toFixed(2)} ms | ${Math.round(r.batchRate).toLocaleString("en")} updates/s | ${Math.round(r.concurrentRate).toLocaleString("en")} /s | ${r.loadMs.toFixed(1)} ms |`,
  ),
  "",
];
fs.appendFileSync(path.join(ROOT, "BENCHMARKS.md"), `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
