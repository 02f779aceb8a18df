// The consolidation benchmark (docs/decisions/085): 1,000 chair decisions applied to the live action plan
// while 50 connected clients type; then issuing a version of the plan with 2,000 amendments and
// comparing two such versions. The real server runs in this process (HTTP, WebSocket endpoint,
// live documents, domain); typists are real y-websocket clients.
import { execFileSync, fork } from "node:child_process";
import fs from "node:fs";
import inspector from "node:inspector";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { block, jsonToYUpdate, listDocumentBlocks } from "../app/editor/documentModel";
import { createPlenaryServer } from "../server/app";
import { createDb, sqliteFilePath } from "../server/db/client";
import { openSqliteUpdateLog } from "../server/db/updateLog";
import { documentRoom } from "../common/collab";
import { actorFromUser, actorUserInclude } from "../server/domain/people/sessions";
import { parseEnv } from "../server/env";
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
function pin(pid: number, core: number) {
  try {
    execFileSync("taskset", ["-a", "-cp", String(core), String(pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const pinned = process.env.DECISIONS_PIN !== "0" && os.cpus().length >= 2 && pin(process.pid, 0) && pin(child.pid!, 1);
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

// Event-loop delay of the server's process while the chair decides.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
await new Promise((resolve) => setTimeout(resolve, 500));
// The typists alone first, for as long: what the machine gives them without any decision.
const baselineCpu = process.cpuUsage();
const baselineLoop = monitorEventLoopDelay({ resolution: 5 });
child.send({ kind: "lap" });
await reply("lap");
baselineLoop.enable();
await new Promise((resolve) => setTimeout(resolve, BASELINE_MS));
baselineLoop.disable();
child.send({ kind: "lap" });
const baseline = (await reply("lap")) as unknown as { latencies: number[]; cpuMs: number; loop: { p99: number; max: number } };
const baselineCpuMs = cpuMs(process.cpuUsage(baselineCpu));
loopDelay.enable();
// PROFILE=file.cpuprofile: a CPU profile of the server's process while the chair decides.
const profiler = process.env.PROFILE ? new inspector.Session() : null;
if (profiler) {
  profiler.connect();
  await new Promise((resolve) => profiler.post("Profiler.enable", () => profiler.post("Profiler.start", resolve)));
}
const started = performance.now();
const cpuBefore = process.cpuUsage();
for (let start = 0; start < DECISIONS; start += 100) {
  console.error(`decisions ${start}…`);
  await server.services.decideAmendmentsInBulk(chair, {
    amendmentIds: decisionIds.slice(start, start + 100),
    decision: "accept",
    confirmOutdated: true,
  });
}
const decisionsMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const decisionsCpuMs = cpuMs(cpu);
if (profiler) {
  await new Promise<void>((resolve) =>
    profiler.post("Profiler.stop", (error, result) => {
      if (!error) fs.writeFileSync(process.env.PROFILE!, JSON.stringify(result.profile));
      resolve();
    }),
  );
  profiler.disconnect();
}
loopDelay.disable();
await new Promise((resolve) => setTimeout(resolve, 500));
console.error("stopping the typists");
child.send({ kind: "stop" });
const stoppedAt = performance.now();
const {
  latencies,
  unanswered,
  cpuMs: typistsCpuMs,
  loop: typistsLoop,
} = (await reply("stopped")) as unknown as {
  latencies: number[];
  unanswered: number;
  cpuMs: number;
  loop: { p99: number; max: number };
};
const typistsShare = `the typists' process used ${share(baseline.cpuMs, BASELINE_MS)} alone (its own event-loop delay p99 ${baseline.loop.p99.toFixed(1)} ms, max ${baseline.loop.max.toFixed(1)} ms), ${share(typistsCpuMs, stoppedAt - started)} while the chair decided (p99 ${typistsLoop.p99.toFixed(1)} ms, max ${typistsLoop.max.toFixed(1)} ms)`;
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
const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p: number, values = sorted) => values[Math.min(values.length - 1, Math.floor(values.length * p))] ?? NaN;
const baselineSorted = [...baseline.latencies].sort((a, b) => a - b);
const decisionsLine = `${decisionsMs.toFixed(0)} ms total (${(decisionsMs / DECISIONS).toFixed(2)} ms per decision); server CPU meanwhile ${decisionsCpuMs.toFixed(0)} ms (${share(decisionsCpuMs, decisionsMs)}; the typists alone kept it at ${share(baselineCpuMs, BASELINE_MS)})`;
const typistsLine = (values: number[], unseen?: number) =>
  `${values.length} tokens seen by the observer${unseen === undefined ? "" : `, ${unseen} not yet seen 500 ms after the last decision`}: p50 ${pct(0.5, values).toFixed(1)} ms, p99 ${pct(0.99, values).toFixed(1)} ms, max ${pct(1, values).toFixed(1)} ms`;
if (process.env.DECISIONS_ONLY) {
  console.log(`decisions: ${decisionsLine}`);
  console.log(
    `typists alone: ${typistsLine(baselineSorted)}; server CPU ${baselineCpuMs.toFixed(0)} ms in ${BASELINE_MS} ms; loop max ${(baselineLoop.max / 1e6).toFixed(1)} ms`,
  );
  console.log(
    `typists while deciding: ${typistsLine(sorted, unanswered)}; loop p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
  );
  console.log(typistsShare);
  console.log(
    `zero draft ${zeroMs.toFixed(0)} ms (cpu ${zeroCpuMs.toFixed(0)} ms); load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" / ")}`,
  );
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
const lines = [
  `## Consolidation — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
  "",
  `Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, Node ${process.version}. Server in process${pinned ? " pinned to core 0" : ""}; ${TYPISTS} y-websocket typists (each inserts a token every 40 ms and deletes it once seen; they read but do not apply one another's updates) and one observer on the action plan (41 action points), in a child process${pinned ? " pinned to core 1" : ""}; load average at the end ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(" / ")}.`,
  "",
  "| measurement | figure |",
  "|---|---|",
  `| the Zero draft frozen before the first decision (issued here beforehand; otherwise the first decision does it) | ${zeroMs.toFixed(0)} ms (server CPU ${zeroCpuMs.toFixed(0)} ms) |`,
  `| typists alone, ${BASELINE_MS / 1000} s before the decisions | ${typistsLine(baselineSorted)}; server CPU ${baselineCpuMs.toFixed(0)} ms, event-loop delay max ${(baselineLoop.max / 1e6).toFixed(1)} ms |`,
  `| ${DECISIONS} accept decisions (10 bulk decisions of 100, each one audited transaction, word-level Yjs edits in 8 ms slices, notifications), while ${TYPISTS} clients type | ${decisionsLine} |`,
  `| typists' delivery latency meanwhile | ${typistsLine(sorted, unanswered)} |`,
  `| the load generator (${TYPISTS} typists and the observer) | ${typistsShare} |`,
  `| server event-loop delay while deciding | p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms |`,
  `| one accept decision on its own (20 runs, median) | ${median(singleTimes).toFixed(1)} ms |`,
  `| issue a version of the plan with ${VERSION_AMENDMENTS + DECISIONS + 20} amendments on record (${VERSION_AMENDMENTS} carried forward) | ${issueMs.toFixed(0)} ms |`,
  `| compare two such versions (10 runs, median) | ${median(compareTimes).toFixed(1)} ms |`,
  "",
  `Targets: ≤ 300 ms for the 1,000 decisions — ${decisionsMs <= 300 ? "met" : "missed"}; ≤ 50 ms p99 for the typists — ${pct(0.99) <= 50 ? "met" : "missed"} (${pct(0.99, baselineSorted) <= 50 ? "met" : "missed"} by the typists alone).`,
  "",
];
fs.appendFileSync(path.join(ROOT, "BENCHMARKS.md"), `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
process.exit(0);
