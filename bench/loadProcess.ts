// Load generator for the fan-out benchmarks (fanout.ts, cluster.ts), run as several processes
// started and merged by fanoutLoad.ts: one holds
// the writers and paces their updates, the others hold the readers. A single process reading 200
// sockets fell behind the server at high rates, so the generator, not the server, saturated; and
// its reading delayed its own sending. Light clients speak the y-websocket wire format directly:
// writers make real Yjs updates; receivers only find the markers in what they receive.
// All processes share one schedule in wall-clock time (epoch milliseconds, sub-millisecond), so
// latencies compare across processes; each reports counts and a latency histogram, merged by fanout.ts.
import fs from "node:fs";
import readline from "node:readline";
import { performance } from "node:perf_hooks";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { YJS_FIELD } from "../app/editor/ydocFields";
import * as encoding from "lib0/encoding";
import { awarenessMessage, encodeAwarenessUpdate, encodeMessage, updateMessage } from "../server/collab/protocol";

export interface LoadPhase {
  name: string;
  updatesPerSecond: number;
  seconds: number;
}

export interface LoadConfig {
  url: string;
  /** Several nodes (bench/cluster.ts): client i connects to urls[i % urls.length]. */
  urls?: string[];
  room: string;
  serverPid: number;
  /** Several nodes: CPU and memory are summed over these processes. */
  serverPids?: number[];
  /** Clients of the whole run; this process holds ids [firstClient, firstClient + clientCount). */
  clients: number;
  writers: number;
  firstClient: number;
  clientCount: number;
  writerCookie: string;
  readerCookie: string;
  /** Hocuspocus prefixes every message with the document name and waits for an auth message. */
  hocuspocusDocument?: string;
  phases: LoadPhase[];
}

/** After each phase, in-flight deliveries have this long to land before the next phase starts. */
export const SETTLE_MS = 1500;
/** Latency histogram resolution and range. */
export const BUCKET_MS = 0.1;
export const MAX_LATENCY_MS = 30_000;

/** What one generator process saw of one phase. */
export interface ProcessPhase {
  /** Writers' process only: the first seq of the phase and how many were sent. */
  firstSeq: number;
  sent: number;
  elapsedSeconds: number;
  serverCpuPercent: number | null;
  serverRssMiB: number | null;
  /** seq -> receivers (in this process) that got it within the phase and its settling time. */
  receipts: Record<number, number>;
  /** Latency histogram: bucket index -> count. */
  histogram: Record<number, number>;
  /** Several nodes: the same, for receivers on the writer's own node and on another node. */
  sameNodeHistogram?: Record<number, number>;
  crossNodeHistogram?: Record<number, number>;
  closed: number;
}

export const now = () => performance.timeOrigin + performance.now();

/** The schedule every process follows: phase i runs [start, end), then settles until `settledAt`. */
export function schedule(startAt: number, phases: readonly LoadPhase[]) {
  let at = startAt;
  return phases.map((phase) => {
    const window = { start: at, end: at + phase.seconds * 1000, settledAt: at + phase.seconds * 1000 + SETTLE_MS };
    at = window.settledAt;
    return window;
  });
}

const MARKER = 0x7c; // "|"
const W = 0x77; // "w"
const COLON = 0x3a;

function processTicks(pid: number) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks
}
function processRssMiB(pid: number) {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : 0;
}

async function main() {
  const config = JSON.parse(process.argv[2] ?? "{}") as LoadConfig;
  const serverPids = config.serverPids ?? [config.serverPid];
  const cpuTicks = () => serverPids.reduce((sum, pid) => sum + processTicks(pid), 0);
  const rssMiB = () => serverPids.reduce((sum, pid) => sum + processRssMiB(pid), 0);
  const nodes = config.urls?.length ?? 1;
  const prefix =
    config.hocuspocusDocument === undefined
      ? new Uint8Array(0)
      : encodeMessage((encoder) => encoding.writeVarString(encoder, config.hocuspocusDocument!));
  const framed = (message: Uint8Array) => (prefix.length === 0 ? message : Buffer.concat([prefix, message]));
  const phaseCount = config.phases.length;
  let windows: ReturnType<typeof schedule> = [];
  const receipts = config.phases.map(() => new Map<number, number>());
  const histograms = config.phases.map(() => new Map<number, number>());
  const sameNodeHistograms = config.phases.map(() => new Map<number, number>());
  const crossNodeHistograms = config.phases.map(() => new Map<number, number>());
  const count = (histogram: Map<number, number>, bucket: number) => histogram.set(bucket, (histogram.get(bucket) ?? 0) + 1);
  let closedSockets = 0;
  const closedAt: number[] = [];

  /** Reads `|w<writer>:<phase>:<seq>:<sentAt>|` markers straight from the bytes: no strings, no splitting. */
  function onMessage(receiver: number, data: Buffer) {
    const type = prefix.length;
    if (data[type] !== 0 || data[type + 1] !== 2) return; // only sync updates carry markers
    const receivedAt = now();
    let at = data.indexOf(MARKER);
    while (at !== -1) {
      if (data[at + 1] !== W) {
        at = data.indexOf(MARKER, at + 1);
        continue;
      }
      const fields = [0, 0, 0, 0];
      let field = 0;
      let fraction = 0;
      let index = at + 2;
      for (; index < data.length && data[index] !== MARKER; index++) {
        const byte = data[index]!;
        if (byte === COLON) field++;
        else if (byte === 0x2e) fraction = 1;
        else if (field < 4) {
          if (fraction > 0) {
            fraction /= 10;
            fields[field] = fields[field]! + (byte - 48) * fraction;
          } else fields[field] = fields[field]! * 10 + (byte - 48);
        }
      }
      if (index >= data.length) return;
      const [writer, phase, seq, sentAt] = fields as [number, number, number, number];
      const window = windows[phase];
      if (writer !== receiver && window && phase < phaseCount && receivedAt <= window.settledAt) {
        const phaseReceipts = receipts[phase]!;
        phaseReceipts.set(seq, (phaseReceipts.get(seq) ?? 0) + 1);
        const bucket = Math.min(Math.floor(Math.max(0, receivedAt - sentAt) / BUCKET_MS), MAX_LATENCY_MS / BUCKET_MS);
        count(histograms[phase]!, bucket);
        if (nodes > 1) count((writer % nodes === receiver % nodes ? sameNodeHistograms : crossNodeHistograms)[phase]!, bucket);
      }
      at = data.indexOf(MARKER, index + 1);
    }
  }

  interface Client {
    id: number;
    ws: WebSocket;
    awarenessClock: number;
    caret?: Y.RelativePosition;
  }

  async function connect(id: number, cookie: string): Promise<Client> {
    const url = config.urls ? config.urls[id % config.urls.length]! : config.url;
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/collab/${config.room}`, { headers: { cookie } });
    ws.binaryType = "nodebuffer";
    ws.on("message", (data: Buffer) => onMessage(id, data));
    ws.on("close", () => {
      closedSockets += 1;
      closedAt.push(now());
    });
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    if (prefix.length > 0) {
      // Hocuspocus: an empty token (no onAuthenticate hook) opens the document.
      ws.send(
        framed(
          encodeMessage((encoder) => {
            encoding.writeVarUint(encoder, 2);
            encoding.writeVarUint(encoder, 0);
            encoding.writeVarString(encoder, "");
          }),
        ),
      );
    }
    return { id, ws, awarenessClock: 0 };
  }

  function sendAwareness(client: Client) {
    if (client.ws.readyState !== client.ws.OPEN) return;
    client.awarenessClock += 1;
    // Presence as y-tiptap sends it (the server refuses other shapes): a writer's caret in its paragraph.
    const state = { user: { name: `client ${client.id}` }, cursor: client.caret ? { anchor: client.caret, head: client.caret } : null };
    client.ws.send(
      framed(awarenessMessage(encodeAwarenessUpdate([{ clientId: 1_000_000 + client.id, clock: client.awarenessClock, state }]))),
    );
  }

  const clients: Client[] = [];
  for (let id = config.firstClient; id < config.firstClient + config.clientCount; id++) {
    clients.push(await connect(id, id < config.writers ? config.writerCookie : config.readerCookie));
  }
  const writers = clients
    .filter((client) => client.id < config.writers)
    .map((client) => {
      const doc = new Y.Doc();
      doc.on("update", (update: Uint8Array) => {
        if (client.ws.readyState === client.ws.OPEN) client.ws.send(framed(updateMessage(update)));
      });
      // Each writer types into a paragraph of its own, as the editor would: the server checks every
      // update against the document schema (a loose top-level Y.Text is refused).
      const paragraph = new Y.XmlElement("operative");
      const text = new Y.XmlText();
      doc.transact(() => {
        doc.getXmlFragment(YJS_FIELD).insert(0, [paragraph]);
        paragraph.setAttribute("id", crypto.randomUUID());
        paragraph.setAttribute("status", "open");
        paragraph.insert(0, [text]);
      });
      client.caret = Y.createRelativePositionFromTypeIndex(text, 0);
      return { client, doc, text };
    });

  // Ready: the parent answers with the shared start time once every process is connected.
  console.log("ready");
  const startAt = await new Promise<number>((resolve) => {
    const lines = readline.createInterface({ input: process.stdin });
    lines.once("line", (line) => {
      lines.close();
      resolve(Number(line));
    });
  });
  windows = schedule(startAt, config.phases);
  const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - now())));

  let seq = 0;
  const results: ProcessPhase[] = [];
  for (const [index, phase] of config.phases.entries()) {
    const window = windows[index]!;
    await sleepUntil(window.start);
    const firstSeq = seq;
    const closedBefore = closedSockets;
    const measureServer = writers.length > 0;
    const cpuBefore = measureServer ? cpuTicks() : 0;
    const started = now();
    let sent = 0;
    // Spread each client's awareness over its period, as real clients are not synchronised.
    const awarenessTimers: NodeJS.Timeout[] = [];
    clients.forEach((client) => {
      const period = client.id < config.writers ? 500 : 10_000;
      awarenessTimers.push(
        setTimeout(() => {
          sendAwareness(client);
          awarenessTimers.push(setInterval(() => sendAwareness(client), period));
        }, Math.random() * period),
      );
    });
    if (writers.length > 0) {
      // One paced loop for all writers keeps the offered rate exact. It sleeps until the next update
      // is due (it used to spin on setImmediate, taking the generators' core from the readers).
      const interval = 1000 / phase.updatesPerSecond;
      await new Promise<void>((resolve) => {
        const tick = () => {
          const at = now();
          const due = Math.floor((at - window.start) / interval);
          while (sent < due && at < window.end) {
            const writer = writers[sent % writers.length]!;
            writer.text.insert(0, `|w${writer.client.id}:${index}:${seq++}:${now().toFixed(3)}|`);
            sent++;
          }
          if (at >= window.end) return resolve();
          const next = Math.min(window.start + (sent + 1) * interval, window.end);
          setTimeout(tick, Math.max(0, next - now()));
        };
        tick();
      });
    } else {
      await sleepUntil(window.end);
    }
    const elapsedSeconds = (now() - started) / 1000;
    const cpuAfter = measureServer ? cpuTicks() : 0;
    for (const timer of awarenessTimers) clearTimeout(timer);
    const rss = measureServer ? rssMiB() : null;
    await sleepUntil(window.settledAt); // let in-flight deliveries land
    results.push({
      firstSeq,
      sent,
      elapsedSeconds,
      serverCpuPercent: measureServer ? ((cpuAfter - cpuBefore) / 100 / elapsedSeconds) * 100 : null,
      serverRssMiB: rss,
      receipts: Object.fromEntries(receipts[index]!),
      histogram: Object.fromEntries(histograms[index]!),
      ...(nodes > 1
        ? {
            sameNodeHistogram: Object.fromEntries(sameNodeHistograms[index]!),
            crossNodeHistogram: Object.fromEntries(crossNodeHistograms[index]!),
          }
        : {}),
      closed: closedSockets - closedBefore,
    });
  }
  for (const client of clients) client.ws.terminate();
  // A pipe is written asynchronously: exit only once the (large) line is out.
  process.stdout.write(`${JSON.stringify(results)}\n`, () => process.exit(0));
}

if (process.argv[1]?.endsWith("loadProcess.ts")) await main();
