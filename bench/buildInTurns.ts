// node --import tsx [flags] bench/buildInTurns.ts <database file> <room>
// Builds a room's document from its stored rows as the server does (applyRowsInTurns, 5 ms turns), and
// prints as JSON the event-loop delay, the garbage collector's pauses and the CPU time meanwhile:
// bench/youngGeneration.ts runs it under several young-generation sizes.
import fs from "node:fs";
import { monitorEventLoopDelay, PerformanceObserver, performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import * as Y from "yjs";
import { applyRowsInTurns } from "../server/yjs/liveDocuments";
import type { StoredUpdate } from "../server/db/updateLog";

const [file, room] = process.argv.slice(2);
if (!file || !room) throw new Error("usage: bench/buildInTurns.ts <database file> <room>");
const db = new Database(file, { readonly: true });
const rows = db.prepare(`SELECT "id", "kind", "data" FROM "YUpdate" WHERE "room" = ? ORDER BY "id"`).all(room) as StoredUpdate[];
db.close();

const pauses: { kind: number; ms: number }[] = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    pauses.push({ kind: (entry as unknown as { detail: { kind: number } }).detail.kind, ms: entry.duration });
});
observer.observe({ entryTypes: ["gc"] });
await new Promise((resolve) => setTimeout(resolve, 50));
pauses.length = 0;
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
// The longest stretch of main-thread CPU between two turns of a 1 ms timer (what a quiet core would see as delay).
const runNs = () => Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]);
let cpuMaxNs = 0;
let lastRunNs = runNs();
const ticker = setInterval(() => {
  const now = runNs();
  cpuMaxNs = Math.max(cpuMaxNs, now - lastRunNs);
  lastRunNs = now;
}, 1);
const cpu = process.cpuUsage();
const started = performance.now();
const doc = new Y.Doc();
await applyRowsInTurns(doc, rows, null);
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
await new Promise((resolve) => setTimeout(resolve, 20));
loop.disable();
clearInterval(ticker);
observer.disconnect();
// kind 1: scavenge (minor); 2, 4: mark-compact (major), incremental marking; 8, 16: weak callbacks.
const minor = pauses.filter((pause) => pause.kind === 1).map((pause) => pause.ms);
const major = pauses.filter((pause) => pause.kind !== 1).map((pause) => pause.ms);
const max = (values: number[]) => (values.length === 0 ? 0 : Math.max(...values));
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
console.log(
  JSON.stringify({
    rows: rows.length,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    loopMaxMs: loop.max / 1e6,
    loopP99Ms: loop.percentile(99) / 1e6,
    cpuStretchMaxMs: cpuMaxNs / 1e6,
    scavenges: minor.length,
    scavengeMaxMs: max(minor),
    scavengeSumMs: sum(minor),
    majorMaxMs: max(major),
    majorSumMs: sum(major),
  }),
);
