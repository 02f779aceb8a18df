// npm run bench -- attacks: replays the heavy inputs of the hardening review (docs/decisions/073) against
// the real server, pinned to one core, and records its event-loop delay (p99 and max, from
// bench/eventLoopProbe.ts inside the server) and RSS for each phase. Principle under test: no
// request blocks the event loop for more than about 50 ms with the largest allowed input.
//
// Phases: largest allowed amendments tabled (worst case for the diff: wording unrelated to the
// target), an over-limit amendment refused, the target changed (current diffs recomputed once in
// the background), pages viewed while those amendments are outdated,
// an update nesting blocks 20,000 deep refused by the struct cap and one 1,000 deep by the depth
// check (both off the bytes, see server/collab/scanUpdate.ts), the largest accepted change, and a
// sign-in burst.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { listDocumentBlocks } from "../app/editor/documentModel";
import { YJS_FIELD } from "../app/editor/ydocFields";
import { TEXT_LIMITS } from "../common/limits";
import { updateMessage } from "../server/collab/protocol";
import { openSqliteUpdateLog } from "../server/db/updateLog";
import { connectClient, synced, typeInto, waitFor, type CollabClient } from "../tests/support/collab";
import { eventLoopProbe, pinned, ROOT, SERVER_ARGS, seededDatabase, signIn, waitForPort, favouredNote } from "./harness";

const TMP = path.join(ROOT, "bench/.tmp");
const PROBE = path.join(TMP, "attacks-probe.json");
const AMENDMENTS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
/** CPU time the server used (user + system), from /proc: unlike wall time, barely moved by other load. */
const cpuMs = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

// 1. Data: the seeded process, amendments open on the declaration.
const { file, url: databaseUrl } = seededDatabase("attacks");
const db = new Database(file);
const { id: documentId } = db.prepare(`SELECT id FROM "Document" WHERE kind = 'declaration'`).get() as { id: string };
db.prepare(`UPDATE "Document" SET stage = 'amendments_open' WHERE id = ?`).run(documentId);
db.close();
const log = openSqliteUpdateLog(file);
const stored = new Y.Doc();
for (const row of await log.load(`document.${documentId}`)) Y.applyUpdate(stored, row.data);
await log.close();
const blocks = listDocumentBlocks(stored);
const target = blocks.find((block) => block.number === "OP1")!;
const targetIndex = blocks.findIndex((block) => block.id === target.id);

// Wording as unlike the target as possible: every word new, so Myers' algorithm gets no help.
let seed = 7;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
function unrelatedWords(length: number) {
  let text = "";
  while (text.length < length) text += `w${Math.floor(random() * 1e9).toString(36)}${random() < 0.1 ? ", " : " "}`;
  return text.slice(0, length).trimEnd();
}

// 2. The server, pinned to core 0, with the probe; this process (the attacker) runs beside it.
fs.mkdirSync(TMP, { recursive: true });
const child = pinned(
  0,
  SERVER_ARGS,
  {
    DATABASE_URL: databaseUrl,
    PORT: "0",
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    EVENT_LOOP_PROBE_FILE: PROBE,
    LOGIN_MAX_FAILURES_PER_IP: "100000",
  },
  ["./bench/eventLoopProbe.ts"],
);
const url = `http://127.0.0.1:${await waitForPort(child)}`;
const probe = eventLoopProbe(child, PROBE);
const cookies = {
  head: await signIn(url, "head@pakistan.example"),
  chair: await signIn(url, "chair@turkiye.example"),
  reader: await signIn(url, "head@hungary.example"),
};
const post = (path: string, fields: Record<string, string>, cookie: string) =>
  fetch(url + path, {
    method: "POST",
    redirect: "manual",
    headers: { origin: url, cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

interface Phase {
  name: string;
  requests: number;
  medianMs: number;
  maxMs: number;
  note: string;
  loop: { p99Ms: number; maxMs: number };
  rss: number;
  cpu: number;
}
const phases: Phase[] = [];
async function phase(name: string, run: () => Promise<{ times: number[]; note: string }>) {
  await probe.sample();
  const cpuBefore = cpuMs(child.pid!);
  const { times, note } = await run();
  const loop = await probe.sample();
  const cpu = cpuMs(child.pid!) - cpuBefore;
  phases.push({
    name,
    requests: times.length,
    medianMs: median(times),
    maxMs: Math.max(0, ...times),
    note,
    loop,
    rss: rssMiB(child.pid!),
    cpu,
  });
  console.log(`${name}: loop p99 ${loop.p99Ms.toFixed(1)} ms, max ${loop.maxMs.toFixed(1)} ms; ${note}`);
}
async function timed<T>(request: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await request();
  return [performance.now() - started, result];
}

// Warm-up outside any phase: the first tabling and page views compile code paths once.
{
  const proposed = await post(`/documents/${documentId}/amendments`, { targetBlockId: target.id, operation: "replace" }, cookies.head);
  const id = (proposed.headers.get("location") ?? "").replace("/amendments/", "");
  const client = connectClient(url, `draft.${id}`, cookies.head);
  await synced(client);
  typeInto(client.doc, 0, " (warm-up)");
  client.provider.awareness.setLocalStateField("marker", "warm");
  await waitFor(() => [...client.provider.awareness.getStates().values()].some((state) => state.marker === "warm"), "marker", 30_000);
  await post(`/amendments/${id}`, { intent: "table" }, cookies.head);
  await fetch(`${url}/amendments/${id}`, { headers: { cookie: cookies.reader } }).then((r) => r.text());
  await fetch(`${url}/documents/${documentId}/compilation`, { headers: { cookie: cookies.reader } }).then((r) => r.text());
  client.destroy();
}

await phase("idle (baseline, 2 s)", async () => {
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return { times: [], note: "nothing sent" };
});

// 3. The largest allowed amendments, drafted over the WebSocket and tabled.
const amendmentIds: string[] = [];
const clients: CollabClient[] = [];
for (let i = 0; i < AMENDMENTS + 1; i++) {
  const proposed = await post(`/documents/${documentId}/amendments`, { targetBlockId: target.id, operation: "replace" }, cookies.head);
  const id = (proposed.headers.get("location") ?? "").replace("/amendments/", "");
  if (!id) throw new Error(`proposing failed: ${proposed.status} ${await proposed.text()}`);
  const client = connectClient(url, `draft.${id}`, cookies.head);
  clients.push(client);
  await synced(client);
  // The draft starts as a copy of the target: replace it with wording at the limit (or, for the
  // last one, far past it: 115 KB, the size that once took the server down).
  const length = i < AMENDMENTS ? TEXT_LIMITS.proposedText : 115_000;
  const element = client.doc.getXmlFragment(YJS_FIELD).get(0) as Y.XmlElement;
  const text = element.get(0) as Y.XmlText;
  client.doc.transact(() => {
    text.delete(0, text.length);
    text.insert(0, unrelatedWords(length));
  });
  // The server has the update once the room echoes a presence marker back.
  client.provider.awareness.setLocalStateField("marker", i);
  const arrived = await waitFor(
    () => [...client.provider.awareness.getStates().values()].some((state) => state.marker === i),
    "marker",
    30_000,
  ).then(
    () => true,
    () => false,
  );
  if (!arrived && i < AMENDMENTS) throw new Error("a draft at the limit did not reach the server");
  amendmentIds.push(id);
}
const bigOnes = amendmentIds.slice(0, AMENDMENTS);
const overLimit = amendmentIds[AMENDMENTS]!;

await phase(
  `table ${AMENDMENTS} amendments of ${TEXT_LIMITS.proposedText.toLocaleString("en")} characters, unrelated to the target`,
  async () => {
    const times: number[] = [];
    const statuses: number[] = [];
    for (const id of bigOnes) {
      const [ms, response] = await timed(() => post(`/amendments/${id}`, { intent: "table" }, cookies.head));
      times.push(ms);
      statuses.push(response.status);
    }
    const coarse = new Database(file, { readonly: true })
      .prepare(`SELECT COUNT(*) AS n FROM "AmendmentRevision" WHERE diffJson LIKE '%"coarse":true%'`)
      .get() as { n: number };
    return { times, note: `statuses ${[...new Set(statuses)].join(", ")}; ${coarse.n} stored as "changed too much to show word by word"` };
  },
);

await phase("table a 115 KB amendment (over the limit)", async () => {
  const [ms, response] = await timed(() => post(`/amendments/${overLimit}`, { intent: "table" }, cookies.head));
  return { times: [ms], note: `status ${response.status} (refused before any diff)` };
});
for (const client of clients) client.destroy();

// 4. The chair changes the target: every big amendment is outdated and re-diffed, once, in the background.
await phase("chair edits the target; current diffs computed in the background", async () => {
  const chair = connectClient(url, `document.${documentId}`, cookies.chair);
  await synced(chair);
  typeInto(chair.doc, targetIndex, " (as revised by the Chair)");
  const check = new Database(file, { readonly: true });
  const [ms] = await timed(() =>
    waitFor(
      () => (check.prepare(`SELECT COUNT(*) AS n FROM "AmendmentCurrentDiff"`).get() as { n: number }).n >= AMENDMENTS,
      "current diffs",
      60_000,
    ),
  );
  check.close();
  chair.destroy();
  return { times: [ms], note: `${AMENDMENTS} current diffs stored` };
});

// 5. Pages while those amendments are outdated: nothing is diffed on a view.
await phase("views while outdated: amendment page ×20, side panel ×20, compilation ×5", async () => {
  const times: number[] = [];
  for (let i = 0; i < 20; i++)
    times.push(
      (
        await timed(() =>
          fetch(`${url}/amendments/${bigOnes[i % bigOnes.length]}`, { headers: { cookie: cookies.reader } }).then((r) => r.text()),
        )
      )[0],
    );
  for (let i = 0; i < 20; i++)
    times.push(
      (
        await timed(() =>
          fetch(`${url}/documents/${documentId}/amendments?block=${target.id}`, { headers: { cookie: cookies.reader } }).then((r) =>
            r.text(),
          ),
        )
      )[0],
    );
  for (let i = 0; i < 5; i++)
    times.push(
      (
        await timed(() =>
          fetch(`${url}/documents/${documentId}/compilation`, { headers: { cookie: cookies.reader } }).then((r) => r.text()),
        )
      )[0],
    );
  return { times, note: "all 200" };
});

/**
 * Blocks nested `depth` deep sent by the chair ×5, each on a fresh socket: the time until the
 * server closes it, and the close codes.
 */
async function nestedUpdateRefused(depth: number) {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  doc.transact(() => {
    let outer = new Y.XmlElement("operative");
    doc.getXmlFragment(YJS_FIELD).insert(0, [outer]);
    outer.setAttribute("id", crypto.randomUUID());
    for (let level = 0; level < depth; level++) {
      const inner = new Y.XmlElement("operative");
      outer.insert(0, [inner]);
      outer = inner;
    }
  });
  const message = updateMessage(Y.mergeUpdates(updates));
  const times: number[] = [];
  const codes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const ws = new WebSocket(`${url.replace("http", "ws")}/collab/document.${documentId}`, { headers: { cookie: cookies.chair } });
    await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
    const [ms, code] = await timed(
      () =>
        new Promise<number>((resolve) => {
          ws.once("close", (closeCode) => resolve(closeCode));
          ws.send(message);
        }),
    );
    times.push(ms);
    codes.push(code);
  }
  return { times, note: `${message.byteLength.toLocaleString("en")} bytes each; closed with ${[...new Set(codes)].join(", ")}` };
}

// 6. Updates that once made a document unreadable: blocks nested 20,000 deep, refused (1007)
// by the schema check before anything is applied or stored.
await phase("deep-nesting update refused: 20,000 nested blocks ×5 (about 200 KB each)", () => nestedUpdateRefused(20_000));

// 6b. The same attack kept under the struct cap (500 deep, about 500 structs): refused by
// the depth check at its fourth struct, off the bytes.
await phase("deep-nesting update refused: 500 nested blocks ×5 (under the struct cap)", () => nestedUpdateRefused(500));

// 6c. The largest change a writer may send (just under the 1,000-struct cap: 195 pasted
// paragraphs), accepted, checked, applied, stored and broadcast.
await phase("largest accepted change: 195 paragraphs pasted at once (about 975 structs) ×3", async () => {
  const times: number[] = [];
  let structs = 0;
  for (let round = 0; round < 3; round++) {
    const chair = connectClient(url, `document.${documentId}`, cookies.chair);
    await synced(chair);
    const updates: Uint8Array[] = [];
    const listener = (update: Uint8Array, origin: unknown) => {
      if (origin === "paste") updates.push(update);
    };
    chair.doc.on("update", listener);
    const fragment = chair.doc.getXmlFragment(YJS_FIELD);
    const [ms] = await timed(async () => {
      chair.doc.transact(() => {
        fragment.insert(
          fragment.length,
          Array.from({ length: 195 }, (_, index) => {
            const element = new Y.XmlElement("operative");
            element.setAttribute("id", crypto.randomUUID());
            element.setAttribute("status", "open");
            element.insert(0, [new Y.XmlText(`Pasted paragraph ${round}.${index}`)]);
            return element;
          }),
        );
      }, "paste");
      chair.provider.awareness.setLocalStateField("marker", `paste-${round}`);
      await waitFor(
        () => [...chair.provider.awareness.getStates().values()].some((state) => state.marker === `paste-${round}`),
        "paste marker",
        60_000,
      );
    });
    structs = Y.decodeUpdate(updates[0]!).structs.length;
    if (chair.closes.length > 0) throw new Error(`the paste was refused: ${JSON.stringify(chair.closes)}`);
    times.push(ms);
    chair.destroy();
  }
  return { times, note: `${structs.toLocaleString("en")} structs each, accepted` };
});

// 7. A sign-in burst: 200 concurrent guesses at one account, and 50 at 50 others.
await phase("sign-in burst: 200 concurrent guesses for one account + 50 for others", async () => {
  const guess = (email: string, password: string) =>
    timed(() =>
      fetch(`${url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { origin: url, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email, password }).toString(),
      }).then((response) => response.status),
    );
  const results = await Promise.all([
    ...Array.from({ length: 200 }, (_, i) => guess("head@iraq.example", `guess-${i}`)),
    ...Array.from({ length: 50 }, (_, i) => guess(`nobody${i}@example.org`, "guess")),
  ]);
  const count = (status: number) => results.filter(([, s]) => s === status).length;
  return { times: results.map(([ms]) => ms), note: `${count(422)} checked (422), ${count(429)} refused before hashing (429)` };
});

child.kill("SIGTERM");
await new Promise((resolve) => child.once("exit", resolve));

const lines = [
  `## Attacks (issue 9) — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
  "",
  `Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, Node ${process.version}; load average at the end ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(
      " / ",
    )}. Server pinned to core 0, production mode, measured after one warm-up tabling and page view (first-use compilation excluded); event-loop delay from monitorEventLoopDelay (5 ms resolution) inside the server.${favouredNote()}`,
  "",
  "| phase | requests | median ms | max ms | event loop p99 ms | event loop max ms | server CPU ms | RSS after MiB | note |",
  "|---|---|---|---|---|---|---|---|---|",
  ...phases.map(
    (p) =>
      `| ${p.name} | ${p.requests} | ${p.medianMs.toFixed(0)} | ${p.maxMs.toFixed(0)} | ${p.loop.p99Ms.toFixed(1)} | ${p.loop.maxMs.toFixed(
        1,
      )} | ${p.cpu.toFixed(0)} | ${p.rss.toFixed(0)} | ${p.note} |`,
  ),
  "",
  "Target: no event-loop stall above about 50 ms with the largest allowed input. Wall-clock figures include waiting for the CPU when the machine is loaded (see the load average); server CPU ms is the work the server itself did in the phase.",
  "",
];
fs.appendFileSync(path.join(ROOT, "BENCHMARKS.md"), `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
process.exit(0);
