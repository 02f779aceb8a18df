// npm run bench: the collaboration fan-out benchmark (docs/decisions/003). Each server runs pinned to
// core 0 and the load generator to core 1; figures are appended to BENCHMARKS.md.
import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { confineToCpuShare, pinned, SERVER_ARGS, signIn, waitForPort, favouredNote } from "./harness";
import { READER_PROCESSES, runLoad, type PhaseResult } from "./fanoutLoad";
import { LATENCY_EVERY, type LoadConfig } from "./loadProcess";
import { overloadOf, parsePhases, saturationOf, steadyPhaseIndex } from "./fanoutSummary";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TMP = path.join(ROOT, "bench/.tmp");
const CLIENTS = 200;
const WRITERS = 20; // 10% of the clients, 5 Hz each = 100 updates/s
/**
 * Doubling steps, so that twice any step's rate is the next step: the graceful-overload figure is
 * always measured at exactly twice the saturation found. The generator (decision 137) offers up to
 * 51,200/s, twice the 25,600/s Plenary may reach on a quiet machine; a step it could not offer in
 * full is flagged. A run is about 50 s of phases with their settling, so the default 4 servers × 3
 * rounds take about 11 minutes.
 */
const DEFAULT_PHASES: LoadConfig["phases"] = [
  { name: "warm-up 100/s", updatesPerSecond: 100, seconds: 2 },
  { name: "steady 100/s", updatesPerSecond: 100, seconds: 4 },
  ...[200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200].map((rate) => ({
    name: `ramp ${rate}/s`,
    updatesPerSecond: rate,
    seconds: 3,
  })),
];

/** `--phases 100x10,600x4`: rate × seconds each (the first is named warm-up if there are several). */
const phasesOption = process.argv.includes("--phases") ? process.argv[process.argv.indexOf("--phases") + 1]! : null;
const PHASES: LoadConfig["phases"] = phasesOption ? parsePhases(phasesOption) : DEFAULT_PHASES;

type Started = { child: ChildProcess; url: string; room: string; writerCookie: string; readerCookie: string; hocuspocusDocument?: string };

async function measure(name: string, start: () => Promise<Started>): Promise<PhaseResult[]> {
  console.log(`== ${name}`);
  const server = await start();
  const release = CPU_QUOTA ? confineToCpuShare(server.child.pid!, CPU_QUOTA) : null;
  try {
    const results = await runLoad({
      url: server.url,
      room: server.room,
      serverPid: server.child.pid!,
      clients: CLIENTS,
      writers: WRITERS,
      writerCookie: server.writerCookie,
      readerCookie: server.readerCookie,
      hocuspocusDocument: server.hocuspocusDocument,
      phases: PHASES,
    });
    for (const result of results) {
      console.log(
        `   ${result.name}: sent ${result.sentPerSecond.toFixed(0)}/s, p50 ${ms(result.p50Ms)} ms, p99 ${ms(result.p99Ms)} ms, delivered ${result.deliveredPerSecond.toFixed(0)}/s (${(100 * result.completeRatio).toFixed(1)}%), cpu ${result.serverCpuPercent.toFixed(0)}%, generator cpu ${result.generatorCpuPercent.toFixed(0)}%, closed ${result.closed}`,
      );
    }
    return results;
  } finally {
    server.child.kill("SIGTERM");
    await new Promise((resolve) => server.child.once("exit", resolve));
    release?.();
  }
}

/** A latency that may be missing (nothing of the phase arrived): never crash on it. */
function ms(value: number | null | undefined, digits = 2) {
  return typeof value === "number" && Number.isFinite(value) ? value.toFixed(digits) : "—";
}

async function startPlenary() {
  fs.rmSync(TMP, { recursive: true, force: true });
  fs.mkdirSync(TMP, { recursive: true });
  const databaseUrl = `file:${path.join(TMP, "bench.db")}`;
  const env = { ...process.env, DATABASE_URL: databaseUrl } as NodeJS.ProcessEnv;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env, stdio: "ignore" });
  execFileSync(process.execPath, ["--import", "tsx", "prisma/seed.ts"], { cwd: ROOT, env, stdio: "ignore" });
  // The 200 bench clients sign in as two users; in real use each is a person of their own (20 sockets each at most).
  // BENCH_CPU_PROF=dir: the server writes a CPU profile there when it exits.
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = pinned(0, [...profile, ...SERVER_ARGS], {
    DATABASE_URL: databaseUrl,
    PORT: "0",
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    COLLAB_MAX_CONNECTIONS_PER_USER: String(CLIENTS),
    // At 51,200 updates/s each of the 20 bench writers sends 2,560 a second, past the 200 a real
    // person's socket may (a person types 5-10): the rate limit would close them, not the load.
    COLLAB_MESSAGES_PER_SECOND: "4000",
    // The run's ~310,000 updates (about 22 MiB as sent) would pass the document's 16 MiB quota
    // within the last phase and close the writers: the quota is not what is measured.
    COLLAB_DOCUMENT_ROOM_MAX_BYTES: String(64 * 1024 * 1024),
  });
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

function option(name: string, fallback: string) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1]!;
}
const ROUNDS = Number(option("rounds", "3"));
/**
 * `--cpu-quota 0.25`: every server gets that share of its core (cgroup quota), the same for all. On a
 * full core Plenary delivers in full whatever the generator can offer (51,200/s), so its saturation
 * and the graceful-overload figure at twice it can only be measured on a smaller share.
 */
const CPU_QUOTA = process.argv.includes("--cpu-quota") ? Number(option("cpu-quota", "1")) : null;
if (CPU_QUOTA !== null && !(CPU_QUOTA > 0 && CPU_QUOTA <= 1)) throw new Error("--cpu-quota: a share of one core, above 0 and at most 1");

const SERVERS: { key: string; name: string; start: () => Promise<Started> }[] = [
  { key: "plenary", name: "Plenary (auth, read-only checks, SQLite group commit)", start: startPlenary },
  {
    key: "y-websocket",
    name: "@y/websocket-server 0.1.1 (in memory, no auth)",
    start: () => startPlain("bench/servers/referenceServer.ts"),
  },
  {
    key: "hocuspocus",
    name: "Hocuspocus 3.4.4 (in memory, no auth)",
    start: async () => ({ ...(await startPlain("bench/servers/hocuspocusServer.ts")), hocuspocusDocument: "bench-room" }),
  },
  { key: "relay", name: "raw ws relay (no Yjs at all)", start: () => startPlain("bench/servers/relayServer.ts") },
];
const selected = option("servers", SERVERS.map((server) => server.key).join(",")).split(",");
const servers = SERVERS.filter((server) => selected.includes(server.key));

if (!fs.existsSync(path.join(ROOT, "build/index.js"))) execFileSync("npx", ["remix", "build"], { cwd: ROOT, stdio: "ignore" });
// Interleaved rounds (A B C D, A B C D, ...) so a noisy minute on a shared machine hits every server alike.
const runs = new Map<string, PhaseResult[][]>(servers.map((server) => [server.key, []]));
for (let round = 1; round <= ROUNDS; round++) {
  for (const server of servers) {
    console.log(`-- round ${round}/${ROUNDS}`);
    runs.get(server.key)!.push(await measure(server.name, server.start));
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const spread = (values: number[], digits = 0) =>
  values.length > 1 ? ` (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})` : "";
const present = (values: (number | null)[]) =>
  values.filter((value): value is number => typeof value === "number" && Number.isFinite(value));
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const table: string[] = [];
for (const server of servers) {
  const rounds = runs.get(server.key)!;
  PHASES.forEach((phase, index) => {
    const at = rounds.map((results) => results[index]!);
    const delivered = at.map((result) => result.deliveredPerSecond);
    const sent = at.map((result) => result.sentPerSecond);
    const complete = at.map((result) => 100 * result.completeRatio);
    const p50 = present(at.map((result) => result.p50Ms));
    const p99 = present(at.map((result) => result.p99Ms));
    const cpuPercent = at.map((result) => result.serverCpuPercent);
    const rss = at.map((result) => result.serverRssMiB);
    const generatorCpu = at.map((result) => result.generatorCpuPercent);
    const closed = at.map((result) => result.closed ?? 0);
    table.push(
      `| ${server.name} | ${phase.name} | ${phase.updatesPerSecond} | ${median(sent).toFixed(0)}${spread(sent)} | ${median(delivered).toFixed(0)}${spread(delivered)} | ${median(complete).toFixed(1)}${spread(complete, 1)} | ${p50.length ? `${ms(median(p50))}${spread(p50, 2)}` : "—"} | ${p99.length ? `${ms(median(p99))}${spread(p99, 2)}` : "—"} | ${median(cpuPercent).toFixed(0)} | ${median(rss).toFixed(0)} | ${median(generatorCpu).toFixed(0)} | ${median(closed).toFixed(0)} |`,
    );
  });
}
const saturations = new Map(servers.map((server) => [server.key, runs.get(server.key)!.map((results) => saturationOf(results).rate)]));
const medianSaturation = (key: string) => (saturations.has(key) ? median(saturations.get(key)!) : NaN);
const steadyIndex = steadyPhaseIndex(PHASES);
const lines = [
  `## Collaboration fan-out — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
  "",
  `Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}; load average at the end ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(" / ")}.${favouredNote()}`,
  `Load: ${CLIENTS} WebSocket clients on one document, ${WRITERS} writers (${(100 * WRITERS) / CLIENTS}%), awareness from writers at 2 Hz and readers at 0.1 Hz.`,
  `Server pinned to core 0${CPU_QUOTA ? `, confined to ${CPU_QUOTA} of that core by a cgroup CPU quota (10 ms periods; every server alike)` : ""}; load generator on core 1 (\`taskset\`) as ${1 + READER_PROCESSES} processes (the ${WRITERS} writers in one, the readers split over ${READER_PROCESSES}), on one shared wall-clock schedule. Clients are plain TCP sockets that do the WebSocket handshake and read frame headers themselves; writers send updates made before the run (real \`Y.Text\` inserts, only the marker's fixed-width digits written at send time). Every client counts every update it receives (a byte scan for the update's marker, one counter per update): an update counts as delivered if it reached every other client before the next phase (1.5 s after its phase). Latency is send → receipt (0.1 ms histogram) at a sample: the ${WRITERS} writers and every ${LATENCY_EVERY}th reader. Generator CPU is the generator processes' own, summed (they share one core).`,
  `Each server ran ${ROUNDS} time(s), interleaved; cells show the median and, in brackets, the spread (min–max) over the runs.`,
  "",
  "| server | phase | offered/s | sent/s | delivered to all/s | % of the phase's updates reaching all | p50 ms | p99 ms | server CPU % | server RSS MiB | generator CPU % | sockets closed |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ...table,
  "",
  "Strict saturation (highest offered rate at which ≥ 99% of that phase's own updates reached every other client, among phases the generator sent at ≥ 95% of the offered rate), median (spread):",
  "",
  ...servers.map((server) => {
    const values = saturations.get(server.key)!;
    // A peer whose saturation is 0 (nothing of any phase reached everyone) gives no ratio.
    const ratioTo = (peer: string, label: string) => {
      if (!saturations.has(peer) || peer === server.key) return null;
      const denominator = medianSaturation(peer);
      return denominator > 0
        ? `${(medianSaturation(server.key) / denominator).toFixed(2)}× ${label}`
        : `n/a × ${label} (peer delivered 0 in full)`;
    };
    const ratios = [ratioTo("relay", "the raw relay"), ratioTo("hocuspocus", "Hocuspocus")].filter(Boolean);
    const overloads = runs.get(server.key)!.map(overloadOf);
    // The generator's own CPU in that phase: near 100% of its core, it (not the server) may be the limit.
    const overloadGeneratorCpu = runs
      .get(server.key)!
      .map((results, run) => results.find((result) => result.offeredPerSecond === overloads[run]?.offered)?.generatorCpuPercent ?? NaN);
    const overload = overloads.every((entry) => entry)
      ? `; at twice saturation delivered ${median(overloads.map((entry) => entry!.ratio)).toFixed(2)}×${spread(
          overloads.map((entry) => entry!.ratio),
          2,
        )} of saturation, generator at ${median(overloadGeneratorCpu).toFixed(0)}% of its core${
          overloads.every((entry) => entry!.inFull)
            ? ""
            : ` (the generator sent only ${median(overloads.map((entry) => entry!.sent)).toFixed(0)}/s of the ${median(overloads.map((entry) => entry!.offered)).toFixed(0)}/s offered)`
        }`
      : "; twice saturation not measured in every run (no phase at 1.8–2.5× of it)";
    const steadyP99 = present(runs.get(server.key)!.map((results) => results[steadyIndex]?.p99Ms ?? null));
    // How coarse the figure is: the next step up, where delivery fell short.
    const next = present(runs.get(server.key)!.map((results) => saturationOf(results).nextRate));
    const resolution = next.length > 0 ? ` [next step ${median(next).toFixed(0)}/s fell short]` : " [the highest step offered]";
    const steadyName = PHASES[steadyIndex]?.name ?? "100/s";
    return `- ${server.name}: ${median(values).toFixed(0)}/s${spread(values)}${resolution}${ratios.length ? ` (${ratios.join(", ")})` : ""}${overload}; p99 at 100/s (${steadyName}) ${steadyP99.length ? ms(median(steadyP99)) : "—"} ms`;
  }),
  "",
];
const file = path.join(ROOT, "BENCHMARKS.md");
if (!fs.existsSync(file)) fs.writeFileSync(file, "# Benchmarks\n\nWritten by `npm run bench`; newest last. Figures, not assertions.\n\n");
// `--dry`: print only (trial runs while working on the server).
if (!process.argv.includes("--dry")) fs.appendFileSync(file, `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
