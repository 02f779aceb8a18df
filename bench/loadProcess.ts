// Load generator for the fan-out benchmarks (fanout.ts, cluster.ts), run as several processes
// started and merged by fanoutLoad.ts: one holds the writers and paces their updates, the others
// hold the readers; all on the generator's one core. Every server in a run gets exactly the same
// clients (docs/decisions/137):
// - Each client is a plain TCP socket that does the WebSocket handshake itself and then reads frame
//   headers only: no `ws` per-message machinery, no message assembly unless a frame spans reads.
// - Writers make real Yjs updates, but all of them before the run (`text.insert(0, marker)` per
//   update, as typing would), framed and masked once; at send time only the marker's fixed-width
//   digits (phase, seq, send time) are written into the frame. The update's structure and length
//   are those of a live insert.
// - Every client counts, per update, that it received it (a byte scan for fixed-width markers and
//   a typed-array counter per seq), so "reached every other client" is still checked client by
//   client. Latency (send → receipt) is read from a sample: the writers and every
//   BENCH_LATENCY_EVERY-th reader (10 by default), not from all 199 receivers.
// All processes share one schedule in wall-clock time (epoch milliseconds, sub-millisecond), so
// latencies compare across processes; each reports counts and a latency histogram, merged by fanoutLoad.ts.
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import readline from "node:readline";
import { performance } from "node:perf_hooks";
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
/** Readers whose latency is read (besides every writer): one in this many. */
export const LATENCY_EVERY = Number(process.env.BENCH_LATENCY_EVERY ?? 10);

/** What one generator process saw of one phase. */
export interface ProcessPhase {
  /** The first seq of the phase (fixed by the schedule, see seqBases) and, writers' process only, how many were sent. */
  firstSeq: number;
  sent: number;
  elapsedSeconds: number;
  serverCpuPercent: number | null;
  serverRssMiB: number | null;
  /** This generator process's own CPU during the phase, % of a core. */
  cpuPercent: number;
  /**
   * Receivers in this process that got each seq of the phase within the phase and its settling
   * time: a Uint16Array over [firstSeq, firstSeq + capacity), base64.
   */
  receipts: string;
  /** Latency histogram of the sampled receivers: bucket index -> count. */
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

/** Most updates a phase can send (the paced loop sends at most rate × seconds). */
export const phaseCapacity = (phase: LoadPhase) => Math.ceil(phase.updatesPerSecond * phase.seconds) + 1;

/** Seqs are allotted per phase in advance, so every process knows which phase a seq belongs to. */
export function seqBases(phases: readonly LoadPhase[]) {
  let base = 0;
  return phases.map((phase) => {
    const at = base;
    base += phaseCapacity(phase);
    return at;
  });
}

// Marker: `|w` writer(3) `:` phase(2) `:` seq(7) `:` send time (13 digits `.` 3 digits) `|`, fixed width.
const MARKER_LENGTH = 35;
const WRITER_AT = 2;
const PHASE_AT = 6;
const SEQ_AT = 9;
const SENT_AT = 17;
const BAR = 0x7c; // "|"
const W = 0x77; // "w"
const COLON = 0x3a;

const digits = (data: Uint8Array, at: number, count: number) => {
  let value = 0;
  for (let index = at; index < at + count; index++) value = value * 10 + (data[index]! - 48);
  return value;
};
const writeDigits = (data: Uint8Array, at: number, count: number, value: number) => {
  for (let index = at + count - 1; index >= at; index--) {
    data[index] = 48 + (value % 10);
    value = Math.floor(value / 10);
  }
};

/** Calls `onMarker` for each fixed-width marker in `data` from `from` on (a byte scan, no decoding). */
export function scanMarkers(data: Uint8Array, from: number, onMarker: (writer: number, phase: number, seq: number, at: number) => void) {
  const last = data.length - MARKER_LENGTH;
  let at = from;
  while (at <= last) {
    if (data[at] !== BAR || data[at + 1] !== W || data[at + MARKER_LENGTH - 1] !== BAR || data[at + 5] !== COLON) {
      at++;
      continue;
    }
    onMarker(digits(data, at + WRITER_AT, 3), digits(data, at + PHASE_AT, 2), digits(data, at + SEQ_AT, 7), at);
    at += MARKER_LENGTH;
  }
}

/** The send time (epoch ms) written into the marker at `at`. */
export const markerSentAt = (data: Uint8Array, at: number) => digits(data, at + SENT_AT, 13) + digits(data, at + SENT_AT + 14, 3) / 1000;

/** A marker for writer `writer`, with zeros where the phase, seq and send time go. */
export const markerPlaceholder = (writer: number) => `|w${String(writer).padStart(3, "0")}:00:0000000:0000000000000.000|`;

/** Writes the phase, seq and send time into the marker at `at` (the frame's length does not change). */
export function stampMarker(frame: Uint8Array, at: number, phase: number, seq: number, sentAt: number) {
  const whole = Math.floor(sentAt);
  writeDigits(frame, at + PHASE_AT, 2, phase);
  writeDigits(frame, at + SEQ_AT, 7, seq);
  writeDigits(frame, at + SENT_AT, 13, whole);
  writeDigits(frame, at + SENT_AT + 14, 3, Math.min(999, Math.floor((sentAt - whole) * 1000)));
}

/** A client → server WebSocket frame: FIN, the opcode, masked with a zero key (XOR leaves the payload as is). */
export function clientFrame(payload: Uint8Array, opcode = 0x2): Buffer {
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + 4 + length);
  frame[0] = 0x80 | opcode;
  if (length < 126) frame[1] = 0x80 | length;
  else if (length < 65536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length % 2 ** 32, 6);
  }
  frame.writeUInt32BE(0, header);
  frame.set(payload, header + 4);
  return frame;
}

/**
 * Server → client frames from a byte stream (unmasked, RFC 6455): calls `onFrame` with each
 * frame's opcode, FIN bit and payload. Reads are only joined when a frame spans them.
 */
export function frameReader(onFrame: (opcode: number, fin: boolean, payload: Buffer) => void) {
  let head: Buffer = Buffer.alloc(0);
  const more: Buffer[] = [];
  let moreBytes = 0;
  let need = 0;
  return (chunk: Buffer) => {
    if (head.length === 0) head = chunk;
    else {
      more.push(chunk);
      moreBytes += chunk.length;
      if (head.length + moreBytes < need) return;
      head = Buffer.concat([head, ...more]);
      more.length = 0;
      moreBytes = 0;
    }
    let at = 0;
    need = 0;
    for (;;) {
      const left = head.length - at;
      if (left < 2) {
        need = left + 1;
        break;
      }
      const second = head[at + 1]!;
      let length = second & 0x7f;
      let header = 2;
      if (length === 126) {
        if (left < 4) {
          need = 4;
          break;
        }
        length = head.readUInt16BE(at + 2);
        header = 4;
      } else if (length === 127) {
        if (left < 10) {
          need = 10;
          break;
        }
        length = head.readUInt32BE(at + 2) * 2 ** 32 + head.readUInt32BE(at + 6);
        header = 10;
      }
      if (second & 0x80) header += 4; // servers do not mask; skip a key if one is there
      if (left < header + length) {
        need = header + length;
        break;
      }
      const first = head[at]!;
      onFrame(first & 0x0f, (first & 0x80) !== 0, head.subarray(at + header, at + header + length));
      at += header + length;
    }
    head = at === 0 ? head : head.subarray(at);
  };
}

/** Opens a WebSocket by hand on a plain TCP socket; resolves once the server answered 101, with what followed it. */
function handshake(url: string, path: string, cookie: string) {
  const { hostname, port } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port) });
  socket.setNoDelay(true);
  return new Promise<{ socket: net.Socket; rest: Buffer }>((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf("\r\n\r\n");
      if (end === -1) return;
      socket.off("data", onData);
      socket.off("error", reject);
      const status = received.subarray(0, received.indexOf("\r\n")).toString();
      if (!/^HTTP\/1\.1 101/.test(status)) {
        socket.destroy();
        reject(new Error(`WebSocket handshake refused: ${status}`));
      } else resolve({ socket, rest: received.subarray(end + 4) });
    };
    socket.on("data", onData);
    socket.once("error", reject);
    socket.once("connect", () => {
      socket.write(
        [
          `GET ${path} HTTP/1.1`,
          `Host: ${hostname}:${port}`,
          "Upgrade: websocket",
          "Connection: Upgrade",
          `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString("base64")}`,
          "Sec-WebSocket-Version: 13",
          ...(cookie ? [`Cookie: ${cookie}`] : []),
          "",
          "",
        ].join("\r\n"),
      );
    });
  });
}

function processTicks(pid: number) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks
}
function processRssMiB(pid: number) {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : 0;
}

const HISTOGRAM_SIZE = MAX_LATENCY_MS / BUCKET_MS + 1;
const sparse = (histogram: Uint32Array) => {
  const entries: Record<number, number> = {};
  for (let bucket = 0; bucket < histogram.length; bucket++) if (histogram[bucket]! > 0) entries[bucket] = histogram[bucket]!;
  return entries;
};

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
  const bases = seqBases(config.phases);
  const totalSeqs = bases.at(-1)! + phaseCapacity(config.phases.at(-1)!);
  let windows: ReturnType<typeof schedule> = [];
  /** Receipts per seq over this process's receivers (every receiver counts, not only the sample). */
  const receipts = new Uint16Array(totalSeqs);
  const histograms = config.phases.map(() => new Uint32Array(HISTOGRAM_SIZE));
  const sameNodeHistograms = nodes > 1 ? config.phases.map(() => new Uint32Array(HISTOGRAM_SIZE)) : [];
  const crossNodeHistograms = nodes > 1 ? config.phases.map(() => new Uint32Array(HISTOGRAM_SIZE)) : [];
  let closedSockets = 0;
  const maxBucket = HISTOGRAM_SIZE - 1;

  /**
   * Finds the fixed-width markers of a sync update in the bytes and counts each for its seq; a
   * sampled receiver also reads the send time. One clock read per frame.
   */
  function onMessage(receiver: number, sampled: boolean, data: Buffer) {
    const type = prefix.length;
    if (data[type] !== 0 || data[type + 1] !== 2) return; // only sync updates carry markers
    const receivedAt = now();
    scanMarkers(data, type + 2, (writer, phase, seq, at) => {
      const window = windows[phase];
      if (writer === receiver || !window || phase >= phaseCount || seq >= totalSeqs || receivedAt > window.settledAt) return;
      receipts[seq]! += 1;
      if (!sampled) return;
      const bucket = Math.min(Math.floor(Math.max(0, receivedAt - markerSentAt(data, at)) / BUCKET_MS), maxBucket);
      histograms[phase]![bucket]! += 1;
      if (nodes > 1) (writer % nodes === receiver % nodes ? sameNodeHistograms : crossNodeHistograms)[phase]![bucket]! += 1;
    });
  }

  interface Client {
    id: number;
    socket: net.Socket;
    awarenessClock: number;
    caret?: Y.RelativePosition;
  }

  const pong = (payload: Buffer) => clientFrame(payload, 0xa);

  async function connect(id: number, cookie: string): Promise<Client> {
    const url = config.urls ? config.urls[id % config.urls.length]! : config.url;
    const { socket, rest } = await handshake(url, `/collab/${config.room}`, cookie);
    const sampled = id < config.writers || (id - config.writers) % LATENCY_EVERY === 0;
    let fragments: Buffer[] = [];
    const read = frameReader((opcode, fin, payload) => {
      if (opcode === 0x9) socket.write(pong(payload));
      else if (opcode === 0x8) socket.end();
      else if (opcode === 0x1 || opcode === 0x2 || opcode === 0x0) {
        if (!fin || fragments.length > 0) {
          fragments.push(Buffer.from(payload));
          if (!fin) return;
          payload = Buffer.concat(fragments);
          fragments = [];
        }
        onMessage(id, sampled, payload);
      }
    });
    socket.on("data", read);
    socket.on("error", () => {});
    socket.on("close", () => (closedSockets += 1));
    if (rest.length > 0) read(rest);
    if (prefix.length > 0) {
      // Hocuspocus: an empty token (no onAuthenticate hook) opens the document.
      socket.write(
        clientFrame(
          framed(
            encodeMessage((encoder) => {
              encoding.writeVarUint(encoder, 2);
              encoding.writeVarUint(encoder, 0);
              encoding.writeVarString(encoder, "");
            }),
          ),
        ),
      );
    }
    return { id, socket, awarenessClock: 0 };
  }

  const open = (client: Client) => !client.socket.destroyed && client.socket.writable;

  function sendAwareness(client: Client) {
    if (!open(client)) return;
    client.awarenessClock += 1;
    // Presence as y-tiptap sends it (the server refuses other shapes): a writer's caret in its paragraph.
    const state = { user: { name: `client ${client.id}` }, cursor: client.caret ? { anchor: client.caret, head: client.caret } : null };
    client.socket.write(
      clientFrame(
        framed(awarenessMessage(encodeAwarenessUpdate([{ clientId: 1_000_000 + client.id, clock: client.awarenessClock, state }]))),
      ),
    );
  }

  const clients: Client[] = [];
  for (let id = config.firstClient; id < config.firstClient + config.clientCount; id++) {
    clients.push(await connect(id, id < config.writers ? config.writerCookie : config.readerCookie));
  }
  // Every update a writer will send in the whole run, made now: writer i's k-th send is its k-th
  // insert, whichever phase and seq it falls in (they are written into the frame when it is sent).
  const perWriter = config.phases.reduce((sum, phase) => sum + Math.ceil(phaseCapacity(phase) / Math.max(1, config.writers)), 0);
  const writers = clients
    .filter((client) => client.id < config.writers)
    .map((client) => {
      const doc = new Y.Doc();
      // Each writer types into a paragraph of its own, as the editor would: the server checks every
      // update against the document schema (a loose top-level Y.Text is refused).
      const paragraph = new Y.XmlElement("operative");
      const text = new Y.XmlText();
      const updates: Uint8Array[] = [];
      doc.on("update", (update: Uint8Array) => updates.push(update));
      doc.transact(() => {
        doc.getXmlFragment(YJS_FIELD).insert(0, [paragraph]);
        paragraph.setAttribute("id", crypto.randomUUID());
        paragraph.setAttribute("status", "open");
        paragraph.insert(0, [text]);
      });
      client.socket.write(clientFrame(framed(updateMessage(updates.pop()!))));
      client.caret = Y.createRelativePositionFromTypeIndex(text, 0);
      const placeholder = markerPlaceholder(client.id);
      const frames: Buffer[] = [];
      const markerAt: number[] = [];
      for (let k = 0; k < perWriter; k++) {
        text.insert(0, placeholder);
        const frame = clientFrame(framed(updateMessage(updates.pop()!)));
        frames.push(frame);
        markerAt.push(frame.indexOf(placeholder));
      }
      doc.destroy();
      return { client, frames, markerAt, next: 0 };
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

  const results: ProcessPhase[] = [];
  for (const [index, phase] of config.phases.entries()) {
    const window = windows[index]!;
    await sleepUntil(window.start);
    const firstSeq = bases[index]!;
    const capacity = phaseCapacity(phase);
    const closedBefore = closedSockets;
    const measureServer = writers.length > 0;
    const cpuBefore = measureServer ? cpuTicks() : 0;
    const ownBefore = process.cpuUsage();
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
      // is due; the updates due at a wake-up go out corked, one write per socket.
      const interval = 1000 / phase.updatesPerSecond;
      await new Promise<void>((resolve) => {
        const tick = () => {
          const at = now();
          const due = Math.min(capacity, Math.floor((at - window.start) / interval));
          if (sent < due && at < window.end) {
            for (const writer of writers) writer.client.socket.cork();
            while (sent < due) {
              const writer = writers[sent % writers.length]!;
              const frame = writer.frames[writer.next];
              const marker = writer.markerAt[writer.next++];
              sent++;
              if (!frame || marker === undefined || !open(writer.client)) continue;
              stampMarker(frame, marker, index, firstSeq + sent - 1, now());
              writer.client.socket.write(frame);
            }
            for (const writer of writers) writer.client.socket.uncork();
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
    const own = process.cpuUsage(ownBefore);
    for (const timer of awarenessTimers) clearTimeout(timer);
    const rss = measureServer ? rssMiB() : null;
    await sleepUntil(window.settledAt); // let in-flight deliveries land
    const counts = receipts.slice(firstSeq, firstSeq + capacity);
    results.push({
      firstSeq,
      sent,
      elapsedSeconds,
      serverCpuPercent: measureServer ? ((cpuAfter - cpuBefore) / 100 / elapsedSeconds) * 100 : null,
      serverRssMiB: rss,
      cpuPercent: ((own.user + own.system) / 1e6 / elapsedSeconds) * 100,
      receipts: Buffer.from(counts.buffer, counts.byteOffset, counts.byteLength).toString("base64"),
      histogram: sparse(histograms[index]!),
      ...(nodes > 1
        ? { sameNodeHistogram: sparse(sameNodeHistograms[index]!), crossNodeHistogram: sparse(crossNodeHistograms[index]!) }
        : {}),
      closed: closedSockets - closedBefore,
    });
  }
  for (const client of clients) client.socket.destroy();
  // A pipe is written asynchronously: exit only once the (large) line is out.
  process.stdout.write(`${JSON.stringify(results)}\n`, () => process.exit(0));
}

if (process.argv[1]?.endsWith("loadProcess.ts")) await main();
