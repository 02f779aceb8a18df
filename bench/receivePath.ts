// npm run bench -- receivepath: CPU per update of the collaboration server's receive path
// (validate with the real rules, apply, merge each committed batch for its broadcast), in this
// process, as reads bring more updates per socket and commits carry more updates: the shape of
// overload (issue 15, target 3; docs/decisions/115-117). Each size runs the path as it was (one
// transaction per update, Y.mergeUpdates per batch) and as it is (one transaction per read,
// mergeBatch). CPU time (process.cpuUsage), not wall time, so a shared machine inflates it less.
// No sockets, no database: the fan-out bench measures those.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as Y from "yjs";
import { YJS_FIELD } from "../app/editor/ydocFields";
import { validateUpdate } from "../server/collab/validateUpdate";
import { agreedParagraphLock, optionSetLock } from "../server/domain/documents/paragraphLocks";
import { mergeBatch } from "../server/yjs/mergeUpdates";
import { ROOT, favouredNote } from "./harness";

const RULES = [agreedParagraphLock, optionSetLock];
const WRITERS = 20;
const UPDATES = 20_000;
/** Updates per socket read, and per committed batch (at 100/s one and one; under overload dozens and thousands). */
const SHAPES = [
  { perRead: 1, perCommit: 1 },
  { perRead: 1, perCommit: 20 },
  { perRead: 8, perCommit: 400 },
  { perRead: 32, perCommit: 1600 },
] as const;

/** A room of 50 paragraphs (one agreed) and 20 writers typing markers into paragraphs of their own. */
function room() {
  const live = new Y.Doc();
  const fragment = live.getXmlFragment(YJS_FIELD);
  live.transact(() => {
    for (let index = 0; index < 50; index++) {
      const paragraph = new Y.XmlElement("operative");
      paragraph.setAttribute("id", `seed-${index}`);
      paragraph.setAttribute("status", index === 5 ? "agreed" : "open");
      paragraph.insert(0, [new Y.XmlText(`Paragraph ${index}, as seeded, with a few words in it.`)]);
      fragment.insert(fragment.length, [paragraph]);
    }
  });
  const writers = Array.from({ length: WRITERS }, (_, writer) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(live));
    const sent: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => sent.push(update));
    const paragraph = new Y.XmlElement("operative");
    const text = new Y.XmlText();
    doc.transact(() => {
      doc.getXmlFragment(YJS_FIELD).insert(0, [paragraph]);
      paragraph.setAttribute("id", crypto.randomUUID());
      paragraph.setAttribute("status", "open");
      paragraph.insert(0, [text]);
    });
    for (const update of sent.splice(0)) Y.applyUpdate(live, update);
    return { writer, doc, text, sent };
  });
  for (const { doc } of writers) Y.applyUpdate(doc, Y.encodeStateAsUpdate(live));
  return { live, writers };
}

/** The updates as the server reads them: `perRead` of one writer, then the next writer's. */
function reads(writers: ReturnType<typeof room>["writers"], perRead: number) {
  const result: { origin: object; updates: Uint8Array[] }[] = [];
  const origins = writers.map(() => ({}));
  let seq = 0;
  while (seq < UPDATES) {
    for (const { writer, text, sent } of writers) {
      for (let index = 0; index < perRead && seq < UPDATES; index++) text.insert(0, `|w${writer}:3:${seq++}:1764140000000.000|`);
      if (sent.length > 0) result.push({ origin: origins[writer]!, updates: sent.splice(0) });
    }
  }
  return result;
}

function cpuPerUpdate(shape: (typeof SHAPES)[number], now: boolean): number {
  const { live, writers } = room();
  const stream = reads(writers, shape.perRead);
  const pending: Uint8Array[] = [];
  live.on("update", (update: Uint8Array) => pending.push(update));
  let inBatch = 0;
  const release = () => {
    const batch = pending.splice(0);
    if (batch.length > 0) void (now ? mergeBatch(batch) : batch.length === 1 ? batch[0] : Y.mergeUpdates(batch));
    inBatch = 0;
  };
  const started = process.cpuUsage();
  for (const { origin, updates } of stream) {
    const apply = (update: Uint8Array) => {
      validateUpdate(live, "document", update, RULES);
      Y.applyUpdate(live, update, origin);
    };
    if (now) Y.transact(live, () => updates.forEach(apply), origin);
    else updates.forEach(apply);
    inBatch += updates.length;
    if (inBatch >= shape.perCommit) release();
  }
  release();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / UPDATES;
}

const rows: string[] = [];
for (const shape of SHAPES) {
  // Warm both paths once, then measure each three times and keep the median.
  cpuPerUpdate(shape, false);
  cpuPerUpdate(shape, true);
  const median = (values: number[]) => values.sort((a, b) => a - b)[1]!;
  const before = median([0, 1, 2].map(() => cpuPerUpdate(shape, false)));
  const after = median([0, 1, 2].map(() => cpuPerUpdate(shape, true)));
  rows.push(`| ${shape.perRead} | ${shape.perCommit} | ${before.toFixed(1)} | ${after.toFixed(1)} | ${(before / after).toFixed(2)}× |`);
  console.log(rows.at(-1));
}
const lines = [
  `## Collaboration receive path, CPU per update — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
  "",
  `Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, Node ${process.version}; load average at the end ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(
      " / ",
    )}. ${UPDATES} updates from ${WRITERS} writers into a room of 50 paragraphs: validated with the real rules, applied, each committed batch merged for its broadcast; no sockets, no database. Median of three.${favouredNote()}`,
  "",
  "| updates per socket read | updates per commit | µs CPU per update, one transaction each + Y.mergeUpdates (the path before 115 and 116) | µs, one transaction per read + mergeBatch | ratio |",
  "|---|---|---|---|---|",
  ...rows,
  "",
];
if (!process.argv.includes("--dry")) fs.appendFileSync(path.join(ROOT, "BENCHMARKS.md"), `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
