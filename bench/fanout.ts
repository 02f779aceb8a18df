// npm run bench: the collaboration fan-out benchmark (issue 3). Each server runs pinned to
// core 0 and the load generator to core 1; figures are appended to BENCHMARKS.md.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PhaseResult, LoadConfig } from "./load";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TMP = path.join(ROOT, "bench/.tmp");
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
  { name: "ramp 1600/s", updatesPerSecond: 1600, seconds: 4 },
];

function pinned(core: number, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn("taskset", ["-c", String(core), process.execPath, "--import", "tsx", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function waitForPort(child: ChildProcess): Promise<number> {
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/localhost:(\d+)/i.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

async function signIn(url: string, email: string) {
  const response = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: "plenary-demo-2025" }).toString(),
  });
  return (response.headers.get("set-cookie") ?? "").split(";")[0]!;
}

async function runLoad(config: LoadConfig): Promise<PhaseResult[]> {
  const child = pinned(1, ["bench/load.ts", JSON.stringify(config)]);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  await new Promise((resolve) => child.once("exit", resolve));
  const last = output.trim().split("\n").at(-1) ?? "[]";
  return JSON.parse(last) as PhaseResult[];
}

async function measure(name: string, start: () => Promise<{ child: ChildProcess; url: string; room: string; writerCookie: string; readerCookie: string }>) {
  console.log(`== ${name}`);
  const server = await start();
  try {
    const results = await runLoad({
      url: server.url,
      room: server.room,
      serverPid: server.child.pid!,
      clients: CLIENTS,
      writers: WRITERS,
      writerCookie: server.writerCookie,
      readerCookie: server.readerCookie,
      phases: PHASES,
    });
    for (const result of results) console.log(`   ${result.name}: p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, delivered ${result.deliveredPerSecond.toFixed(0)}/s, cpu ${result.serverCpuPercent.toFixed(0)}%`);
    return { name, results };
  } finally {
    server.child.kill("SIGTERM");
    await new Promise((resolve) => server.child.once("exit", resolve));
  }
}

async function startPlenary() {
  fs.rmSync(TMP, { recursive: true, force: true });
  fs.mkdirSync(TMP, { recursive: true });
  const databaseUrl = `file:${path.join(TMP, "bench.db")}`;
  const env = { ...process.env, DATABASE_URL: databaseUrl } as NodeJS.ProcessEnv;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env, stdio: "ignore" });
  execFileSync(process.execPath, ["--import", "tsx", "prisma/seed.ts"], { cwd: ROOT, env, stdio: "ignore" });
  const child = pinned(0, ["server/index.ts"], { DATABASE_URL: databaseUrl, PORT: "0", HOST: "127.0.0.1", NODE_ENV: "production" });
  const url = `http://127.0.0.1:${await waitForPort(child)}`;
  const Database = (await import("better-sqlite3")).default;
  const db = new Database(path.join(TMP, "bench.db"), { readonly: true });
  const { id } = db.prepare(`SELECT id FROM "Document" WHERE kind = 'declaration'`).get() as { id: string };
  db.close();
  return {
    child,
    url,
    room: `document.${id}`,
    writerCookie: await signIn(url, "chair@turkiye.example"),
    readerCookie: await signIn(url, "observer@iom.example"),
  };
}

async function startPlain(script: string) {
  const child = pinned(0, [script]);
  const url = `http://127.0.0.1:${await waitForPort(child)}`;
  return { child, url, room: "bench-room", writerCookie: "", readerCookie: "" };
}

if (!fs.existsSync(path.join(ROOT, "build/index.js"))) execFileSync("npx", ["remix", "build"], { cwd: ROOT, stdio: "ignore" });
const runs = [
  await measure("Plenary (auth, read-only checks, SQLite group commit)", startPlenary),
  await measure("@y/websocket-server 0.1.1 (in memory, no auth)", () => startPlain("bench/servers/referenceServer.ts")),
  await measure("raw ws relay (no Yjs at all)", () => startPlain("bench/servers/relayServer.ts")),
];

const saturation = (results: PhaseResult[]) => Math.max(...results.map((result) => result.deliveredPerSecond));
const relaySaturation = saturation(runs[2]!.results);
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const lines = [
  `## Collaboration fan-out — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
  "",
  `Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}.`,
  `Load: ${CLIENTS} WebSocket clients on one document, ${WRITERS} writers (${(100 * WRITERS) / CLIENTS}%), awareness from writers at 2 Hz and readers at 0.1 Hz.`,
  "Server pinned to core 0, load generator to core 1 (`taskset`). Latency is send → receipt at every other client.",
  "",
  "| server | phase | offered/s | delivered to all/s | p50 ms | p99 ms | max ms | server CPU % | server RSS MiB |",
  "|---|---|---|---|---|---|---|---|---|",
  ...runs.flatMap(({ name, results }) =>
    results.map((result) =>
      `| ${name} | ${result.name} | ${result.offeredPerSecond} | ${result.deliveredPerSecond.toFixed(0)} | ${result.p50Ms.toFixed(2)} | ${result.p99Ms.toFixed(2)} | ${result.maxMs.toFixed(1)} | ${result.serverCpuPercent.toFixed(0)} | ${result.serverRssMiB.toFixed(0)} |`,
    ),
  ),
  "",
  "Saturation (highest rate of updates fully fanned out, any phase):",
  "",
  ...runs.map(({ name, results }) => `- ${name}: ${saturation(results).toFixed(0)}/s (${(saturation(results) / relaySaturation).toFixed(2)}× the raw relay)`),
  "",
];
const file = path.join(ROOT, "BENCHMARKS.md");
if (!fs.existsSync(file)) fs.writeFileSync(file, "# Benchmarks\n\nWritten by `npm run bench`; newest last. Figures, not assertions.\n\n");
fs.appendFileSync(file, `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
