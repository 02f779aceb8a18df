import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openUpdateLog } from "../../server/db/openUpdateLog";
import type { UpdateLog } from "../../server/db/updateLog";
import { LiveDocuments, type LiveDocumentsOptions } from "../../server/yjs/liveDocuments";
import { freshDatabase } from "../support/database";
import { seededRandom } from "../support/random";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function setUp(compactAfter: number, options: Partial<LiveDocumentsOptions> = {}) {
  const { url, db } = freshDatabase();
  void db.$disconnect();
  const log = openUpdateLog(url);
  let loads = 0;
  const counted: UpdateLog = { ...log, load: (room) => (loads++, log.load(room)) };
  const live = new LiveDocuments(counted, { commitWindowMs: 0, idleUnloadMs: 20, compactAfter, ...options });
  cleanups.push(async () => {
    await live.close();
    await log.close();
  });
  return { log, live, loads: () => loads };
}

/** What a fresh process would load from storage. */
async function stored(log: UpdateLog, room: string) {
  const doc = new Y.Doc();
  for (const row of await log.load(room)) Y.applyUpdate(doc, row.data);
  return doc;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("compaction off the event loop", () => {
  it("keeps every update committed while the worker folds the log, in order after the snapshot", async () => {
    const { log, live } = setUp(1_000_000);
    const room = "test.swap";
    const document = await live.acquire(room);
    const text = document.doc.getText("t");
    for (let index = 0; index < 300; index++) {
      text.insert(text.length, `a${index} `);
      if (index % 10 === 0) await turn();
    }
    await document.committed();
    const rowsBefore = await log.rowCount(room);
    expect(rowsBefore).toBeGreaterThan(20);

    // Start folding, then keep writing (and committing) while the worker runs.
    const compaction = document.compact();
    let during = 0;
    let settled = false;
    void compaction.then(() => (settled = true));
    while (!settled || during < 50) {
      text.insert(text.length, `b${during++} `);
      await turn();
    }
    await compaction;
    await document.committed();

    const rows = await log.load(room);
    expect(rows[0]!.kind).toBe("snapshot");
    expect(rows.length).toBeLessThan(rowsBefore + during);
    expect(rows.slice(1).every((row) => row.kind === "update")).toBe(true);
    expect(rows.map((row) => row.id)).toEqual([...rows.map((row) => row.id)].sort((a, b) => a - b));
    expect((await stored(log, room)).getText("t").toString()).toBe(text.toString());
    expect(text.toString()).toContain(`b${during - 1} `);
    live.release(document);
  });

  it("folds a long log before the room opens, and a repeated read re-applies nothing", async () => {
    const { log, live, loads } = setUp(100);
    const room = "test.long";
    const author = new Y.Doc();
    const text = author.getText("t");
    const rows: Uint8Array[] = [];
    author.on("update", (update: Uint8Array) => rows.push(update));
    for (let index = 0; index < 3_000; index++) text.insert(text.length, `${index % 10}`);
    await log.append(rows.map((data) => ({ room, data, author: null })));
    expect(await log.rowCount(room)).toBe(3_000);
    // The check against the threshold counts no further than it needs to.
    expect(await log.rowCount(room, 101)).toBe(101);
    expect(await log.rowCount(room, 5_000)).toBe(3_000);

    const first = await live.read(room, (doc) => doc.getText("t").toString());
    expect(first).toBe(text.toString());
    expect(await log.rowCount(room)).toBe(1);
    const loadsAfterFirst = loads();
    expect(await live.read(room, (doc) => doc.getText("t").toString())).toBe(text.toString());
    expect(loads()).toBe(loadsAfterFirst);

    // A stored change makes the cached state stale: the next read sees it.
    const extra = new Y.Doc();
    Y.applyUpdate(extra, Y.encodeStateAsUpdate(author));
    const before = Y.encodeStateVector(extra);
    extra.getText("t").insert(0, "new ");
    await log.append([{ room, data: Y.encodeStateAsUpdate(extra, before), author: null }]);
    expect(await live.read(room, (doc) => doc.getText("t").toString())).toBe(`new ${text.toString()}`);

    const opened = await live.acquire(room);
    expect(opened.doc.getText("t").toString()).toBe(`new ${text.toString()}`);
    live.release(opened);
  });

  it("derives a view once per state, and again after any change, live or stored", async () => {
    const { live } = setUp(100);
    const room = "test.derived";
    await live.change(room, (doc) => doc.getText("t").insert(0, "one"));
    let renders = 0;
    const view = () => live.readDerived(room, "view", (doc) => ({ text: doc.getText("t").toString(), render: ++renders }));
    const first = await view();
    expect(await view()).toBe(first);
    expect(first.text).toBe("one");

    const opened = await live.acquire(room);
    opened.doc.getText("t").insert(3, " two");
    expect((await view()).text).toBe("one two");
    const rendersWhileLive = renders;
    expect((await view()).render).toBe(rendersWhileLive);
    await opened.committed();
    live.release(opened);
  });

  it("folds every long log at start-up and leaves short ones alone", async () => {
    const { log, live } = setUp(100);
    const rowsFor = async (room: string, count: number) => {
      const doc = new Y.Doc();
      const rows: Uint8Array[] = [];
      doc.on("update", (update: Uint8Array) => rows.push(update));
      for (let index = 0; index < count; index++) doc.getText("t").insert(index, "x");
      await log.append(rows.map((data) => ({ room, data, author: null })));
      return doc.getText("t").toString();
    };
    const long = await rowsFor("test.long-at-start", 300);
    await rowsFor("test.short-at-start", 10);

    expect(await live.compactLongLogs()).toBe(300);
    expect(await log.rowCount("test.long-at-start")).toBe(1);
    expect(await log.rowCount("test.short-at-start")).toBe(10);
    expect((await stored(log, "test.long-at-start")).getText("t").toString()).toBe(long);
  });

  it("shares one encoding of the whole state between new editors until the next update", async () => {
    const { live } = setUp(1_000_000);
    const document = await live.acquire("test.fullstate");
    const text = document.doc.getText("t");
    text.insert(0, "first");
    const [before] = document.fullState();
    expect(document.fullState()).toEqual([before]);
    expect(document.fullState()[0]).toBe(before);
    text.insert(5, " second");
    const after = document.fullState();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, after[0]!);
    expect(fresh.getText("t").toString()).toBe("first second");
    live.release(document);
  });

  it("stores a long document's snapshot as chunks that each apply at once, and encodes its state off the event loop", async () => {
    // Every stored state counts as long here, so its encoding for new editors comes from the state thread.
    const { log, live } = setUp(10, { offThreadStateBytes: 0 });
    const room = "test.chunks";
    const author = new Y.Doc();
    const text = author.getText("t");
    const rows: Uint8Array[] = [];
    author.on("update", (update: Uint8Array) => rows.push(update));
    const random = seededRandom(97);
    // Three writers typing at random places (thousands of structs referring to each other), and deleting.
    for (let index = 0; index < 6_000; index++) {
      author.clientID = 1 + (index % 3);
      text.insert(Math.floor(random() * (text.length + 1)), "abc"[index % 3]!);
      if (index % 4 === 3) text.delete(Math.floor(random() * text.length), 1);
    }
    await log.append(rows.map((data) => ({ room, data, author: null })));

    const opened = await live.acquire(room);
    expect(opened.doc.getText("t").toString()).toBe(text.toString());
    const stored = await log.load(room);
    expect(stored.length).toBeGreaterThan(1);
    // Fewer rows than make a log long (10 here): opening the room again does not fold it again.
    expect(stored.length).toBeLessThanOrEqual(5);
    expect(stored.every((row) => row.kind === "snapshot")).toBe(true);
    const fresh = new Y.Doc();
    for (const row of stored) {
      Y.applyUpdate(fresh, row.data);
      expect(fresh.store.pendingStructs).toBeNull();
      expect(fresh.store.pendingDs).toBeNull();
    }
    expect(fresh.getText("t").toString()).toBe(text.toString());

    // A new editor gets the thread's encoding, then the updates applied since as a second update.
    expect(opened.fullState()).toHaveLength(1);
    // The thread joined the snapshot's chunks into exactly what Yjs encodes for the whole state.
    expect(opened.fullState()[0]).toEqual(Y.encodeStateAsUpdate(opened.doc));
    opened.doc.getText("t").insert(0, "new ");
    const parts = opened.fullState();
    expect(parts).toHaveLength(2);
    const joiner = new Y.Doc();
    for (const part of parts) Y.applyUpdate(joiner, part);
    expect(joiner.getText("t").toString()).toBe(`new ${text.toString()}`);
    await opened.committed();
    live.release(opened);
  });
});
