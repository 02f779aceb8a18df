// The compilation benchmark (docs/decisions/009): the action plan with 41 action points and 2,000 tabled
// amendments from 50 states, each with 10 positions. Measures the server time to build the
// compilation and the side-panel data of one block, in process (domain only) and over HTTP.
import { memoryLimiterStore } from "../server/db/rateLimits";
import { createDomainLimits, DEFAULT_LIMIT_SETTINGS } from "../server/domain/limits";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { block, jsonToYUpdate } from "../app/editor/documentModel";
import { diffText } from "../app/editor/diff";
import { createDb, sqliteFilePath } from "../server/db/client";
import { openSqliteUpdateLog } from "../server/db/updateLog";
import { DomainEvents, type DomainContext } from "../server/domain/kernel/context";
import { countAmendmentsByBlock } from "../server/queries/countAmendmentsByBlock";
import { getCompilation } from "../server/queries/getCompilation";
import { listDocumentAmendments } from "../server/queries/listDocumentAmendments";
import { documentRoom } from "../common/collab";
import { actorFromUser, actorUserInclude } from "../server/domain/people/sessions";
import { LiveDocuments } from "../server/yjs/liveDocuments";
import { seededRandom } from "../tests/support/random";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TMP = path.join(ROOT, "bench/.tmp");
const FILE = path.join(TMP, "compilation.db");
const DATABASE_URL = `file:${FILE}`;
const AMENDMENTS = 2_000;
const POSITIONS_PER_AMENDMENT = 10;
const STATES_PROPOSING = 50;
const GOAL_SIZES = [7, 7, 7, 7, 7, 6]; // 41 action points

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, p95: sorted[Math.floor(sorted.length * 0.95)]!, min: sorted[0]! };
}

async function timeIt(runs: number, run: () => Promise<unknown>) {
  for (let warm = 0; warm < 3; warm++) await run();
  const samples: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return stats(samples);
}

fs.mkdirSync(TMP, { recursive: true });
fs.rmSync(FILE, { force: true });
const env = { ...process.env, DATABASE_URL } as NodeJS.ProcessEnv;
execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env, stdio: "ignore" });
execFileSync(process.execPath, ["--import", "tsx", "prisma/seed.ts"], { cwd: ROOT, env, stdio: "ignore" });

const db = createDb(DATABASE_URL);
const plan = await db.document.findFirstOrThrow({ where: { kind: "action_plan" } });
await db.document.update({ where: { id: plan.id }, data: { stage: "amendments_open" } });
const rand = seededRandom(41);

// 6 priority goals with 41 action points, as Yjs state on the server.
const content = [block("title", "Call for Action 2025–2030")];
GOAL_SIZES.forEach((size, goal) => {
  content.push(block("goal", `Priority goal ${goal + 1}: strengthen cooperation on migration governance`));
  for (let point = 0; point < size; point++) {
    content.push(
      block(
        "actionPoint",
        `Participating states will strengthen cooperation on area ${goal + 1}.${point + 1}, including through training, exchange of information and joint projects with the support of international organisations.`,
      ),
    );
  }
});
const updateLog = openSqliteUpdateLog(sqliteFilePath(DATABASE_URL));
await db.yUpdate.deleteMany({ where: { room: documentRoom(plan.id) } });
updateLog.append([{ room: documentRoom(plan.id), data: jsonToYUpdate({ type: "doc", content }), author: null }]);
const actionPoints = content.filter((node) => node.type === "actionPoint");

const states = (await db.participant.findMany({ where: { kind: "state" }, orderBy: { name: "asc" } })).slice(0, STATES_PROPOSING);
const someUser = await db.user.findFirstOrThrow();
const seeding = performance.now();
const amendmentRows = [];
const revisionRows = [];
const positionRows = [];
for (let index = 0; index < AMENDMENTS; index++) {
  const target = actionPoints[Math.floor(rand() * actionPoints.length)]!;
  const baseText = (target.content?.[0]?.text as string) ?? "";
  const proposer = states[index % states.length]!;
  const proposedText = baseText
    .replace("strengthen", rand() < 0.5 ? "deepen" : "strengthen and deepen")
    .replace("joint projects", `joint projects (${index})`);
  const id = `bench${String(index).padStart(20, "0")}`;
  amendmentRows.push({
    id,
    documentId: plan.id,
    participantId: proposer.id,
    targetBlockId: String(target.attrs!.id),
    operation: "replace",
    status: "tabled",
    createdById: someUser.id,
    tabledAt: new Date(Date.now() - (AMENDMENTS - index) * 1000),
  });
  revisionRows.push({
    amendmentId: id,
    number: 1,
    contentJson: "[]",
    proposedText,
    baseText,
    baseNumber: null,
    justification: "Clarity.",
    diffJson: JSON.stringify(diffText(baseText, proposedText)),
    tabledById: someUser.id,
  });
  const others = states.filter((state) => state.id !== proposer.id);
  for (let position = 0; position < POSITIONS_PER_AMENDMENT; position++) {
    const state = others[(index * 7 + position * 5) % others.length]!;
    positionRows.push({
      amendmentId: id,
      participantId: state.id,
      stance: ["supports", "opposes", "reservation", "pending_instructions"][position % 4]!,
      note: "",
      userId: someUser.id,
    });
  }
}
for (let start = 0; start < AMENDMENTS; start += 500) {
  await db.amendment.createMany({ data: amendmentRows.slice(start, start + 500) });
  await db.amendmentRevision.createMany({ data: revisionRows.slice(start, start + 500) });
}
for (let start = 0; start < positionRows.length; start += 2000)
  await db.position.createMany({ data: positionRows.slice(start, start + 2000) });
const seedSeconds = (performance.now() - seeding) / 1000;

// In process: the domain queries exactly as the routes call them.
const liveDocuments = new LiveDocuments(updateLog, { commitWindowMs: 0, idleUnloadMs: 1000, compactAfter: 500 });
const ctx: DomainContext = {
  db,
  events: new DomainEvents(),
  liveDocuments,
  now: () => new Date(),
  settings: { sessionTtlHours: 1 },
  limits: createDomainLimits(memoryLimiterStore, memoryLimiterStore, DEFAULT_LIMIT_SETTINGS),
};
const actor = actorFromUser(await db.user.findUniqueOrThrow({ where: { email: "head@hungary.example" }, include: actorUserInclude }));
const busiest = await db.amendment.groupBy({
  by: ["targetBlockId"],
  where: { documentId: plan.id },
  _count: { _all: true },
  orderBy: { _count: { targetBlockId: "desc" } },
  take: 1,
});
const busiestBlock = busiest[0]!.targetBlockId;
const compilation = await timeIt(20, () => getCompilation(ctx, actor, plan.id));
const panel = await timeIt(50, () => listDocumentAmendments(ctx, actor, plan.id, { blockId: busiestBlock }));
const badges = await timeIt(50, () => countAmendmentsByBlock(ctx, plan.id));
await liveDocuments.close();

// Over HTTP: the real server renders the compilation page (React SSR included).
if (!fs.existsSync(path.join(ROOT, "build/index.js"))) execFileSync("npx", ["remix", "build"], { cwd: ROOT, stdio: "ignore" });
const child = spawn("taskset", ["-c", "0", process.execPath, "--import", "tsx", "server/index.ts"], {
  cwd: ROOT,
  env: { ...process.env, DATABASE_URL, PORT: "0", HOST: "127.0.0.1", NODE_ENV: "production" },
  stdio: ["ignore", "pipe", "pipe"],
});
const port = await new Promise<number>((resolve) => {
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    const match = /localhost:(\d+)/.exec(output);
    if (match) resolve(Number(match[1]));
  });
});
const url = `http://127.0.0.1:${port}`;
const login = await fetch(`${url}/login`, {
  method: "POST",
  redirect: "manual",
  headers: { origin: url, "content-type": "application/x-www-form-urlencoded" },
  body: "email=head%40hungary.example&password=plenary-demo-2025",
});
const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
let pageBytes = 0;
const httpCompilation = await timeIt(10, async () => {
  const response = await fetch(`${url}/documents/${plan.id}/compilation`, { headers: { cookie } });
  pageBytes = (await response.arrayBuffer()).byteLength;
});
const httpPanel = await timeIt(30, async () => {
  const response = await fetch(`${url}/documents/${plan.id}/amendments?block=${busiestBlock}`, { headers: { cookie } });
  await response.arrayBuffer();
});
child.kill("SIGTERM");
await db.$disconnect();
updateLog.close();

const busiestCount = busiest[0]!._count._all;
const row = (name: string, figures: ReturnType<typeof stats>) =>
  `| ${name} | ${figures.median.toFixed(1)} | ${figures.p95.toFixed(1)} | ${figures.min.toFixed(1)} |`;
const lines = [
  `## Compilation — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
  "",
  `Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, Node ${process.version}. Data: action plan with ${actionPoints.length} action points, ${AMENDMENTS} tabled amendments from ${states.length} states, ${POSITIONS_PER_AMENDMENT} positions each (${positionRows.length} positions), seeded in ${seedSeconds.toFixed(1)} s. Busiest block: ${busiestCount} amendments.`,
  "",
  "| measurement | median ms | p95 ms | min ms |",
  "|---|---|---|---|",
  row("compilation data, in process (getCompilation)", compilation),
  row(`side-panel data for the busiest block, in process (${busiestCount} amendments)`, panel),
  row("editor badges (tabled amendments per block), in process", badges),
  row(`compilation page over HTTP, React SSR included (${(pageBytes / 1024 / 1024).toFixed(1)} MiB of HTML)`, httpCompilation),
  row("side-panel JSON for the busiest block over HTTP", httpPanel),
  "",
  `Target: compilation ≤ 150 ms. ${compilation.median <= 150 ? "Met" : "Missed"} in process (median ${compilation.median.toFixed(0)} ms); the full HTTP page takes ${httpCompilation.median.toFixed(0)} ms.`,
  "",
];
fs.appendFileSync(path.join(ROOT, "BENCHMARKS.md"), `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
