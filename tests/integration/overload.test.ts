import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { documentRoom } from "../../common/collab";
import { YJS_FIELD } from "../../app/editor/ydocFields";
import { updateMessage } from "../../server/collab/protocol";
import type { CommittedUpdate, LiveDocument } from "../../server/yjs/liveDocuments";
import { blockTexts, connectClient, synced, typeInto, waitFor, type CollabClient } from "../support/collab";
import { signIn } from "../support/http";
import { startInProcessServer } from "../support/inProcessServer";
import { onPostgres } from "../support/postgres";
import { rawDatabase, type RawDatabase } from "../support/rawDatabase";

// Graceful overload (docs/decisions/040, 093): while a room's commits are held up (here the
// update log's table is locked by another database client), what writers send meanwhile goes to
// the database in one append and out to everyone as one broadcast once it is committed, and a
// writer who takes the room's uncommitted backlog past its bound is no longer read from until the
// backlog is committed. Nothing is lost, every update keeps its own author, and every client ends
// with the exact text.

const MAX_UNCOMMITTED = 4096;
let app: Awaited<ReturnType<typeof startInProcessServer>>;
let room = "";
let live: LiveDocument;
const clients: CollabClient[] = [];

beforeAll(async () => {
  app = await startInProcessServer({ COLLAB_MAX_UNCOMMITTED_BYTES: String(MAX_UNCOMMITTED), COLLAB_COMPACT_AFTER: "1000000" });
  const document = await app.db.document.findFirstOrThrow({ where: { kind: "declaration" } });
  room = documentRoom(document.id);
  // Held for the whole file, so the room stays loaded between the tests.
  live = await app.server.liveDocuments.acquire(room);
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  if (live) app.server.liveDocuments.release(live);
  await app?.close();
});

async function connect(email: string) {
  const client = connectClient(app.url, room, await signIn(app.url, email));
  clients.push(client);
  await synced(client);
  return client;
}

/** Another client of the database takes the update log's write lock until `release`. */
async function lockUpdateLog(): Promise<{ release: () => Promise<void> }> {
  const other: RawDatabase = rawDatabase(app.databaseUrl);
  if (onPostgres()) {
    await other.execute("BEGIN");
    await other.execute('LOCK TABLE "YUpdate" IN EXCLUSIVE MODE');
  } else {
    await other.execute("BEGIN IMMEDIATE");
  }
  return {
    release: async () => {
      await other.execute("COMMIT");
      await other.close();
    },
  };
}

const storedRows = async () => app.db.yUpdate.findMany({ where: { room }, orderBy: { id: "asc" }, select: { userId: true, data: true } });

/** Blocks 3 and 4 are open paragraphs of the seeded declaration (OP5, which is agreed, is not among them). */
const CHAIR_BLOCK = 3;
const SECRETARIAT_BLOCK = 4;

describe("a room whose commits fall behind", () => {
  it("commits what arrived meanwhile in one append, broadcasts it only once committed, and every client converges", async () => {
    const [chair, secretariat, observer] = [
      await connect("chair@turkiye.example"),
      await connect("secretariat@icmpd.example"),
      await connect("observer@iom.example"),
    ];
    const chairUser = await app.db.user.findUniqueOrThrow({ where: { email: "chair@turkiye.example" } });
    const secretariatUser = await app.db.user.findUniqueOrThrow({ where: { email: "secretariat@icmpd.example" } });
    const before = blockTexts(observer.doc);
    const rowsBefore = (await storedRows()).length;
    const batches: number[] = [];
    const onCommitted = (batch: readonly CommittedUpdate[]) => batches.push(batch.length);
    live.on("committed", onCommitted);

    const lock = await lockUpdateLog();
    const perWriter = 40;
    for (let index = 0; index < perWriter; index++) {
      // One transaction, one update message each.
      typeInto(chair.doc, CHAIR_BLOCK, ` c${index}`);
      typeInto(secretariat.doc, SECRETARIAT_BLOCK, ` s${index}`);
    }
    const expected = [...before];
    expected[CHAIR_BLOCK] += Array.from({ length: perWriter }, (_, index) => ` c${index}`).join("");
    expected[SECRETARIAT_BLOCK] += Array.from({ length: perWriter }, (_, index) => ` s${index}`).join("");
    // The server has applied all of it, but could commit none of it: nobody has been sent any.
    await waitFor(() => blockTexts(live.doc).join("\n") === expected.join("\n"), "the server to apply every update");
    expect(batches).toEqual([]);
    expect(blockTexts(observer.doc)).toEqual(before);

    await lock.release();
    for (const client of [chair, secretariat, observer]) {
      await waitFor(() => blockTexts(client.doc).join("\n") === expected.join("\n"), "every client to converge");
    }
    live.off("committed", onCommitted);
    // 80 updates in at most two appends (on Postgres the first may already be waiting on the lock).
    // Updates one socket sent in one read are one transaction, so one entry (decision 116).
    expect(batches.reduce((sum, size) => sum + size, 0)).toBeLessThanOrEqual(2 * perWriter);
    expect(batches.length).toBeLessThanOrEqual(2);
    // Every row keeps its own author: each writer's rows hold that writer's text and nobody else's.
    const rows = (await storedRows()).slice(rowsBefore);
    expect(rows.every((row) => row.userId === chairUser.id || row.userId === secretariatUser.id)).toBe(true);
    // The text a writer's rows insert, in the order the writer typed it.
    const textOf = (userId: string) =>
      rows
        .filter((row) => row.userId === userId)
        .flatMap((row) => Y.decodeUpdate(row.data).structs)
        .map((struct) => (struct instanceof Y.Item && struct.content instanceof Y.ContentString ? struct.content.str : ""))
        .join("");
    expect(textOf(chairUser.id)).toBe(Array.from({ length: perWriter }, (_, index) => ` c${index}`).join(""));
    expect(textOf(secretariatUser.id)).toBe(Array.from({ length: perWriter }, (_, index) => ` s${index}`).join(""));
  });

  it("stops reading from a writer while the room's uncommitted backlog is over its bound, and loses nothing", async () => {
    const [chair, observer] = [await connect("chair@turkiye.example"), await connect("observer@iom.example")];
    const before = blockTexts(observer.doc);
    let largestBacklog = 0;
    const onUpdate = () => (largestBacklog = Math.max(largestBacklog, live.uncommittedBytes));
    live.doc.on("update", onUpdate);

    const lock = await lockUpdateLog();
    const updates = 100;
    const chunk = "x".repeat(2000);
    for (let index = 0; index < updates; index++) typeInto(chair.doc, CHAIR_BLOCK, `${index}${chunk}`);
    const sentBytes = updates * chunk.length;
    await waitFor(() => live.uncommittedBytes > MAX_UNCOMMITTED, "the backlog to pass its bound");
    // The server keeps serving (each request is several turns of its event loop, in which a socket
    // still read from would be read), but reads no more of this writer's 200 KB.
    for (let request = 0; request < 10; request++) expect((await fetch(`${app.url}/healthz`)).ok).toBe(true);
    const appliedWhileLocked = live.uncommittedBytes;
    expect(appliedWhileLocked).toBeLessThan(sentBytes / 2);
    expect(blockTexts(observer.doc)).toEqual(before);

    await lock.release();
    const expected = blockTexts(chair.doc);
    await waitFor(() => blockTexts(observer.doc).join("\n") === expected.join("\n"), "the observer to get every update", 20_000);
    live.doc.off("update", onUpdate);
    // Bounded: the bound plus what one read of the socket had already brought in.
    expect(largestBacklog).toBeLessThan(sentBytes / 2);
    expect(live.uncommittedBytes).toBe(0);
  });
});

/**
 * A writer on a bare socket, holding a copy of the room's document: sends exactly the updates a
 * test makes, all in one write, so the server reads them together.
 */
async function rawWriter(email: string) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(live.doc));
  const ws = new WebSocket(`${app.url.replace("http", "ws")}/collab/${room}`, { headers: { cookie: await signIn(app.url, email) } });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  /** The updates `changes` make, one transaction (one update) each. */
  const updatesOf = (...changes: ((doc: Y.Doc) => void)[]) => {
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array) => updates.push(update);
    doc.on("update", collect);
    for (const change of changes) doc.transact(() => change(doc));
    doc.off("update", collect);
    return updates;
  };
  const sendTogether = (updates: readonly Uint8Array[]) => {
    const socket = (ws as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    socket.cork();
    for (const update of updates) ws.send(updateMessage(update));
    socket.uncork();
  };
  return { ws, closed, updatesOf, sendTogether };
}

const agreedBlockIndex = () =>
  live.doc
    .getXmlFragment(YJS_FIELD)
    .toArray()
    .findIndex((node) => node instanceof Y.XmlElement && node.getAttribute("status") === "agreed");

describe("updates a socket sent in one read (decision 116)", () => {
  it("are applied as one transaction: fewer stored rows than updates, the writer's author on them, every client gets all", async () => {
    const observer = await connect("observer@iom.example");
    const chairUser = await app.db.user.findUniqueOrThrow({ where: { email: "chair@turkiye.example" } });
    const writer = await rawWriter("chair@turkiye.example");
    const rowsBefore = (await storedRows()).length;
    const keys = Array.from({ length: 30 }, (_, index) => ` k${index}`);
    const updates = writer.updatesOf(...keys.map((key) => (doc: Y.Doc) => typeInto(doc, CHAIR_BLOCK, key)));
    expect(updates).toHaveLength(keys.length);
    writer.sendTogether(updates);
    await waitFor(() => blockTexts(observer.doc)[CHAIR_BLOCK]!.endsWith(keys.join("")), "the observer to get every key");
    await live.committed();
    const rows = (await storedRows()).slice(rowsBefore);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(keys.length);
    expect(rows.every((row) => row.userId === chairUser.id)).toBe(true);
    writer.ws.close();
  });

  it("stop at the first one a rule refuses: those before it stand, it and those after it are not applied", async () => {
    const observer = await connect("observer@iom.example");
    const agreed = agreedBlockIndex();
    expect(agreed).toBeGreaterThanOrEqual(0);
    const agreedBefore = blockTexts(live.doc)[agreed];
    const writer = await rawWriter("chair@turkiye.example");
    const before = ` before-${crypto.randomUUID().slice(0, 6)}`;
    const after = ` after-${crypto.randomUUID().slice(0, 6)}`;
    const updates = writer.updatesOf(
      (doc) => typeInto(doc, CHAIR_BLOCK, before),
      (doc) => typeInto(doc, agreed, " edited while agreed"),
      (doc) => typeInto(doc, CHAIR_BLOCK, after),
    );
    writer.sendTogether(updates);
    expect(await writer.closed).toEqual({ code: 1007, reason: "Change refused: This paragraph is agreed and cannot be edited" });
    await waitFor(() => blockTexts(observer.doc)[CHAIR_BLOCK]!.endsWith(before), "the observer to get the update before the refused one");
    await live.committed();
    const stored = new Y.Doc();
    for (const row of await storedRows()) Y.applyUpdate(stored, row.data);
    for (const doc of [live.doc, observer.doc, stored]) {
      expect(blockTexts(doc)[CHAIR_BLOCK]).toContain(before);
      expect(blockTexts(doc)[CHAIR_BLOCK]).not.toContain(after);
      expect(blockTexts(doc)[agreed]).toBe(agreedBefore);
    }
  });

  it("are refused whole when a merged update breaks a rule, as the same updates one by one would be", async () => {
    // One update made of several (as a reconnecting client sends its offline edits): refused.
    const agreed = agreedBlockIndex();
    const writer = await rawWriter("chair@turkiye.example");
    const marker = ` merged-${crypto.randomUUID().slice(0, 6)}`;
    const updates = writer.updatesOf(
      (doc) => typeInto(doc, CHAIR_BLOCK, marker),
      (doc) => typeInto(doc, agreed, " edited while agreed"),
    );
    writer.sendTogether([Y.mergeUpdates(updates)]);
    expect(await writer.closed).toEqual({ code: 1007, reason: "Change refused: This paragraph is agreed and cannot be edited" });
    await live.committed();
    expect(blockTexts(live.doc)[CHAIR_BLOCK]).not.toContain(marker);
  });
});
