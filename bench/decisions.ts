// The consolidation benchmark (issue 11): 1,000 chair decisions applied to the live action plan
// while 50 connected clients type; then issuing a version of the plan with 2,000 amendments and
// comparing two such versions. The real server runs in this process (HTTP, WebSocket endpoint,
// live documents, domain); typists are real y-websocket clients.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import * as Y from "yjs";
import { block, jsonToYUpdate, listDocumentBlocks } from "../app/editor/documentModel";
import { findBlock } from "../app/editor/yBlocks";
import { createPlenaryServer } from "../server/app";
import { createDb, sqliteFilePath } from "../server/db/client";
import { openSqliteUpdateLog } from "../server/db/updateLog";
import { documentRoom } from "../common/collab";
import { actorFromUser, actorUserInclude } from "../server/domain/people/sessions";
import { parseEnv } from "../server/env";
import { connectClient, synced, waitFor } from "../tests/support/collab";
import { signIn } from "../tests/support/http";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FILE = path.join(ROOT, "bench/.tmp/decisions.db");
const DATABASE_URL = `file:${FILE}`;
const DECISIONS = 1_000;
const TYPISTS = 50;
const VERSION_AMENDMENTS = 2_000;
const GOAL_SIZES = [7, 7, 7, 7, 7, 6];

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
seedLog.append([{ room: documentRoom(plan.id), data: jsonToYUpdate({ type: "doc", content }), author: null }]);
seedLog.close();
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
const cookie = await signIn(url, "secretariat@icmpd.example");
const room = documentRoom(plan.id);
const typists = Array.from({ length: TYPISTS }, () => connectClient(url, room, cookie));
const observer = connectClient(url, room, await signIn(url, "observer@iom.example"));
for (const client of [...typists, observer]) await synced(client);

// Each typist inserts a token "⟨i.n⟩" into an action point every 40 ms; the observer records
// when each token arrives (the delivery latency of typing while the chair decides).
const sentAt = new Map<string, number>();
const latencies: number[] = [];
observer.doc.on("update", (update: Uint8Array) => {
  const now = performance.now();
  const { structs } = Y.decodeUpdate(update) as unknown as { structs: { content?: { str?: string } }[] };
  for (const struct of structs) {
    for (const token of struct.content?.str?.match(/⟨\d+\.\d+⟩/g) ?? []) {
      const sent = sentAt.get(token);
      if (sent !== undefined) {
        latencies.push(now - sent);
        sentAt.delete(token);
      }
    }
  }
});
let typing = true;
const typingLoops = typists.map(async (client, index) => {
  let n = 0;
  while (typing) {
    const target = points[(index * 7 + n) % points.length]!;
    const found = findBlock(client.doc, target.id);
    const text = found?.element.get(0);
    if (text instanceof Y.XmlText) {
      const token = `⟨${index}.${n}⟩`;
      sentAt.set(token, performance.now());
      text.insert(0, token);
    }
    n += 1;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
});

await new Promise((resolve) => setTimeout(resolve, 500));
const started = performance.now();
for (let start = 0; start < DECISIONS; start += 100) {
  await server.services.decideAmendmentsInBulk(chair, {
    amendmentIds: decisionIds.slice(start, start + 100),
    decision: "accept",
    confirmOutdated: "true",
  });
}
const decisionsMs = performance.now() - started;
await new Promise((resolve) => setTimeout(resolve, 500));
typing = false;
await Promise.all(typingLoops);
const singleStarted = performance.now();
const singles = await tableAmendments(20, "one");
const singleSetup = performance.now() - singleStarted;
const singleTimes: number[] = [];
for (const id of singles) {
  const t0 = performance.now();
  await server.services.decideAmendment(chair, { amendmentId: id, decision: "accept", confirmOutdated: "true" });
  singleTimes.push(performance.now() - t0);
}
void singleSetup;
await waitFor(
  async () =>
    JSON.stringify(listDocumentBlocks(observer.doc)) === JSON.stringify(await server.liveDocuments.read(room, listDocumentBlocks)),
  "convergence",
  30_000,
);
for (const client of [...typists, observer]) client.destroy();

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
  confirmOutdated: "true",
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

const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const lines = [
  `## Consolidation — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
  "",
  `Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, Node ${process.version}. Server in process; ${TYPISTS} y-websocket typists (one token every 40 ms each) and one observer on the action plan (41 action points).`,
  "",
  "| measurement | figure |",
  "|---|---|",
  `| ${DECISIONS} accept decisions (10 bulk decisions of 100, each one audited transaction, word-level Yjs edits, notifications), while ${TYPISTS} clients type | ${decisionsMs.toFixed(0)} ms total (${(decisionsMs / DECISIONS).toFixed(2)} ms per decision) |`,
  `| typists' delivery latency meanwhile (${latencies.length} tokens seen by the observer) | p50 ${pct(0.5).toFixed(1)} ms, p99 ${pct(0.99).toFixed(1)} ms, max ${pct(1).toFixed(1)} ms |`,
  `| one accept decision on its own (20 runs, median) | ${median(singleTimes).toFixed(1)} ms |`,
  `| issue a version of the plan with ${VERSION_AMENDMENTS + DECISIONS + 20} amendments on record (${VERSION_AMENDMENTS} carried forward) | ${issueMs.toFixed(0)} ms |`,
  `| compare two such versions (10 runs, median) | ${median(compareTimes).toFixed(1)} ms |`,
  "",
  `Targets: ≤ 300 ms for the 1,000 decisions — ${decisionsMs <= 300 ? "met" : "missed"}; ≤ 50 ms p99 for the typists — ${pct(0.99) <= 50 ? "met" : "missed"}.`,
  "",
];
fs.appendFileSync(path.join(ROOT, "BENCHMARKS.md"), `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
process.exit(0);
