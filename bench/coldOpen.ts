// npm run bench -- coldopen: the long-history document (bench/longHistory.ts, docs/decisions/097),
// opened cold over the WebSocket and read as a page, against a bare Y.applyUpdate of its state
// in a fresh process, with the server's event-loop delay while it happens.
import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import * as decoding from "lib0/decoding";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { listBlocks, yDocToJson } from "../app/editor/documentModel";
import { YJS_FIELD } from "../app/editor/ydocFields";
import { editorReadyMs, launchBrowser } from "./editorReady";
import { syncStep1Message, updateMessage } from "../server/collab/protocol";
import { openSqliteUpdateLog } from "../server/db/updateLog";
import { eventLoopProbe, pinned, ROOT, SERVER_ARGS, seededDatabase, signIn, waitForPort, type LoopSample, favouredNote } from "./harness";
import { generateLongHistory, LONG_HISTORY } from "./longHistory";

const TMP = path.join(ROOT, "bench/.tmp");
const PROBE = path.join(TMP, "coldopen-probe.json");
/**
 * The cores the server (and the bare apply it is compared with) may use: core 0 by default, as the
 * other benches pin it; BENCH_SERVER_CPUS=0,1 gives it the whole 2-core machine, as a deployment has
 * (this bench's only client is one socket or one browser, not a load generator).
 */
const SERVER_CPUS = process.env.BENCH_SERVER_CPUS ?? "0";
const serverCoresLabel = SERVER_CPUS === "0" ? "Server pinned to core 0" : `Server and bare apply on cores ${SERVER_CPUS}`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// 1. The database and its history.
const { file, url: databaseUrl } = seededDatabase("coldopen");
const db = new Database(file);
const { id: documentId } = db.prepare(`SELECT id FROM "Document" WHERE kind = 'declaration'`).get() as { id: string };
const room = `document.${documentId}`;
const authors = ["chair@turkiye.example", "cochair@hungary.example", "secretariat@icmpd.example"].map(
  (email) =>
    db.prepare(`SELECT id AS userId, participantId FROM "User" WHERE email = ?`).get(email) as { userId: string; participantId: string },
);
db.prepare(`DELETE FROM "YUpdate" WHERE room = ?`).run(room);
db.close();
const log = openSqliteUpdateLog(file);
let generatedAt = performance.now();
const state = generateLongHistory(room, authors, (entries) => log.append(entries));
const generationSeconds = (performance.now() - generatedAt) / 1000;
const storedRows = await log.rowCount(room);
await log.close();
const stateFile = path.join(TMP, "coldopen-state.bin");
fs.writeFileSync(stateFile, state);
const storedBytes = (
  new Database(file, { readonly: true }).prepare(`SELECT SUM(LENGTH(data)) AS bytes FROM "YUpdate" WHERE room = ?`).get(room) as {
    bytes: number;
  }
).bytes;
console.log(
  `generated ${storedRows} rows (${(storedBytes / 2 ** 20).toFixed(1)} MiB) in ${generationSeconds.toFixed(1)} s; state ${(state.byteLength / 2 ** 20).toFixed(2)} MiB`,
);

// 2. The baseline: a bare Y.applyUpdate of the state, cold, in a fresh process on the server's cores.
const bareRuns = [0, 1, 2].map(() => {
  const output = execFileSync("taskset", ["-c", SERVER_CPUS, process.execPath, "--import", "tsx", "bench/applyState.ts", stateFile], {
    cwd: ROOT,
  }).toString();
  return (JSON.parse(output.trim().split("\n").at(-1)!) as { applyMs: number }).applyMs;
});
const bareMs = median(bareRuns);
console.log(`bare Y.applyUpdate: ${bareRuns.map((ms) => ms.toFixed(0)).join(", ")} ms`);

// 3. The server, on its cores, with the event-loop probe.
async function startServer() {
  const child = pinned(
    SERVER_CPUS,
    SERVER_ARGS,
    { DATABASE_URL: databaseUrl, PORT: "0", HOST: "127.0.0.1", NODE_ENV: "production", EVENT_LOOP_PROBE_FILE: PROBE },
    ["./bench/eventLoopProbe.ts"],
  );
  const url = `http://127.0.0.1:${await waitForPort(child)}`;
  const loopProbe = eventLoopProbe(child, PROBE);
  let cpuBefore = 0;
  // Each sample also gives the server's CPU time since the previous one.
  const probe = {
    sample: async () => {
      const loop = await loopProbe.sample();
      const cpu = cpuMs(child.pid!);
      const sample = { ...loop, cpuMs: cpu - cpuBefore, rssMiB: rssMiB(child.pid!) };
      cpuBefore = cpu;
      return sample;
    },
  };
  await probe.sample();
  return { child, url, probe, cookie: await signIn(url, "chair@turkiye.example") };
}
async function stop(child: ChildProcess) {
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
}
/** CPU time (user + system) the process has used so far, in ms: what a step cost the server whatever the load. */
const cpuMs = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

/** Connect → sync step 2 received (the server has loaded the room and answered). */
async function connectSynced(url: string, cookie: string, stateVector = Y.encodeStateVector(new Y.Doc())) {
  const started = performance.now();
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/collab/${room}`, { headers: { cookie } });
  ws.binaryType = "nodebuffer";
  const payload = await new Promise<Uint8Array>((resolve, reject) => {
    ws.on("open", () => ws.send(syncStep1Message(stateVector)));
    ws.on("message", (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 1) return;
      resolve(decoding.readVarUint8Array(decoder));
    });
    ws.on("error", reject);
  });
  return { ws, ms: performance.now() - started, payload };
}
async function waitUnloaded(url: string) {
  for (;;) {
    const health = (await (await fetch(`${url}/healthz`)).json()) as { liveDocuments: number };
    if (health.liveDocuments === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const rowCount = () => {
  const reader = new Database(file, { readonly: true });
  try {
    return (reader.prepare(`SELECT COUNT(*) AS n FROM "YUpdate" WHERE room = ?`).get(room) as { n: number }).n;
  } finally {
    reader.close();
  }
};
async function timePage(url: string, cookie: string) {
  const started = performance.now();
  const response = await fetch(`${url}/documents/${documentId}`, { headers: { cookie } });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`page answered ${response.status}`);
  return { ms: performance.now() - started, bytes: body.length };
}

const rows: [string, string, string, string, string, string, string, string, string][] = [];
const record = (what: string, ms: number, loop: LoopSample & { cpuMs: number; rssMiB: number }, note = "") => {
  const stall = loop.longestStall;
  if (loop.threads) console.log(what, JSON.stringify(loop.threads));
  rows.push([
    what,
    `${ms.toFixed(0)} ms${note}`,
    `${(ms / bareMs).toFixed(2)}×`,
    `${loop.maxMs.toFixed(0)} / ${loop.p99Ms.toFixed(0)}`,
    loop.cpuMaxMs.toFixed(0),
    `${stall.wallMs.toFixed(0)}: ${stall.mainCpuMs.toFixed(0)} / ${stall.otherThreadsCpuMs.toFixed(0)} / ${stall.mainWaitMs.toFixed(0)}`,
    `${loop.cpuMs.toFixed(0)}`,
    loop.rssMiB.toFixed(0),
    os.loadavg()[0]!.toFixed(1),
  ]);
  console.log(
    `${what}: ${ms.toFixed(0)} ms (${(ms / bareMs).toFixed(2)}× bare), event loop max ${loop.maxMs.toFixed(0)} ms (longest main-thread CPU stretch ${loop.cpuMaxMs.toFixed(0)} ms; longest stall ${stall.wallMs.toFixed(0)} ms: main thread ${stall.mainCpuMs.toFixed(0)} ms CPU, other threads ${stall.otherThreadsCpuMs.toFixed(0)} ms, main thread waiting for a core ${stall.mainWaitMs.toFixed(0)} ms), server CPU ${loop.cpuMs.toFixed(0)} ms, RSS ${loop.rssMiB.toFixed(0)} MiB, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
};

// A: the raw 260,001-row log, as never compacted: the first open folds it in the worker.
{
  const server = await startServer();
  const rssBefore = rssMiB(server.child.pid!);
  const open = await connectSynced(server.url, server.cookie);
  record(
    `first open, just after start-up, of the raw ${storedRows}-row log (folded in the worker first)`,
    open.ms,
    await server.probe.sample(),
  );
  const clientStarted = performance.now();
  const client = new Y.Doc();
  Y.applyUpdate(client, open.payload);
  console.log(
    `client applies sync step 2 (${(open.payload.byteLength / 2 ** 20).toFixed(2)} MiB) in ${(performance.now() - clientStarted).toFixed(0)} ms; server RSS +${(rssMiB(server.child.pid!) - rssBefore).toFixed(0)} MiB`,
  );
  open.ws.close();
  await waitUnloaded(server.url);
  await stop(server.child);
  console.log(`rows after: ${rowCount()}`);
}

// B: a fresh process, the log as the server keeps it: cold open, then page reads, then editing.
{
  const server = await startServer();
  const open = await connectSynced(server.url, server.cookie);
  record("cold open (connect → sync step 2), fresh server", open.ms, await server.probe.sample());
  // An editor that reconnects (room still loaded) sends its state vector: sync step 2 is the diff.
  const held = new Y.Doc();
  Y.applyUpdate(held, open.payload);
  await server.probe.sample();
  const reconnect = await connectSynced(server.url, server.cookie, Y.encodeStateVector(held));
  record("reconnect with a state vector (sync step 2 is a diff), room loaded", reconnect.ms, await server.probe.sample());
  reconnect.ws.close();
  held.destroy();
  open.ws.close();
  await waitUnloaded(server.url);
  await server.probe.sample();
  const first = await timePage(server.url, server.cookie);
  record("document page, room not loaded", first.ms, await server.probe.sample(), ` (${(first.bytes / 1024).toFixed(0)} KiB)`);
  const again = await timePage(server.url, server.cookie);
  record("document page again (state cached)", again.ms, await server.probe.sample());

  // Editing: 1,200 keystrokes at 200/s. Compaction now scales with the document (decision 071): 1,200
  // keystrokes on a 1.5 MiB document are far from a quarter of its size, so none runs here.
  const writer = await connectSynced(server.url, server.cookie);
  await server.probe.sample();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, writer.payload);
  doc.on("update", (update: Uint8Array) => writer.ws.send(updateMessage(update)));
  const text = (doc.getXmlFragment(YJS_FIELD).get(10) as Y.XmlElement).get(0) as Y.XmlText;
  const editStarted = performance.now();
  for (let index = 0; index < 1_200; index++) {
    text.insert(0, "k");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  record("1,200 edits, no compaction due (decision 071; whole window)", performance.now() - editStarted, await server.probe.sample());
  writer.ws.close();
  await waitUnloaded(server.url);
  await stop(server.child);
}

// C: a fresh process again: the page first, then the editor in Chromium.
const lastTextOf = (update: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return listBlocks(yDocToJson(doc)).at(-1)!.text.trim().slice(-40);
};
const editorRows: string[] = [];
// BENCH_COLDOPEN_NO_BROWSER=1: the server-side steps only (the editor-ready rows need Chromium and take minutes).
const withBrowser = process.env.BENCH_COLDOPEN_NO_BROWSER !== "1";
const browser = withBrowser ? await launchBrowser() : null;
{
  const server = await startServer();
  const page = await timePage(server.url, server.cookie);
  record("document page, room not loaded, fresh server", page.ms, await server.probe.sample());
  if (browser) {
    const times = await editorReadyMs(browser, server.url, server.cookie, documentId, lastTextOf(state), 3);
    editorRows.push(
      `| the 50-page document (${LONG_HISTORY.blocks} blocks) | ${times[0]!.toFixed(0)} | ${median(times.slice(1)).toFixed(0)} (${times
        .slice(1)
        .map((ms) => ms.toFixed(0))
        .join(", ")}) | ≤ 2,000 |`,
    );
  }
  await stop(server.child);
}
if (browser) {
  const seeded = seededDatabase("editor");
  const reader = new Database(seeded.file, { readonly: true });
  const { id } = reader.prepare(`SELECT id FROM "Document" WHERE kind = 'declaration'`).get() as { id: string };
  const stored = reader.prepare(`SELECT data FROM "YUpdate" WHERE room = ? ORDER BY id`).all(`document.${id}`) as { data: Buffer }[];
  reader.close();
  const doc = new Y.Doc();
  for (const row of stored) Y.applyUpdate(doc, row.data);
  const child = pinned(SERVER_CPUS, SERVER_ARGS, {
    DATABASE_URL: seeded.url,
    PORT: "0",
    HOST: "127.0.0.1",
    NODE_ENV: "production",
  });
  const url = `http://127.0.0.1:${await waitForPort(child)}`;
  const times = await editorReadyMs(
    browser,
    url,
    await signIn(url, "chair@turkiye.example"),
    id,
    lastTextOf(Y.encodeStateAsUpdate(doc)),
    4,
  );
  editorRows.push(
    `| the seeded declaration | ${times[0]!.toFixed(0)} | ${median(times.slice(1)).toFixed(0)} (${times
      .slice(1)
      .map((ms) => ms.toFixed(0))
      .join(", ")}) | ≤ 1,000 |`,
  );
  await stop(child);
}
await browser?.close();

const lines = [
  `## Cold open of a long history — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
  "",
  `Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, Node ${process.version}; load average at the end ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(" / ")}. ${serverCoresLabel}.${favouredNote()}`,
  `Document: ${LONG_HISTORY.blocks} blocks, ${LONG_HISTORY.characters.toLocaleString("en")} characters, ${LONG_HISTORY.updates.toLocaleString("en")} keystroke updates by 3 authors, stored as ${storedRows.toLocaleString("en")} rows (${(storedBytes / 2 ** 20).toFixed(1)} MiB); state ${(state.byteLength / 2 ** 20).toFixed(2)} MiB.`,
  `Baseline: a bare \`Y.applyUpdate\` of that state in a fresh process, median of 3: **${bareMs.toFixed(0)} ms** (${bareRuns.map((ms) => ms.toFixed(0)).join(", ")}).`,
  "",
  "| step | time | ÷ bare apply | server event-loop delay max / p99 ms | longest main-thread CPU stretch between loop turns, ms | longest stall, ms: main-thread CPU / other threads' CPU / main thread waiting for a core | server CPU ms | server RSS after, MiB | load (1 min) |",
  "|---|---|---|---|---|---|---|---|---|",
  ...rows.map((row) => `| ${row.join(" | ")} |`),
  "",
  ...(browser
    ? [
        "Editor ready in Chromium (navigation → an editable editor holding the synced text), signed in as the chair:",
        "",
        "| document | first navigation ms | warm ms, median (runs) | target ms |",
        "|---|---|---|---|",
        ...editorRows,
        "",
      ]
    : ["Editor ready in Chromium: not measured in this run (BENCH_COLDOPEN_NO_BROWSER=1).", ""]),
];
const out = path.join(ROOT, "BENCHMARKS.md");
fs.appendFileSync(out, `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
