// Long documents read and diffed off the event loop (docs/decisions/118): the render thread makes the
// document page and the block list from stored rows or a live room's shared encoding, and the state
// thread cuts a reconnecting client's sync step 2 from that encoding. Every state counts as long here.
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { block, jsonToYUpdate } from "../../app/editor/documentModel";
import { YJS_FIELD } from "../../app/editor/ydocFields";
import { openUpdateLog } from "../../server/db/openUpdateLog";
import type { UpdateLog } from "../../server/db/updateLog";
import { LiveDocuments } from "../../server/yjs/liveDocuments";
import { VIEWS } from "../../server/yjs/views";
import { freshDatabase } from "../support/database";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function setUp(options: { backgroundViewsIdleMs?: number } = {}) {
  const { url, db } = freshDatabase();
  void db.$disconnect();
  const log = openUpdateLog(url);
  let loads = 0;
  const counted: UpdateLog = { ...log, load: (room) => (loads++, log.load(room)) };
  const live = new LiveDocuments(counted, { commitWindowMs: 0, idleUnloadMs: 20, compactAfter: 1_000, offThreadStateBytes: 0, ...options });
  cleanups.push(async () => {
    await live.close();
    await log.close();
  });
  return { log, live, loads: () => loads };
}

const TEXTS = ["Istanbul Commitments", "Recalling the Budapest Process,", "Welcoming the Call for Action,", "Commit to cooperate."];

/** A declaration stored as a seeding row and a few edits by another client (typed, and a word deleted). */
async function storeDeclaration(log: UpdateLog, room: string) {
  const doc = new Y.Doc();
  Y.applyUpdate(
    doc,
    jsonToYUpdate({
      type: "doc",
      content: [
        block("title", TEXTS[0]!),
        block("preambular", TEXTS[1]!),
        block("preambular", TEXTS[2]!),
        block("operative", "Commit to cooperate fully."),
      ],
    }),
  );
  const rows: Uint8Array[] = [Y.encodeStateAsUpdate(doc)];
  doc.on("update", (update: Uint8Array) => rows.push(update));
  const fragment = doc.getXmlFragment(YJS_FIELD);
  const operative = (fragment.get(3) as Y.XmlElement).get(0) as Y.XmlText;
  operative.delete("Commit to cooperate".length, " fully".length);
  await log.append(rows.map((data) => ({ room, data, author: null })));
  return doc;
}

async function waitUntil(condition: () => boolean | Promise<boolean>) {
  for (let attempt = 0; !(await condition()); attempt++) {
    if (attempt > 200) throw new Error("condition not met in 10 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function texts(blocks: readonly { text: string }[]) {
  return blocks.map((entry) => entry.text);
}

describe("long documents read off the event loop", () => {
  it("renders the page of an unloaded room in the render thread, exactly as the stored text", async () => {
    const { log, live, loads } = setUp();
    const room = "document.off-thread-page";
    const author = await storeDeclaration(log, room);

    const page = await live.readView(room, "documentPage");
    expect(texts(page.blocks)).toEqual(TEXTS);
    expect(page).toEqual(VIEWS.documentPage(author));
    expect(page.html).toContain("</span> to cooperate.</p>");
    expect(page.html).not.toContain("fully");
    // Built from one read of the rows, in the thread: the event loop's own build reads them again.
    expect(loads()).toBe(1);
    expect(live.loadedRooms()).toEqual([]);
    // Remembered while nothing is stored.
    expect(await live.readView(room, "documentPage")).toBe(page);
    expect(texts(await live.readView(room, "baseBlocks"))).toEqual(TEXTS);
  });

  it("renders a loaded room from its shared encoding and the updates since, again after each change", async () => {
    const { log, live } = setUp();
    const room = "document.off-thread-live";
    await storeDeclaration(log, room);
    const opened = await live.acquire(room);
    const title = () => (opened.doc.getXmlFragment(YJS_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;

    title().insert(TEXTS[0]!.length, " (Rev.1)");
    const first = await live.readView(room, "documentPage");
    expect(first.blocks[0]!.text).toBe(`${TEXTS[0]} (Rev.1)`);
    expect(first).toEqual(VIEWS.documentPage(opened.doc));

    title().delete(0, "Istanbul ".length);
    const second = await live.readView(room, "documentPage");
    expect(second.blocks[0]!.text).toBe("Commitments (Rev.1)");
    expect(second).toEqual(VIEWS.documentPage(opened.doc));
    await opened.committed();
    live.release(opened);
  });

  it("ends the background render thread when idle, and starts it again for the next background view", async () => {
    const { log, live } = setUp({ backgroundViewsIdleMs: 50 });
    const room = "document.off-thread-background";
    await storeDeclaration(log, room);

    expect(texts(await live.readView(room, "baseBlocks", { background: true }))).toEqual(TEXTS);
    expect(live.viewThreadStats().background).toMatchObject({ made: { baseBlocks: 1 }, started: 1 });
    await waitUntil(() => !live.viewThreadStats().background.running);

    // A change stored meanwhile: the view is made again, by a new thread, from the rows.
    const doc = new Y.Doc();
    for (const row of await log.load(room)) Y.applyUpdate(doc, row.data);
    doc.on("update", (update: Uint8Array) => void log.append([{ room, data: update, author: null }]));
    ((doc.getXmlFragment(YJS_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "The ");
    await waitUntil(async () => (await log.load(room)).length > 2);
    expect(texts(await live.readView(room, "baseBlocks", { background: true }))[0]).toBe(`The ${TEXTS[0]}`);
    expect(live.viewThreadStats().background).toMatchObject({ made: { baseBlocks: 2 }, started: 2 });
    // None of it on the readers' thread.
    expect(live.viewThreadStats().reader.made).toEqual({});
  });

  it("answers a reconnecting client with exactly what it lacks, cut from the shared encoding", async () => {
    const { log, live } = setUp();
    const room = "document.off-thread-diff";
    await storeDeclaration(log, room);
    const opened = await live.acquire(room);

    // The client synced earlier, then typed offline; the server took edits from others meanwhile.
    const client = new Y.Doc();
    for (const part of opened.fullState()) Y.applyUpdate(client, part);
    const clientTitle = (client.getXmlFragment(YJS_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    clientTitle.insert(0, "Draft: ");
    const serverText = (opened.doc.getXmlFragment(YJS_FIELD).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    serverText.delete(0, "Recalling ".length);
    serverText.insert(0, "Recalling also ");

    const parts = await opened.stateDiff(Y.encodeStateVector(client));
    // The shared encoding cut to what the client lacks, and the updates since it: two updates from the thread.
    expect(parts).toHaveLength(2);
    for (const part of parts) Y.applyUpdate(client, part);
    expect(VIEWS.documentPage(client).blocks.map((entry) => entry.text)).toEqual([
      `Draft: ${TEXTS[0]}`,
      "Recalling also the Budapest Process,",
      TEXTS[2],
      TEXTS[3],
    ]);
    // Nothing more to send: every struct of the server is in the client now.
    const clientClocks = Y.decodeStateVector(Y.encodeStateVector(client));
    for (const [clientId, clock] of Y.decodeStateVector(Y.encodeStateVector(opened.doc))) {
      expect(clientClocks.get(clientId)).toBe(clock);
    }
    const sameDeletions = new Y.Doc();
    Y.applyUpdate(sameDeletions, Y.encodeStateAsUpdate(opened.doc));
    Y.applyUpdate(sameDeletions, Y.encodeStateAsUpdate(client));
    expect(sameDeletions.getXmlFragment(YJS_FIELD).toJSON()).toBe(client.getXmlFragment(YJS_FIELD).toJSON());
    await opened.committed();
    live.release(opened);
  });
});
