// The typists of the consolidation benchmark, in their own process (so their Yjs work does not
// share the server's event loop, as real clients would not): 50 y-websocket clients each insert
// a token "⟨i.n⟩" into an action point every 40 ms (and delete it once the observer has seen it); an observer records when each token
// arrives. Driven over IPC by bench/decisions.ts.
//
// Once synced, a typist reads every frame the server sends it but does not apply the document
// updates in it: 50 browsers would each apply the others' keystrokes on their own machine, while
// here one process applying all of them (50 × 50 × 25 updates a second) was itself the bottleneck
// and its delays were counted as the server's. Its own edits stay valid Yjs edits (an insertion
// at the start of a paragraph, the deletion of its own token). The observer applies everything:
// its receipt times are the latencies, and its text is compared with the server's at the end.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { listDocumentBlocks } from "../app/editor/documentModel";
import { findBlock } from "../app/editor/yBlocks";
import { connectClient, synced } from "../tests/support/collab";

interface Setup {
  url: string;
  room: string;
  typistCookie: string;
  observerCookie: string;
  typists: number;
  points: string[];
}

const send = (message: unknown) => process.send!(message);
let setup: Setup;
let clients: ReturnType<typeof connectClient>[] = [];
let observer: ReturnType<typeof connectClient>;
const sentAt = new Map<string, number>();
let latencies: number[] = [];
let typing = false;
let loops: Promise<void>[] = [];

/** This process's own event-loop delay since the last lap: how late the generator itself saw what arrived. */
let loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
function loopSinceLap() {
  const measured = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
  loopDelay.disable();
  loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  return measured;
}

/** This process's CPU time since the last call, in ms: whether the generator kept up. */
let lastCpu = process.cpuUsage();
function cpuSinceLap() {
  const used = process.cpuUsage(lastCpu);
  lastCpu = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

const plain = (text: Y.XmlText) =>
  (text.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === "string" ? op.insert : "")).join("");

process.on("message", async (message: { kind: string } & Partial<Setup>) => {
  if (message.kind === "setup") {
    setup = message as Setup;
    clients = Array.from({ length: setup.typists }, () => connectClient(setup.url, setup.room, setup.typistCookie));
    observer = connectClient(setup.url, setup.room, setup.observerCookie);
    for (const client of [...clients, observer]) await synced(client);
    for (const client of clients) {
      // Sync messages (document updates) are read off the socket and dropped; nothing is answered.
      client.provider.messageHandlers[0] = (encoder: encoding.Encoder) => encoding.writeVarUint(encoder, 0);
    }
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
    send({ kind: "ready" });
  } else if (message.kind === "start") {
    typing = true;
    latencies = [];
    loops = clients.map(async (client, index) => {
      let n = 0;
      let typed: { text: Y.XmlText; token: string }[] = [];
      while (typing) {
        const target = setup.points[(index * 7 + n) % setup.points.length]!;
        const text = findBlock(client.doc, target)?.element.get(0);
        if (text instanceof Y.XmlText) {
          const token = `⟨${index}.${n}⟩`;
          sentAt.set(token, performance.now());
          text.insert(0, token);
          // Typing, then taking back what the observer has seen (never before: a token inserted and
          // deleted in one batch would never be seen, and the slowest deliveries would go uncounted).
          // The paragraphs stay their size however long the run.
          typed = typed.filter((entry) => {
            if (sentAt.has(entry.token)) return true;
            const at = plain(entry.text).indexOf(entry.token);
            if (at >= 0) entry.text.delete(at, entry.token.length);
            return false;
          });
          typed.push({ text, token });
        }
        n += 1;
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    });
    send({ kind: "started" });
  } else if (message.kind === "lap") {
    // The latencies since the last lap (or the start), and a fresh count from now.
    // Tokens still unseen over 500 ms after they were typed (those typed just now are on their way).
    const now = performance.now();
    const overdue = [...sentAt.values()].filter((sent) => now - sent > 500).length;
    send({ kind: "lap", latencies, unanswered: overdue, cpuMs: cpuSinceLap(), loop: loopSinceLap() });
    latencies = [];
  } else if (message.kind === "stop") {
    typing = false;
    await Promise.all(loops);
    send({ kind: "stopped", latencies, unanswered: sentAt.size, cpuMs: cpuSinceLap(), loop: loopSinceLap() });
  } else if (message.kind === "text") {
    send({ kind: "text", blocks: JSON.stringify(listDocumentBlocks(observer.doc)) });
  } else if (message.kind === "close") {
    for (const client of [...clients, observer]) client.destroy();
    process.exit(0);
  }
});
// Gone with the benchmark, however it ends.
process.on("disconnect", () => process.exit(0));
send({ kind: "loaded" });
