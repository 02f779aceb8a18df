// Load generator for the fan-out benchmark. Runs pinned to its own core (see run.ts).
// Light clients speak the y-websocket wire format directly so the generator, not Yjs on 200
// client docs, stays cheap: writers make real Yjs updates; receivers only find the marker.
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { WebSocket } from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { awarenessMessage, encodeAwarenessUpdate, encodeMessage, updateMessage } from "../server/collab/protocol";

export interface LoadConfig {
  url: string;
  /** Several nodes (bench/cluster.ts): client i connects to urls[i % urls.length]. */
  urls?: string[];
  room: string;
  serverPid: number;
  /** Several nodes: CPU is summed over these processes. */
  serverPids?: number[];
  clients: number;
  writers: number;
  writerCookie: string;
  readerCookie: string;
  /** Hocuspocus prefixes every message with the document name and waits for an auth message. */
  hocuspocusDocument?: string;
  phases: { name: string; updatesPerSecond: number; seconds: number }[];
}

export interface PhaseResult {
  name: string;
  offeredPerSecond: number;
  sent: number;
  /** Updates of this phase per second that reached every other client (fan-out completed). */
  deliveredPerSecond: number;
  /** Share of this phase's own updates that reached every other client. */
  completeRatio: number;
  deliveryRatio: number;
  /** Null when nothing of this phase was received at all. */
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  serverCpuPercent: number;
  serverRssMiB: number;
  /** Sockets the server closed during the phase (a slow consumer is closed, for instance). */
  closed: number;
  /** Several nodes: latency of deliveries to a client on the writer's own node, and on another node. */
  sameNodeP50Ms?: number | null;
  sameNodeP99Ms?: number | null;
  crossNodeP50Ms?: number | null;
  crossNodeP99Ms?: number | null;
}

const config = JSON.parse(process.argv[2] ?? "{}") as LoadConfig;
const MARKER = 0x7c; // "|"
const prefix =
  config.hocuspocusDocument === undefined
    ? new Uint8Array(0)
    : encodeMessage((encoder) => encoding.writeVarString(encoder, config.hocuspocusDocument!));
const framed = (message: Uint8Array) => (prefix.length === 0 ? message : Buffer.concat([prefix, message]));

const serverPids = config.serverPids ?? [config.serverPid];
function cpuTicks(_pid: number) {
  return serverPids.map(processTicks).reduce((sum, ticks) => sum + ticks, 0);
}
function rssOfServers(_pid: number) {
  return serverPids.map(rssMiB).reduce((sum, mib) => sum + mib, 0);
}
function processTicks(pid: number) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks
}
function rssMiB(pid: number) {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : 0;
}

interface Client {
  id: number;
  ws: WebSocket;
  awarenessClock: number;
  caret?: Y.RelativePosition;
}

let samples: number[] = [];
const nodes = config.urls?.length ?? 1;
let sameNodeSamples: number[] = [];
let crossNodeSamples: number[] = [];
let receipts = new Map<number, number>(); // update seq -> receivers reached
let closedSockets = 0;
let phaseFirstSeq = 0; // updates of earlier phases that land late are not this phase's

function onMessage(receiver: number, data: Buffer) {
  const type = prefix.length;
  if (data[type] !== 0 || data[type + 1] !== 2) return; // only sync updates carry markers
  // A message may hold several updates (servers may batch): count every marker in it.
  const receivedAt = performance.now();
  let at = data.indexOf(MARKER);
  while (at !== -1) {
    if (data[at + 1] !== 0x77 /* w */) {
      at = data.indexOf(MARKER, at + 1);
      continue;
    }
    const end = data.indexOf(MARKER, at + 2);
    if (end === -1) return;
    const [writer, seq, sentAt] = data
      .toString("latin1", at + 2, end)
      .split(":")
      .map(Number) as [number, number, number];
    if (writer !== receiver && seq >= phaseFirstSeq) {
      samples.push(receivedAt - sentAt);
      if (nodes > 1) (writer % nodes === receiver % nodes ? sameNodeSamples : crossNodeSamples).push(receivedAt - sentAt);
      receipts.set(seq, (receipts.get(seq) ?? 0) + 1);
    }
    at = data.indexOf(MARKER, end + 1);
  }
}

async function connect(id: number, cookie: string): Promise<Client> {
  const url = config.urls ? config.urls[id % config.urls.length]! : config.url;
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/collab/${config.room}`, { headers: { cookie } });
  ws.binaryType = "nodebuffer";
  ws.on("message", (data: Buffer) => onMessage(id, data));
  ws.on("close", () => (closedSockets += 1));
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
  client.awarenessClock += 1;
  // Presence as y-tiptap sends it (the server refuses other shapes): a writer's caret in its paragraph.
  const state = { user: { name: `client ${client.id}` }, cursor: client.caret ? { anchor: client.caret, head: client.caret } : null };
  client.ws.send(
    framed(awarenessMessage(encodeAwarenessUpdate([{ clientId: 1_000_000 + client.id, clock: client.awarenessClock, state }]))),
  );
}

async function main() {
  const clients: Client[] = [];
  for (let id = 0; id < config.clients; id++) {
    clients.push(await connect(id, id < config.writers ? config.writerCookie : config.readerCookie));
  }
  const writers = clients.slice(0, config.writers).map((client) => {
    const doc = new Y.Doc();
    doc.on("update", (update: Uint8Array) => client.ws.send(framed(updateMessage(update))));
    // Each writer types into a paragraph of its own, as the editor would: the server checks every
    // update against the document schema (a loose top-level Y.Text is refused).
    const paragraph = new Y.XmlElement("operative");
    const text = new Y.XmlText();
    doc.transact(() => {
      doc.getXmlFragment("default").insert(0, [paragraph]);
      paragraph.setAttribute("id", crypto.randomUUID());
      paragraph.setAttribute("status", "open");
      paragraph.insert(0, [text]);
    });
    client.caret = Y.createRelativePositionFromTypeIndex(text, 0);
    return { client, doc, text };
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));

  let seq = 0;
  const results: PhaseResult[] = [];
  for (const phase of config.phases) {
    samples = [];
    sameNodeSamples = [];
    crossNodeSamples = [];
    receipts = new Map();
    phaseFirstSeq = seq;
    const closedBefore = closedSockets;
    const interval = 1000 / phase.updatesPerSecond;
    const cpuBefore = cpuTicks(config.serverPid);
    const started = performance.now();
    let sent = 0;
    // Spread each client's awareness over its period, as real clients are not synchronised.
    const awarenessTimers: NodeJS.Timeout[] = [];
    clients.forEach((client, index) => {
      const period = index < config.writers ? 500 : 10_000;
      awarenessTimers.push(
        setTimeout(() => {
          sendAwareness(client);
          awarenessTimers.push(setInterval(() => sendAwareness(client), period));
        }, Math.random() * period),
      );
    });
    // One paced loop for all writers keeps the offered rate exact.
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        const due = Math.floor((now - started) / interval);
        while (sent < due && now - started < phase.seconds * 1000) {
          const writer = writers[sent % writers.length]!;
          writer.text.insert(0, `|w${writer.client.id}:${seq++}:${performance.now().toFixed(3)}|`);
          sent++;
        }
        if (now - started >= phase.seconds * 1000) resolve();
        else setImmediate(tick);
      };
      tick();
    });
    const elapsedSeconds = (performance.now() - started) / 1000;
    const cpuAfter = cpuTicks(config.serverPid);
    for (const timer of awarenessTimers) clearTimeout(timer);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // let in-flight deliveries land
    const receivers = config.clients - 1;
    const complete = [...receipts.values()].filter((count) => count >= receivers).length;
    const sorted = Float64Array.from(samples).sort();
    const quantile = (values: Float64Array, q: number) =>
      values.length ? values[Math.min(values.length - 1, Math.floor(q * values.length))]! : null;
    const pick = (q: number) => quantile(sorted, q);
    const sameNode = Float64Array.from(sameNodeSamples).sort();
    const crossNode = Float64Array.from(crossNodeSamples).sort();
    results.push({
      name: phase.name,
      offeredPerSecond: phase.updatesPerSecond,
      sent,
      deliveredPerSecond: complete / elapsedSeconds,
      completeRatio: sent === 0 ? 0 : complete / sent,
      deliveryRatio: samples.length / Math.max(1, sent * receivers),
      p50Ms: pick(0.5),
      p99Ms: pick(0.99),
      maxMs: sorted.length ? sorted[sorted.length - 1]! : null,
      serverCpuPercent: ((cpuAfter - cpuBefore) / 100 / elapsedSeconds) * 100,
      serverRssMiB: rssOfServers(config.serverPid),
      closed: closedSockets - closedBefore,
      ...(nodes > 1
        ? {
            sameNodeP50Ms: quantile(sameNode, 0.5),
            sameNodeP99Ms: quantile(sameNode, 0.99),
            crossNodeP50Ms: quantile(crossNode, 0.5),
            crossNodeP99Ms: quantile(crossNode, 0.99),
          }
        : {}),
    });
  }
  for (const client of clients) client.ws.terminate();
  console.log(JSON.stringify(results));
  process.exit(0);
}

await main();
