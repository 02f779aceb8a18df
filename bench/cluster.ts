// npm run bench -- cluster: the fan-out benchmark on one node vs two nodes sharing one SQLite file
// and one Redis (docs/decisions/055), with the same 200 clients split across the nodes. Servers run pinned to
// core 0 (both nodes share it: the same CPU budget as one node), the load generator to core 1,
// Redis unpinned. Figures are appended to BENCHMARKS.md.
import { execFileSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb } from "../server/db/client";
import { ROOT, pinned, SERVER_ARGS, seededDatabase, signIn, waitForPort, favouredNote } from "./harness";
import { READER_PROCESSES, runLoad, type PhaseResult } from "./fanoutLoad";
import type { LoadConfig } from "./loadProcess";

const CLIENTS = 200;
const WRITERS = 20; // 10% of the clients, 5 Hz each = 100 updates/s
const PHASES: LoadConfig["phases"] = [
  { name: "warm-up 100/s", updatesPerSecond: 100, seconds: 3 },
  { name: "steady 100/s", updatesPerSecond: 100, seconds: 10 },
  { name: "ramp 200/s", updatesPerSecond: 200, seconds: 4 },
  { name: "ramp 400/s", updatesPerSecond: 400, seconds: 4 },
  { name: "ramp 600/s", updatesPerSecond: 600, seconds: 4 },
  { name: "ramp 800/s", updatesPerSecond: 800, seconds: 4 },
  { name: "ramp 1000/s", updatesPerSecond: 1000, seconds: 4 },
  { name: "ramp 1200/s", updatesPerSecond: 1200, seconds: 4 },
];
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:56379";

function option(name: string, fallback: string) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1]!;
}
const ROUNDS = Number(option("rounds", "2"));

interface Setup {
  key: string;
  name: string;
  nodes: number;
  database: "sqlite" | "postgres";
}

/** A migrated, seeded database of the set-up's kind (Postgres: scripts/ensure-postgres.sh's server). */
function benchDatabase(setup: Setup): string {
  if (setup.database === "sqlite") return seededDatabase(`cluster-${setup.nodes}`).url;
  const base = execFileSync("bash", ["scripts/ensure-postgres.sh"], { cwd: ROOT, encoding: "utf8" }).trim();
  const name = `plenary_bench_cluster_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  execFileSync("psql", ["-X", "-q", `${base}/postgres`, "-c", `CREATE DATABASE "${name}"`], { stdio: "ignore" });
  const url = `${base}/${name}`;
  const env = { ...process.env, DATABASE_URL: url } as NodeJS.ProcessEnv;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env, stdio: "ignore" });
  execFileSync(process.execPath, ["--import", "tsx", "prisma/seed.ts"], { cwd: ROOT, env, stdio: "ignore" });
  return url;
}

async function measure(setup: Setup): Promise<PhaseResult[]> {
  const { nodes } = setup;
  const databaseUrl = benchDatabase(setup);
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    PORT: "0",
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    // The load generator's 180 readers share one account (and its writers another).
    COLLAB_MAX_CONNECTIONS_PER_USER: String(CLIENTS),
  };
  if (nodes > 1) Object.assign(env, { REDIS_URL, REDIS_PREFIX: `bench-${randomUUID().slice(0, 8)}` });
  const children: ChildProcess[] = [];
  try {
    const urls: string[] = [];
    for (let index = 0; index < nodes; index++) {
      const child = pinned(0, SERVER_ARGS, env);
      children.push(child);
      urls.push(`http://127.0.0.1:${await waitForPort(child)}`);
    }
    const db = createDb(databaseUrl);
    const { id } = await db.document.findFirstOrThrow({ where: { kind: "declaration" }, select: { id: true } });
    await db.$disconnect();
    const results = await runLoad({
      url: urls[0]!,
      urls,
      room: `document.${id}`,
      serverPid: children[0]!.pid!,
      serverPids: children.map((child) => child.pid!),
      clients: CLIENTS,
      writers: WRITERS,
      // Sessions are rows in the shared database: valid on every node.
      writerCookie: await signIn(urls[0]!, "chair@turkiye.example"),
      readerCookie: await signIn(urls[0]!, "observer@iom.example"),
      phases: PHASES,
    });
    for (const result of results) {
      console.log(
        `   ${result.name}: p50 ${ms(result.p50Ms)} ms, p99 ${ms(result.p99Ms)} ms` +
          (nodes > 1
            ? ` (same node ${ms(result.sameNodeP50Ms)}/${ms(result.sameNodeP99Ms)}, other node ${ms(result.crossNodeP50Ms)}/${ms(result.crossNodeP99Ms)})`
            : "") +
          `, complete ${(100 * result.completeRatio).toFixed(1)}%, cpu ${result.serverCpuPercent.toFixed(0)}%`,
      );
    }
    return results;
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once("exit", resolve)) : null)));
  }
}

function ms(value: number | null | undefined) {
  return typeof value === "number" && Number.isFinite(value) ? value.toFixed(2) : "—";
}
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const present = (values: (number | null | undefined)[]) =>
  values.filter((value): value is number => typeof value === "number" && Number.isFinite(value));
const cell = (values: (number | null | undefined)[]) => {
  const found = present(values);
  if (found.length === 0) return "—";
  const spread = found.length > 1 ? ` (${Math.min(...found).toFixed(1)}–${Math.max(...found).toFixed(1)})` : "";
  return `${median(found).toFixed(1)}${spread}`;
};
/** Strict saturation: the highest offered rate at which ≥ 99% of that phase's own updates reached every other client. */
const saturationOf = (results: PhaseResult[]) =>
  Math.max(0, ...results.filter((result) => result.completeRatio >= 0.99).map((result) => result.offeredPerSecond));

if (!fs.existsSync(path.join(ROOT, "build/index.js"))) execFileSync("npx", ["remix", "build"], { cwd: ROOT, stdio: "ignore" });
execFileSync("bash", ["scripts/ensure-redis.sh"], { cwd: ROOT, stdio: "inherit" });
const SETUPS: Setup[] = [
  { key: "1-sqlite", name: "one node, SQLite", nodes: 1, database: "sqlite" },
  { key: "2-sqlite", name: "two nodes + Redis, shared SQLite", nodes: 2, database: "sqlite" },
  { key: "1-postgres", name: "one node, Postgres", nodes: 1, database: "postgres" },
  { key: "2-postgres", name: "two nodes + Redis, Postgres", nodes: 2, database: "postgres" },
];
const selected = option("setups", SETUPS.map((setup) => setup.key).join(",")).split(",");
const setups = SETUPS.filter((setup) => selected.includes(setup.key));
const runs = new Map<string, PhaseResult[][]>(setups.map((setup) => [setup.key, []]));
for (let round = 1; round <= ROUNDS; round++) {
  for (const setup of setups) {
    console.log(`-- round ${round}/${ROUNDS}: ${setup.name}`);
    runs.get(setup.key)!.push(await measure(setup));
  }
}

const rows: string[] = [];
for (const setup of setups) {
  const multi = setup.nodes > 1;
  PHASES.forEach((phase, index) => {
    const at = runs.get(setup.key)!.map((results) => results[index]!);
    rows.push(
      `| ${setup.name} | ${phase.name} | ${cell(at.map((r) => 100 * r.completeRatio))} | ${cell(at.map((r) => r.p50Ms))} | ${cell(at.map((r) => r.p99Ms))} | ${multi ? cell(at.map((r) => r.sameNodeP50Ms)) : "—"} | ${multi ? cell(at.map((r) => r.sameNodeP99Ms)) : "—"} | ${multi ? cell(at.map((r) => r.crossNodeP50Ms)) : "—"} | ${multi ? cell(at.map((r) => r.crossNodeP99Ms)) : "—"} | ${cell(at.map((r) => r.serverCpuPercent))} | ${cell(at.map((r) => r.closed))} |`,
    );
  });
}
const steady = PHASES.findIndex((phase) => phase.name.startsWith("steady"));
const steadyOf = (key: string, pick: (result: PhaseResult) => number | null | undefined) =>
  median(present(runs.get(key)!.map((results) => pick(results[steady]!))));
const summary = setups.map((setup) => {
  const base = `- ${setup.name}: strict saturation ${median(runs.get(setup.key)!.map(saturationOf)).toFixed(0)}/s; at 100 updates/s p50/p99 ${steadyOf(setup.key, (r) => r.p50Ms).toFixed(1)}/${steadyOf(setup.key, (r) => r.p99Ms).toFixed(1)} ms`;
  if (setup.nodes === 1) return `${base}.`;
  const extraP50 = steadyOf(setup.key, (r) => r.crossNodeP50Ms) - steadyOf(setup.key, (r) => r.sameNodeP50Ms);
  const extraP99 = steadyOf(setup.key, (r) => r.crossNodeP99Ms) - steadyOf(setup.key, (r) => r.sameNodeP99Ms);
  return `${base}; a client on the other node gets an update ${extraP50.toFixed(1)} ms later at p50, ${extraP99.toFixed(1)} ms at p99.`;
});
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const lines = [
  `## Fan-out on one node vs two nodes (Redis relay) — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
  "",
  `Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}; load average at the end ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(" / ")}.${favouredNote()}`,
  `Load: ${CLIENTS} WebSocket clients on one document, ${WRITERS} writers; with two nodes client i connects to node i mod 2 (writers too), both nodes share the database (one SQLite file in WAL mode, or Debian's PostgreSQL, local) and one Redis (Debian redis-server, local).`,
  `Every server process pinned to core 0 (two nodes share it: same CPU budget as one), load generator on core 1 as ${1 + READER_PROCESSES} processes (bench/loadProcess.ts, as the fan-out bench), Redis unpinned. Latency is send → receipt at every other client; 'same node' are receivers on the writer's node, 'other node' went through Redis.`,
  `${ROUNDS} interleaved round(s); cells: median (min–max).`,
  "",
  "| set-up | phase | % of updates reaching all | p50 ms | p99 ms | same node p50 | same node p99 | other node p50 | other node p99 | server CPU % (sum) | sockets closed |",
  "|---|---|---|---|---|---|---|---|---|---|---|",
  ...rows,
  "",
  "Strict saturation: the highest offered rate at which ≥ 99% of a phase's updates reached every other client.",
  "",
  ...summary,
  "",
];
const file = path.join(ROOT, "BENCHMARKS.md");
fs.appendFileSync(file, `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
