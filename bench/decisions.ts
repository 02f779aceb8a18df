// The consolidation benchmark (docs/decisions/085): 1,000 chair decisions applied to the live action plan
// while 50 connected clients type; then issuing a version of the plan with 2,000 amendments and
// comparing two such versions. The real server runs in this process (HTTP, WebSocket endpoint,
// live documents, domain); typists are real y-websocket clients.
import { favouredNote } from "./harness";
import { execFileSync, fork } from "node:child_process";
import diagnostics_channel from "node:diagnostics_channel";
import fs from "node:fs";
import inspector from "node:inspector";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { block, jsonToYUpdate, listDocumentBlocks } from "../app/editor/documentModel";
import { findBlock, setBlockText } from "../app/editor/yBlocks";
import { createPlenaryServer } from "../server/app";
import { createDb, sqliteFilePath } from "../server/db/client";
import { openSqliteUpdateLog } from "../server/db/updateLog";
import { documentRoom } from "../common/collab";
import { actorFromUser, actorUserInclude } from "../server/domain/people/sessions";
import { parseEnv } from "../server/env";
import { PHASE_CHANNEL, type PhaseMark } from "../server/domain/kernel/phases";
import { waitFor } from "../tests/support/collab";
import { signIn } from "../tests/support/http";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FILE = path.join(ROOT, "bench/.tmp/decisions.db");
const DATABASE_URL = `file:${FILE}`;
const DECISIONS = 1_000;
// DECISIONS_TYPISTS=0: the decisions' own cost, without typists; DECISIONS_ONLY=1: stop after the decisions (profiling).
const TYPISTS = Number(process.env.DECISIONS_TYPISTS ?? 50);
const BASELINE_MS = 3_000;
const VERSION_AMENDMENTS = 2_000;
const GOAL_SIZES = [7, 7, 7, 7, 7, 6];

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const share = (cpu: number, wall: number) => `${((100 * cpu) / wall).toFixed(0)}% of a core`;

fs.mkdirSync(path.dirname(FILE), { recursive: true });
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(FILE + suffix, { force: true });
const env = { ...process.env, DATABASE_URL } as NodeJS.ProcessEnv;
execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env, stdio: "ignore" });
execFileSync(process.execPath, ["--import", "tsx", "prisma/seed.ts"], { cwd: ROOT, env, stdio: "ignore" });

const db = createDb(DATABASE_URL);
const plan = await db.document.findFirstOrThrow({ where: { kind: "action_plan" } });
await db.document.update({ where: { id: plan.id }, data: { stage: "consolidation" } });
const content = [block("title", "Call for Action 2025–2030")];
GOAL_SIZES.forEach((size, goal) => {
  content.push(block("goal", `Priority goal ${goal + 1}: strengthen cooperation on migration governance`));
  for (let point = 0; point < size; point++)
    content.push(block("actionPoint", `Participating states will strengthen cooperation on area ${goal + 1}.${point + 1}.`));
});
const seedLog = openSqliteUpdateLog(sqliteFilePath(DATABASE_URL));
await db.yUpdate.deleteMany({ where: { room: documentRoom(plan.id) } });
await seedLog.append([{ room: documentRoom(plan.id), data: jsonToYUpdate({ type: "doc", content }), author: null }]);
await seedLog.close();
const points = content
  .filter((node) => node.type === "actionPoint")
  .map((node) => ({ id: String(node.attrs!.id), text: String(node.content![0]!.text) }));

const states = await db.participant.findMany({ where: { kind: "state" }, orderBy: { name: "asc" }, take: 50 });
const someUser = await db.user.findFirstOrThrow();
async function tableAmendments(count: number, prefix: string) {
  const rows = [];
  const revisions = [];
  for (let index = 0; index < count; index++) {
    const target = points[index % points.length]!;
    const id = `${prefix}${String(index).padStart(20, "0")}`;
    const proposedText = `${target.text} (${prefix}${index})`;
    rows.push({
      id,
      documentId: plan.id,
      participantId: states[index % states.length]!.id,
      targetBlockId: target.id,
      operation: "replace",
      status: "tabled",
      createdById: someUser.id,
      tabledAt: new Date(Date.now() - (count - index)),
    });
    revisions.push({
      amendmentId: id,
      number: 1,
      contentJson: JSON.stringify([{ type: "actionPoint", content: [{ type: "text", text: proposedText }] }]),
      proposedText,
      baseText: target.text,
      diffJson: "[]",
      justification: "",
      tabledById: someUser.id,
    });
  }
  for (let start = 0; start < count; start += 500) {
    await db.amendment.createMany({ data: rows.slice(start, start + 500) });
    await db.amendmentRevision.createMany({ data: revisions.slice(start, start + 500) });
  }
  return rows.map((row) => row.id);
}
const decisionIds = await tableAmendments(DECISIONS, "dec");

const server = await createPlenaryServer(
  parseEnv({
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL,
    PORT: "0",
    HOST: "127.0.0.1",
    COLLAB_MAX_CONNECTIONS_PER_USER: "200",
    COLLAB_MESSAGES_PER_SECOND: "100000",
    COLLAB_UPDATE_BYTES_PER_MINUTE: String(512 * 1024 * 1024),
  }),
);
const port = await server.listen(0, "127.0.0.1");
const url = `http://127.0.0.1:${port}`;
const chair = actorFromUser(await db.user.findUniqueOrThrow({ where: { email: "chair@turkiye.example" }, include: actorUserInclude }));
const room = documentRoom(plan.id);

// The typists and the observer run in a child process (their Yjs work is not the server's). The
// server (this process, every thread) is pinned to core 0 and the child to core 1, as in
// bench/fanout.ts: unpinned, the two shared both cores and the typists' own delays (one process
// standing for 50 browsers) were counted as the server's. DECISIONS_PIN=0 leaves them unpinned.
const child = fork(path.join(ROOT, "bench/decisionTypists.ts"), { cwd: ROOT, execArgv: ["--import", "tsx"] });
function pin(pid: number, cores: number | string) {
  try {
    execFileSync("taskset", ["-a", "-cp", String(cores), String(pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const pinned = process.env.DECISIONS_PIN !== "0" && os.cpus().length >= 2 && pin(process.pid, 0) && pin(child.pid!, 1);
// After the pinned round, the same 1,000 decisions again (text reset, fresh amendments) with the
// server allowed on these cores (docs/decisions/145): a deployed server has both cores of this
// machine class, its clients being remote; the typists' process stays on core 1, so this round
// still shares core 1 with the load generator. DECISIONS_SERVER_CPUS= (empty) skips the round.
const SERVER_CPUS = process.env.DECISIONS_SERVER_CPUS ?? "0,1";
const secondRound = pinned && /^\d+(,\d+)*$/.test(SERVER_CPUS) && SERVER_CPUS.split(",").every((core) => Number(core) < os.cpus().length);
const replies: { kind: string; [key: string]: unknown }[] = [];
child.on("message", (message: { kind: string }) => replies.push(message));
async function reply(kind: string) {
  await waitFor(() => replies.some((message) => message.kind === kind), kind, 60_000);
  return replies.splice(
    replies.findIndex((message) => message.kind === kind),
    1,
  )[0]!;
}
await reply("loaded");
child.send({
  kind: "setup",
  url,
  room,
  typistCookie: await signIn(url, "secretariat@icmpd.example"),
  observerCookie: await signIn(url, "observer@iom.example"),
  typists: TYPISTS,
  points: points.map((point) => point.id),
});
await reply("ready");
child.send({ kind: "start" });
await reply("started");

// The Zero draft is frozen by the first decision on a document (ensureZeroDraft): a one-off, at
// the end of drafting, timed on its own here so that the decisions' figures are the decisions'.
const zeroStarted = performance.now();
const zeroCpu = process.cpuUsage();
await server.services.issueVersion(chair, { documentId: plan.id });
const zeroMs = performance.now() - zeroStarted;
const zeroCpuMs = cpuMs(process.cpuUsage(zeroCpu));

/** CPU time of each of this process's threads so far, in ns, and its nice value, by thread id (Linux' /proc; empty elsewhere). */
function threadTimes(): Map<string, { ns: number; nice: number }> {
  const times = new Map<string, { ns: number; nice: number }>();
  try {
    for (const tid of fs.readdirSync("/proc/self/task")) {
      try {
        const ns = Number(fs.readFileSync(`/proc/self/task/${tid}/schedstat`, "utf8").split(" ")[0]);
        const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
        // Fields after the command's closing parenthesis: the nice value is the 17th.
        const nice = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
        times.set(tid, { ns, nice });
      } catch {
        // The thread ended meanwhile.
      }
    }
  } catch {
    // Not Linux.
  }
  return times;
}
/**
 * The main thread's CPU (the event loop: sockets, Yjs, the domain, Prisma), the niced threads'
 * (the background refresh of current diffs and the background views, nice 10: docs/decisions/124,
 * 127) and the other threads' (the diff thread people wait on, the state thread, the update log's
 * writer, V8's helpers) since `before`, in ms. A thread that ended in between is not counted.
 */
function threadsSince(before: Map<string, { ns: number; nice: number }>) {
  const after = threadTimes();
  if (after.size === 0) return null;
  const used = { main: 0, niced: 0, others: 0 };
  for (const [tid, { ns, nice }] of after) {
    const ms = (ns - (before.get(tid)?.ns ?? 0)) / 1e6;
    if (tid === String(process.pid)) used.main = ms;
    else if (nice > 0) used.niced += ms;
    else used.others += ms;
  }
  return used;
}

/**
 * DECISIONS_TRACE=1: where each round's time goes, by phase of the bulk decisions (the marks of
 * server/domain/kernel/phases.ts, docs/decisions/158): wall time and the main thread's CPU since
 * the previous mark, summed over the round's bulks. Off by default: each mark then reads
 * /proc (a few µs, about 20 marks per bulk).
 */
const TRACE = !!process.env.DECISIONS_TRACE;
type PhaseTotals = Map<string, { wall: number; cpu: number; count: number }>;
/** The round's totals while its bulks run; null otherwise (the single decisions after the rounds are not counted). */
let phases: PhaseTotals | null = null;
const mainThreadMs = () => Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
if (TRACE) {
  let lastWall = 0;
  let lastCpu = 0;
  diagnostics_channel.subscribe(PHASE_CHANNEL, (message) => {
    const { command, phase } = message as PhaseMark;
    const wall = performance.now();
    const cpu = mainThreadMs();
    if (phases && command === "decisions" && phase) {
      const total = phases.get(phase) ?? { wall: 0, cpu: 0, count: 0 };
      phases.set(phase, { wall: total.wall + wall - lastWall, cpu: total.cpu + cpu - lastCpu, count: total.count + 1 });
    }
    lastWall = wall;
    lastCpu = cpu;
  });
}
const phaseLine = (totals: PhaseTotals) =>
  [...totals]
    .map(([phase, { wall, cpu, count }]) => `${phase} ${wall.toFixed(0)} ms wall / ${cpu.toFixed(0)} ms main thread (${count}×)`)
    .join("; ");

interface Lap {
  latencies: number[];
  unanswered: number;
  cpuMs: number;
  loop: { p99: number; max: number };
}

/**
 * One round: the typists alone for BASELINE_MS (what the machine gives them without any decision),
 * then the decisions in bulks of 100, then 500 ms for the last tokens to arrive.
 */
async function round(ids: readonly string[], profile?: string) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const baselineCpu = process.cpuUsage();
  const baselineThreads = threadTimes();
  const baselineLoop = monitorEventLoopDelay({ resolution: 5 });
  child.send({ kind: "lap" });
  await reply("lap");
  baselineLoop.enable();
  await new Promise((resolve) => setTimeout(resolve, BASELINE_MS));
  baselineLoop.disable();
  child.send({ kind: "lap" });
  const baseline = (await reply("lap")) as unknown as Lap;
  const baselineCpuMs = cpuMs(process.cpuUsage(baselineCpu));
  const baselineThreadsMs = threadsSince(baselineThreads);
  // Event-loop delay of the server's process while the chair decides.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  // PROFILE=file.cpuprofile: a CPU profile of the server's main thread while the chair decides (the pinned round).
  const profiler = profile ? new inspector.Session() : null;
  if (profiler) {
    profiler.connect();
    await new Promise((resolve) => profiler.post("Profiler.enable", () => profiler.post("Profiler.start", resolve)));
  }
  phases = new Map();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const threadsBefore = threadTimes();
  for (let start = 0; start < ids.length; start += 100) {
    console.error(`decisions ${start}…`);
    await server.services.decideAmendmentsInBulk(chair, {
      amendmentIds: ids.slice(start, start + 100),
      decision: "accept",
      confirmOutdated: true,
    });
  }
  const decisionsMs = performance.now() - started;
  const roundPhases = phases;
  phases = null;
  const decisionsCpuMs = cpuMs(process.cpuUsage(cpuBefore));
  const threads = threadsSince(threadsBefore);
  if (profiler) {
    await new Promise<void>((resolve) =>
      profiler.post("Profiler.stop", (error, result) => {
        if (!error) fs.writeFileSync(profile!, JSON.stringify(result.profile));
        resolve();
      }),
    );
    profiler.disconnect();
  }
  loopDelay.disable();
  await new Promise((resolve) => setTimeout(resolve, 500));
  child.send({ kind: "lap" });
  const typists = (await reply("lap")) as unknown as Lap;
  const lapMs = performance.now() - started;
  return {
    baseline,
    baselineCpuMs,
    baselineThreadsMs,
    baselineLoop,
    decisionsMs,
    decisionsCpuMs,
    threads,
    loopDelay,
    typists,
    lapMs,
    phases: roundPhases,
  };
}
type Round = Awaited<ReturnType<typeof round>>;

const pinnedRound = await round(decisionIds, process.env.PROFILE);
let twoCoreRound: Round | null = null;
if (secondRound) {
  // The text back as seeded (the typists' tokens of the moment go too) and 1,000 fresh amendments
  // against it: the second round starts where the first did, but for the document's longer history.
  await server.liveDocuments.change(
    room,
    (doc) => {
      for (const point of points) {
        const found = findBlock(doc, point.id);
        if (found) setBlockText(found.element, point.text, "en");
      }
    },
    { userId: chair.userId, participantId: chair.participantId },
  );
  const secondIds = await tableAmendments(DECISIONS, "two");
  pin(process.pid, SERVER_CPUS);
  twoCoreRound = await round(secondIds);
  // The rest (one decision at a time, versions, compare) pinned as before, comparable with earlier runs.
  pin(process.pid, 0);
}
console.error("stopping the typists");
child.send({ kind: "stop" });
await reply("stopped");
const typistsShare = (r: Round) =>
  `the typists' process used ${share(r.baseline.cpuMs, BASELINE_MS)} alone (its own event-loop delay p99 ${r.baseline.loop.p99.toFixed(1)} ms, max ${r.baseline.loop.max.toFixed(1)} ms), ${share(r.typists.cpuMs, r.lapMs)} while the chair decided (p99 ${r.typists.loop.p99.toFixed(1)} ms, max ${r.typists.loop.max.toFixed(1)} ms)`;
const singleStarted = performance.now();
const singles = await tableAmendments(20, "one");
const singleSetup = performance.now() - singleStarted;
const singleTimes: number[] = [];
for (const id of singles) {
  const t0 = performance.now();
  await server.services.decideAmendment(chair, { amendmentId: id, decision: "accept", confirmOutdated: true });
  singleTimes.push(performance.now() - t0);
}
void singleSetup;
await waitFor(
  async () => {
    child.send({ kind: "text" });
    const { blocks } = (await reply("text")) as unknown as { blocks: string };
    return blocks === JSON.stringify(await server.liveDocuments.read(room, listDocumentBlocks));
  },
  "convergence",
  30_000,
);
child.send({ kind: "close" });
const sortedOf = (values: number[]) => [...values].sort((a, b) => a - b);
const pct = (p: number, values: number[]) => values[Math.min(values.length - 1, Math.floor(values.length * p))] ?? NaN;
const threadsPart = (threads: ReturnType<typeof threadsSince>) =>
  threads
    ? `: main thread ${threads.main.toFixed(0)} ms, background threads at nice 10 ${threads.niced.toFixed(0)} ms, other threads ${threads.others.toFixed(0)} ms`
    : "";
const decisionsLine = (r: Round) =>
  `${r.decisionsMs.toFixed(0)} ms total (${(r.decisionsMs / DECISIONS).toFixed(2)} ms per decision); server CPU meanwhile ${r.decisionsCpuMs.toFixed(0)} ms (${share(r.decisionsCpuMs, r.decisionsMs)}${threadsPart(r.threads)}; the typists alone kept it at ${share(r.baselineCpuMs, BASELINE_MS)}${threadsPart(r.baselineThreadsMs)} in ${BASELINE_MS} ms)`;
const typistsLine = (values: number[], unseen?: number) =>
  `${values.length} tokens seen by the observer${unseen === undefined ? "" : `, ${unseen} typed over 500 ms before the end and not yet seen`}: p50 ${pct(0.5, values).toFixed(1)} ms, p99 ${pct(0.99, values).toFixed(1)} ms, max ${pct(1, values).toFixed(1)} ms`;
const roundLines = (r: Round) => ({
  decisions: decisionsLine(r),
  alone: `${typistsLine(sortedOf(r.baseline.latencies))}; server CPU ${r.baselineCpuMs.toFixed(0)} ms, event-loop delay max ${(r.baselineLoop.max / 1e6).toFixed(1)} ms`,
  deciding: typistsLine(sortedOf(r.typists.latencies), r.typists.unanswered),
  loop: `p99 ${(r.loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(r.loopDelay.max / 1e6).toFixed(1)} ms`,
  generator: typistsShare(r),
  phases: TRACE ? phaseLine(r.phases) : null,
});
const pinnedLines = roundLines(pinnedRound);
const twoCoreLines = twoCoreRound ? roundLines(twoCoreRound) : null;
const loadNow = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(" / ");
if (process.env.DECISIONS_ONLY) {
  for (const [label, lines] of [
    [pinned ? "pinned to core 0" : "not pinned", pinnedLines],
    [`on cores ${SERVER_CPUS}`, twoCoreLines],
  ] as const) {
    if (!lines) continue;
    console.log(`server ${label}:`);
    console.log(`  decisions: ${lines.decisions}`);
    console.log(`  typists alone: ${lines.alone}`);
    console.log(`  typists while deciding: ${lines.deciding}; loop ${lines.loop}`);
    console.log(`  ${lines.generator}`);
    if (lines.phases) console.log(`  phases: ${lines.phases}`);
  }
  console.log(`zero draft ${zeroMs.toFixed(0)} ms (cpu ${zeroCpuMs.toFixed(0)} ms); load ${loadNow()}`);
  await server.close();
  process.exit(0);
}
// A version of the plan with 2,000 amendments recorded, then another, and their comparison.
await tableAmendments(VERSION_AMENDMENTS, "ver");
const v1Started = performance.now();
const first = await server.services.issueVersion(chair, { documentId: plan.id });
const issueMs = performance.now() - v1Started;
await server.services.decideAmendmentsInBulk(chair, {
  amendmentIds: (await db.amendment.findMany({ where: { id: { startsWith: "ver" } }, take: 200, select: { id: true } })).map(
    (row) => row.id,
  ),
  decision: "accept",
  confirmOutdated: true,
});
const second = await server.services.issueVersion(chair, { documentId: plan.id });
const compareTimes: number[] = [];
for (let run = 0; run < 10; run++) {
  const t0 = performance.now();
  await server.services.compareDocumentVersions(chair, plan.id, { from: first.id, to: second.id });
  compareTimes.push(performance.now() - t0);
}
await server.close();
await db.$disconnect();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const decided = DECISIONS * (twoCoreRound ? 2 : 1);
const targets = (r: Round) => {
  const p99 = pct(0.99, sortedOf(r.typists.latencies));
  const alone = pct(0.99, sortedOf(r.baseline.latencies));
  return `≤ 300 ms for the 1,000 decisions — ${r.decisionsMs <= 300 ? "met" : "missed"}; ≤ 50 ms p99 for the typists — ${p99 <= 50 ? "met" : "missed"} (${alone <= 50 ? "met" : "missed"} by the typists alone)`;
};
const lines = [
  `## Consolidation — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
  "",
  `Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, Node ${process.version}. Server in process${pinned ? " pinned to core 0 (every thread)" : ""}; ${TYPISTS} y-websocket typists (each inserts a token every 40 ms and deletes it once seen; they read but do not apply one another's updates) and one observer on the action plan (41 action points), in a child process${pinned ? " pinned to core 1" : ""}; load average at the end ${loadNow()}.${twoCoreLines ? ` Rows marked "cores ${SERVER_CPUS}" are a second round on the same server and typists (the text reset as seeded, 1,000 fresh amendments) with the server allowed on cores ${SERVER_CPUS}, the typists' process still on core 1: a deployed server has both cores of this machine class (its clients are remote), so its threads other than the event loop need not share the event loop's core; it still shares core 1 with the load generator here.` : ""}${favouredNote()}`,
  "",
  "| measurement | figure |",
  "|---|---|",
  `| the Zero draft frozen before the first decision (issued here beforehand; otherwise the first decision does it) | ${zeroMs.toFixed(0)} ms (server CPU ${zeroCpuMs.toFixed(0)} ms) |`,
  `| typists alone, ${BASELINE_MS / 1000} s before the decisions | ${pinnedLines.alone} |`,
  `| ${DECISIONS} accept decisions (10 bulk decisions of 100, each one audited transaction, word-level Yjs edits in 8 ms slices, notifications), while ${TYPISTS} clients type | ${pinnedLines.decisions} |`,
  `| typists' delivery latency meanwhile | ${pinnedLines.deciding} |`,
  `| the load generator (${TYPISTS} typists and the observer) | ${pinnedLines.generator} |`,
  `| server event-loop delay while deciding | ${pinnedLines.loop} |`,
  ...(pinnedLines.phases ? [`| where the decisions' time went (DECISIONS_TRACE), summed over the 10 bulks | ${pinnedLines.phases} |`] : []),
  ...(twoCoreLines
    ? [
        `| cores ${SERVER_CPUS}: typists alone, ${BASELINE_MS / 1000} s before the decisions | ${twoCoreLines.alone} |`,
        `| cores ${SERVER_CPUS}: the same ${DECISIONS} accept decisions again, while ${TYPISTS} clients type | ${twoCoreLines.decisions} |`,
        `| cores ${SERVER_CPUS}: typists' delivery latency meanwhile | ${twoCoreLines.deciding} |`,
        `| cores ${SERVER_CPUS}: the load generator | ${twoCoreLines.generator} |`,
        `| cores ${SERVER_CPUS}: server event-loop delay while deciding | ${twoCoreLines.loop} |`,
        ...(twoCoreLines.phases ? [`| cores ${SERVER_CPUS}: where the decisions' time went | ${twoCoreLines.phases} |`] : []),
      ]
    : []),
  `| one accept decision on its own (20 runs, median) | ${median(singleTimes).toFixed(1)} ms |`,
  `| issue a version of the plan with ${VERSION_AMENDMENTS + decided + 20} amendments on record (${VERSION_AMENDMENTS} carried forward) | ${issueMs.toFixed(0)} ms |`,
  `| compare two such versions (10 runs, median) | ${median(compareTimes).toFixed(1)} ms |`,
  "",
  `Targets, server pinned to core 0: ${targets(pinnedRound)}.${twoCoreRound ? ` Server on cores ${SERVER_CPUS}: ${targets(twoCoreRound)}.` : ""}`,
  "",
];
fs.appendFileSync(path.join(ROOT, "BENCHMARKS.md"), `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
process.exit(0);
