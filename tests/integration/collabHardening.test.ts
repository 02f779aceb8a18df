import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { listBlocks, yDocToJson } from "../../app/editor/documentModel";
import { YJS_FIELD } from "../../app/editor/ydocFields";
import type { Db } from "../../server/db/client";
import { awarenessMessage, encodeAwarenessUpdate, updateMessage } from "../../server/collab/protocol";
import { documentRoom, draftRoom } from "../../common/collab";
import { connectClient, fullText, setCaret, showsCaret, synced, typeInto, waitFor, type CollabClient } from "../support/collab";
import { freshDatabase } from "../support/database";
import { advanceServerClock, getPage, postForm, signIn } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

// Findings of the hardening review that live on the collaboration WebSocket (docs/decisions/019, 020):
// items 5, 6, 9, 10, 12, 13, 14 and 17.

const ALLOWED = "https://plenary.example";
const MAX_SOCKETS = 5;
const DRAFT_QUOTA = 64 * 1024;
const MESSAGES_PER_SECOND = 50;

let server: RunningServer;
/** Sessions last four seconds on it. */
let shortLivedServer: Promise<RunningServer>;
/** Its clock is moved thirteen hours ahead, which ends every session on it. */
let movedClockServer: Promise<RunningServer>;
let db: Db;
let databaseUrl: string;
let room: string;
let declarationId: string;
const cookies: Record<string, string> = {};
const clients: CollabClient[] = [];
const sockets: WebSocket[] = [];

function connect(who: string, target = room) {
  const client = connectClient(server.url, target, cookies[who]!);
  clients.push(client);
  return client;
}

interface RawSocket {
  ws: WebSocket;
  /** 101 once open, or the HTTP status of a refused upgrade. */
  status: Promise<number>;
  closed: Promise<{ code: number; reason: string }>;
}

/** A bare WebSocket (no y-websocket client): sends exactly what a test gives it. */
function raw(who: string, target = room, headers: Record<string, string> = {}): RawSocket {
  const ws = new WebSocket(`${server.url.replace("http", "ws")}/collab/${target}`, { headers: { cookie: cookies[who] ?? "", ...headers } });
  sockets.push(ws);
  const status = new Promise<number>((resolve) => {
    ws.on("open", () => resolve(101));
    ws.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.on("error", () => resolve(0));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { ws, status, closed };
}

/** The update a change to an empty client document makes (attackers need no sync to send one). */
function updateOf(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  doc.transact(() => change(doc));
  return Y.mergeUpdates(updates);
}

/** Rooms the shared server holds in memory. */
async function liveRooms() {
  return ((await (await fetch(`${server.url}/healthz`)).json()) as { liveDocuments: number }).liveDocuments;
}

async function storedRows(target = room) {
  return db.yUpdate.count({ where: { room: target } });
}

/**
 * The room as its stored rows make it. Counting rows would not do: with rooms unloading after
 * 50 ms, an unload's compaction may fold rows at any moment of a test.
 */
async function storedDoc(target = room) {
  const rows = await db.yUpdate.findMany({ where: { room: target }, orderBy: { id: "asc" }, select: { data: true } });
  const doc = new Y.Doc();
  for (const row of rows) Y.applyUpdate(doc, row.data);
  return doc;
}

async function storedBytes(target: string) {
  const rows = await db.yUpdate.findMany({ where: { room: target }, select: { data: true } });
  return rows.reduce((sum, row) => sum + row.data.byteLength, 0);
}

beforeAll(async () => {
  const database = freshDatabase();
  db = database.db;
  databaseUrl = database.url;
  server = await startServer(databaseUrl, {
    ALLOWED_ORIGINS: ALLOWED,
    COLLAB_MAX_CONNECTIONS_PER_USER: String(MAX_SOCKETS),
    COLLAB_DRAFT_ROOM_MAX_BYTES: String(DRAFT_QUOTA),
    COLLAB_MESSAGES_PER_SECOND: String(MESSAGES_PER_SECOND),
    COLLAB_IDLE_UNLOAD_MS: "50",
  });
  // The session-expiry tests' own servers start while the other tests run: starting a server was
  // most of this file's time. Not with the shared one, so that at most two start at once.
  shortLivedServer = startServer(databaseUrl, { SESSION_TTL_HOURS: String(4 / 3600) });
  movedClockServer = startServer(databaseUrl);
  // A failed start is reported by the test that needs the server, not as an unhandled rejection.
  for (const starting of [shortLivedServer, movedClockServer]) starting.catch(() => {});
  const accounts = [
    ["chair", "chair@turkiye.example"],
    ["secretariat", "secretariat@icmpd.example"],
    ["pakistan", "delegate@pakistan.example"],
    ["pakistanHead", "head@pakistan.example"],
    ["observer", "observer@iom.example"],
    ["cochair", "cochair@hungary.example"],
  ] as const;
  await Promise.all(accounts.map(async ([name, email]) => (cookies[name] = await signIn(server.url, email))));
  declarationId = (await db.document.findFirstOrThrow({ where: { kind: "declaration" } })).id;
  room = documentRoom(declarationId);
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
  // Let the server count the closed sockets out before the next test opens new ones.
  await new Promise((resolve) => setTimeout(resolve, 100));
});
afterAll(async () => {
  const extra = await Promise.allSettled([shortLivedServer, movedClockServer].filter(Boolean));
  await Promise.all([server?.stop(), ...extra.map((started) => (started.status === "fulfilled" ? started.value.stop() : null))]);
  await db?.$disconnect();
});

describe("cross-site WebSocket hijacking (item 5)", () => {
  it("refuses an upgrade from another origin with 403, by scheme, host and port; accepts ours and the configured ones", async () => {
    const port = new URL(server.url).port;
    const refused = ["https://evil.example", `https://127.0.0.1:${port}`, "http://127.0.0.1:1", "null"];
    for (const origin of refused) expect(await raw("pakistan", room, { origin }).status, origin).toBe(403);
    expect(await raw("pakistan", room, { "sec-fetch-site": "cross-site" }).status).toBe(403);
    for (const origin of [server.url, ALLOWED]) expect(await raw("pakistan", room, { origin }).status, origin).toBe(101);
    // A client that is not a browser page sends no Origin; it holds the cookie itself.
    expect(await raw("pakistan").status).toBe(101);
  });
});

describe("writers' updates are checked against the document schema (item 9)", () => {
  async function refusedWith(update: Uint8Array) {
    const before = await storedDoc();
    const topLevelBefore = [...before.share.keys()].sort();
    const blocksBefore = before.getXmlFragment(YJS_FIELD).length;
    const socket = raw("chair");
    expect(await socket.status).toBe(101);
    socket.ws.send(updateMessage(update));
    const closed = await socket.closed;
    // Another writer's later edit is stored: the refused one was not, and the room still works.
    const cochair = connect("cochair");
    await synced(cochair);
    const marker = ` [after ${crypto.randomUUID().slice(0, 8)}]`;
    typeInto(cochair.doc, 1, marker);
    await waitFor(async () => fullText(await storedDoc()).includes(marker), "later edit stored");
    // Nothing of the refused update is stored: no new top-level type, paragraph or injected text.
    const after = await storedDoc();
    expect([...after.share.keys()].sort()).toEqual(topLevelBefore);
    expect(after.getXmlFragment(YJS_FIELD).length).toBe(blocksBefore);
    expect(fullText(after)).not.toContain("Injected");
    const page = await getPage(server.url, `/documents/${declarationId}`, cookies.observer);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(marker.trim());
    cochair.destroy();
    return closed;
  }

  it("refuses blocks nested 20,000 deep with 1007 and a reason, and stores nothing", async () => {
    const update = updateOf((doc) => {
      let outer = new Y.XmlElement("operative");
      doc.getXmlFragment(YJS_FIELD).insert(0, [outer]);
      outer.setAttribute("id", crypto.randomUUID());
      for (let depth = 0; depth < 20_000; depth++) {
        const inner = new Y.XmlElement("operative");
        outer.insert(0, [inner]);
        outer = inner;
      }
    });
    expect(await refusedWith(update)).toEqual({
      code: 1007,
      reason: "Change refused: This change is too large to save at once (over 1,000 edits); paste it in smaller parts",
    });
  });

  it("refuses a top-level XmlText or XmlHook, another top-level type, an unknown status and a taken block id", async () => {
    const existing = listBlocks(
      yDocToJson(
        await (async () => {
          const reader = connect("observer");
          await synced(reader);
          return reader.doc;
        })(),
      ),
    )[1]!.id;
    const block = (id: string, status: string) => {
      const element = new Y.XmlElement("operative");
      element.setAttribute("id", id);
      element.setAttribute("status", status);
      element.insert(0, [new Y.XmlText("Injected")]);
      return element;
    };
    const cases: [Uint8Array, string][] = [
      [
        updateOf((doc) => doc.getXmlFragment(YJS_FIELD).insert(0, [new Y.XmlText("loose")])),
        "Only paragraphs may sit at the top of a document",
      ],
      [
        updateOf((doc) => doc.getXmlFragment(YJS_FIELD).insert(0, [new Y.XmlHook("hook") as never])),
        "Only paragraphs may sit at the top of a document",
      ],
      [updateOf((doc) => doc.getText("notes").insert(0, "x")), 'Unknown top-level type "notes"'],
      [updateOf((doc) => doc.getXmlFragment(YJS_FIELD).insert(0, [block(crypto.randomUUID(), "approved")])), 'Unknown status "approved"'],
      [updateOf((doc) => doc.getXmlFragment(YJS_FIELD).insert(0, [block(existing, "open")])), "Duplicate block id"],
    ];
    for (const [update, reason] of cases) {
      expect(await refusedWith(update)).toEqual({ code: 1007, reason: `Change refused: ${reason}` });
    }
  });
});

/** The declaration open for amendments, and Pakistan's new draft to replace its `blockIndex`th block: the amendment's id. */
async function pakistanProposes(blockIndex: number) {
  const document = await db.document.findUniqueOrThrow({ where: { id: declarationId } });
  if (document.stage !== "amendments_open") {
    const settings = { title: document.title, symbol: document.symbol, language: document.language, stage: "amendments_open" };
    expect((await postForm(server.url, `/documents/${declarationId}/settings`, settings, cookies.secretariat)).status).toBe(200);
  }
  const reader = connect("observer");
  await synced(reader);
  const target = listBlocks(yDocToJson(reader.doc))[blockIndex]!.id;
  const proposed = await postForm(
    server.url,
    `/documents/${declarationId}/amendments`,
    { targetBlockId: target, operation: "replace" },
    cookies.pakistan,
  );
  return (proposed.headers.get("location") ?? "").replace("/amendments/", "");
}

describe("draft room quotas and message rates (item 10)", () => {
  it("closes a writer that fills its draft beyond the quota (4413, with the reason) and stores nothing beyond it", async () => {
    const amendmentId = await pakistanProposes(1);
    expect(amendmentId).toMatch(/^[a-z0-9]{20,40}$/);
    const draft = draftRoom(amendmentId);

    const writer = raw("pakistan", draft);
    expect(await writer.status).toBe(101);
    const chunk = (text: string) => updateOf((doc) => doc.getText("justification").insert(0, text));
    writer.ws.send(updateMessage(chunk("a".repeat(30_000))));
    await waitFor(async () => (await storedBytes(draft)) > 30_000, "first chunk stored");
    writer.ws.send(updateMessage(chunk("b".repeat(40_000))));
    expect(await writer.closed).toEqual({
      code: 4413,
      reason: "This draft has reached its size limit (64 KiB); your last change was not saved",
    });
    expect(await storedBytes(draft)).toBeLessThan(DRAFT_QUOTA);
  });

  it("closes a socket that floods messages (4429) and only that one", async () => {
    const reader = connect("pakistan");
    await synced(reader);
    const flooder = raw("observer");
    expect(await flooder.status).toBe(101);
    for (let index = 1; index <= MESSAGES_PER_SECOND * 8; index++) {
      flooder.ws.send(awarenessMessage(encodeAwarenessUpdate([{ clientId: 4242, clock: index, state: { cursor: null } }])));
    }
    expect(await flooder.closed).toEqual({ code: 4429, reason: "Too many messages; reload the page to reconnect" });
    expect(reader.closes).toEqual([]);
  });
});

describe("presence (items 13 and 14)", () => {
  it("relays only presence that fits the schema: no empty cursor, no other fields", async () => {
    const chair = connect("chair");
    const observer = connect("observer");
    await Promise.all([synced(chair), synced(observer)]);
    const seen: unknown[] = [];
    chair.provider.awareness.on("change", () => {
      const state = chair.provider.awareness.getStates().get(observer.doc.clientID);
      if (state) seen.push(state);
    });
    // One at a time: the server coalesces presence, so a later state would hide an earlier one.
    const pause = () => new Promise((resolve) => setTimeout(resolve, 200));
    observer.provider.awareness.setLocalStateField("cursor", {});
    await pause();
    observer.provider.awareness.setLocalState({ cursor: null, script: "<img src=x onerror=alert(1)>" });
    await pause();
    observer.provider.awareness.setLocalState({ cursor: { anchor: { item: { client: 1, clock: 2 } }, head: "x" } });
    await pause();
    const marker = setCaret(observer, 1, 2);
    await waitFor(() => showsCaret(chair, marker), "valid caret relayed");
    // A client present before it places its caret shows with its stamp alone.
    for (const state of seen) {
      expect(["cursor,user", "user"]).toContain(
        Object.keys(state as object)
          .sort()
          .join(),
      );
      if ("cursor" in (state as object)) expect(JSON.stringify((state as { cursor: unknown }).cursor)).toContain('"anchor"');
    }
    expect((chair.provider.awareness.getStates().get(observer.doc.clientID)!.user as { name: string }).name).toBe("Maria Rossi");
  });

  it("keeps a user's presence client id theirs across a reconnect: a squatter cannot take it", async () => {
    const chair = connect("chair");
    const watcher = connect("pakistan");
    await Promise.all([synced(chair), synced(watcher)]);
    const stolenId = chair.doc.clientID;
    setCaret(chair, 1, 1);
    await waitFor(() => watcher.provider.awareness.getStates().has(stolenId), "chair present");
    chair.provider.disconnect();
    await waitFor(() => !watcher.provider.awareness.getStates().has(stolenId), "chair gone");
    // The squatter speaks for the chair's id, with a clock far ahead, while the chair is away.
    const squatter = raw("observer");
    expect(await squatter.status).toBe(101);
    squatter.ws.send(awarenessMessage(encodeAwarenessUpdate([{ clientId: stolenId, clock: 1_000_000, state: { cursor: null } }])));
    const barrier = setCaret(watcher, 1, 3);
    await waitFor(() => showsCaret(watcher, barrier), "own caret");
    await new Promise((resolve) => setTimeout(resolve, 100));
    chair.provider.connect();
    await synced(chair);
    const marker = setCaret(chair, 1, 4);
    await waitFor(() => showsCaret(watcher, marker), "chair's caret after reconnecting");
    const state = watcher.provider.awareness.getStates().get(stolenId)!;
    expect((state.user as { name: string }).name).toBe("Ayşe Demir");
  });
});

describe("per-user socket limit (item 17)", () => {
  it(`accepts ${MAX_SOCKETS} sockets per user and closes the rest with 4429 and a reason`, async () => {
    const opened = Array.from({ length: MAX_SOCKETS + 3 }, () => raw("observer"));
    expect(await Promise.all(opened.map((socket) => socket.status))).toEqual(Array(MAX_SOCKETS + 3).fill(101));
    // Which three are refused depends on the order in which the server finishes checking their
    // sessions (parallel database reads), not on the order they were opened.
    const refused: { code: number; reason: string }[] = [];
    const open = new Set(opened);
    for (const socket of opened) {
      void socket.closed.then((close) => {
        refused.push(close);
        open.delete(socket);
      });
    }
    await waitFor(() => refused.length >= 3, "three sockets refused", 3_000);
    // Any fourth refusal would follow at once: the server decides each upgrade in one step.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(refused).toEqual(
      Array(3).fill({ code: 4429, reason: `Too many open connections (${MAX_SOCKETS}); close other tabs and reload` }),
    );
    expect(open.size).toBe(MAX_SOCKETS);
    // Another user is not affected, and a closed socket frees its place.
    expect(await raw("pakistan").status).toBe(101);
    const freed = [...open][0]!;
    freed.ws.close();
    await freed.closed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = raw("observer");
    expect(await again.status).toBe(101);
    const verdict = await Promise.race([again.closed, new Promise((resolve) => setTimeout(() => resolve("open"), 500))]);
    expect(verdict).toBe("open");
  });
});

describe("rights change on open sockets (item 6)", () => {
  it("takes write access from open sockets at once when their participant becomes an observer", async () => {
    const participant = await db.participant.findFirstOrThrow({ where: { code: "TUR" } });
    const chair = connect("chair");
    const watcher = connect("pakistan");
    await Promise.all([synced(chair), synced(watcher)]);
    setCaret(chair, 1, 1);
    const canWrite = () =>
      (watcher.provider.awareness.getStates().get(chair.doc.clientID)?.user as { canWrite?: boolean } | undefined)?.canWrite;
    await waitFor(() => canWrite() === true, "chair present as a writer");
    const save = (kind: string) =>
      postForm(
        server.url,
        `/admin/participants/${participant.id}`,
        { intent: "saveParticipant", kind, name: participant.name, code: participant.code, colour: participant.colour },
        cookies.secretariat,
      );
    try {
      expect((await save("observer")).status).toBe(200);
      await waitFor(() => canWrite() === false, "chair re-stamped read-only", 5_000);
      typeInto(chair.doc, 2, " WRITTEN AS AN OBSERVER");
      const marker = setCaret(chair, 1, 2);
      await waitFor(() => showsCaret(watcher, marker), "update handled");
      expect(fullText(watcher.doc)).not.toContain("WRITTEN AS AN OBSERVER");
      const page = await getPage(server.url, `/documents/${declarationId}`, cookies.observer);
      expect(await page.text()).not.toContain("WRITTEN AS AN OBSERVER");
    } finally {
      expect((await save("state")).status).toBe(200);
    }
  });
});

describe("a drafting room once its amendment is withdrawn", () => {
  it("takes write access from the delegation's open sockets on that draft at once", async () => {
    const amendmentId = await pakistanProposes(2);
    const writer = connect("pakistan", draftRoom(amendmentId));
    const watcher = connect("pakistanHead", draftRoom(amendmentId));
    await Promise.all([synced(writer), synced(watcher)]);
    const canWrite = () =>
      (watcher.provider.awareness.getStates().get(writer.doc.clientID)?.user as { canWrite?: boolean } | undefined)?.canWrite;
    typeInto(writer.doc, 0, " in full respect of international law");
    const typed = setCaret(writer, 0, 1);
    await waitFor(() => showsCaret(watcher, typed) && canWrite() === true, "draft wording handled, writer stamped as a writer");
    for (const intent of ["table", "withdraw"]) {
      expect((await postForm(server.url, `/amendments/${amendmentId}`, { intent }, cookies.pakistanHead)).status, intent).toBe(200);
    }
    await waitFor(() => canWrite() === false, "writer re-stamped read-only", 5_000);
    typeInto(writer.doc, 0, " WRITTEN AFTER WITHDRAWAL");
    const marker = setCaret(writer, 0, 2);
    await waitFor(() => showsCaret(watcher, marker), "update handled");
    expect(fullText(watcher.doc)).toContain("in full respect of international law");
    expect(fullText(watcher.doc)).not.toContain("WRITTEN AFTER WITHDRAWAL");
  });
});

describe("presence after a re-stamp or a reconnect", () => {
  it("relays a client's very next caret after the server re-stamped it, and its first one on a new socket", async () => {
    const participant = await db.participant.findFirstOrThrow({ where: { code: "TUR" } });
    const watcher = connect("pakistan");
    await synced(watcher);
    // The chair's client, played by a bare socket: it never reads the server's echo of its own
    // presence, as a client whose caret moved before the re-stamp reached it.
    const clientId = 7_700_001;
    const caret = (offset: number) => {
      const element = watcher.doc.getXmlFragment(YJS_FIELD).get(1) as Y.XmlElement;
      const position = JSON.parse(JSON.stringify(Y.createRelativePositionFromTypeIndex(element.get(0) as Y.XmlText, offset))) as unknown;
      return { state: { cursor: { anchor: position, head: position } }, marker: JSON.stringify(position) };
    };
    const send = (socket: RawSocket, clock: number, offset: number) => {
      const { state, marker } = caret(offset);
      socket.ws.send(awarenessMessage(encodeAwarenessUpdate([{ clientId, clock, state }])));
      return marker;
    };
    const stamp = () => watcher.provider.awareness.getStates().get(clientId)?.user as { canWrite?: boolean } | undefined;
    const save = (kind: string) =>
      postForm(
        server.url,
        `/admin/participants/${participant.id}`,
        { intent: "saveParticipant", kind, name: participant.name, code: participant.code, colour: participant.colour },
        cookies.secretariat,
      );
    const chair = raw("chair");
    expect(await chair.status).toBe(101);
    const first = send(chair, 1, 1);
    await waitFor(() => showsCaret(watcher, first), "first caret");
    expect(stamp()?.canWrite).toBe(true);
    try {
      expect((await save("observer")).status).toBe(200);
      await waitFor(() => stamp()?.canWrite === false, "re-stamped read-only", 5_000);
      // The client's clock goes on from its own last value (1), whatever the server did meanwhile.
      const next = send(chair, 2, 3);
      await waitFor(() => showsCaret(watcher, next), "the caret sent right after the re-stamp", 3_000);
      expect(stamp()?.canWrite).toBe(false);
    } finally {
      expect((await save("state")).status).toBe(200);
    }
    // A reconnecting client repeats its last clock (y-websocket sends its state as it was).
    chair.ws.close();
    await chair.closed;
    await waitFor(() => !watcher.provider.awareness.getStates().has(clientId), "gone with its socket");
    const again = raw("chair");
    expect(await again.status).toBe(101);
    const back = send(again, 2, 5);
    await waitFor(() => showsCaret(watcher, back), "the caret sent on the new socket", 3_000);
  });
});

describe("block ids stored before validation (item 9)", () => {
  const idsOf = (doc: Y.Doc) =>
    doc
      .getXmlFragment(YJS_FIELD)
      .toArray()
      .map((node) => (node as Y.XmlElement).getAttribute("id") ?? null);

  it("repairs duplicate and missing block ids when the room opens, as one audited server update every client converges on", async () => {
    const plan = await db.document.findFirstOrThrow({ where: { kind: "action_plan" } });
    const planRoom = documentRoom(plan.id);
    // What an old server stored: a copy of the first block with its id, and a block with none.
    const stored = new Y.Doc();
    for (const row of await db.yUpdate.findMany({ where: { room: planRoom }, orderBy: { id: "asc" } })) Y.applyUpdate(stored, row.data);
    const before = Y.encodeStateVector(stored);
    const fragment = stored.getXmlFragment(YJS_FIELD);
    const firstId = (fragment.get(0) as Y.XmlElement).getAttribute("id")!;
    const blockCount = fragment.length;
    stored.transact(() => {
      const copy = new Y.XmlElement("goal");
      copy.setAttribute("id", firstId);
      copy.insert(0, [new Y.XmlText("A copy that kept the id")]);
      const bare = new Y.XmlElement("goal");
      bare.insert(0, [new Y.XmlText("A block without an id")]);
      fragment.insert(1, [copy, bare]);
    });
    await db.yUpdate.create({ data: { room: planRoom, data: Buffer.from(Y.encodeStateAsUpdate(stored, before)) } });
    const rowsBefore = await storedRows(planRoom);

    // The shared server opens the plan cold (it unloads a room 50 ms after its last client leaves).
    await waitFor(async () => (await liveRooms()) === 0, "no room loaded");
    const chair = connect("chair", planRoom);
    const observer = connect("observer", planRoom);
    await Promise.all([synced(chair), synced(observer)]);
    const ids = idsOf(chair.doc);
    expect(ids.length).toBe(blockCount + 2);
    expect(ids[0]).toBe(firstId);
    expect(ids.every((id) => typeof id === "string" && /^[0-9a-f-]{36}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(idsOf(observer.doc)).toEqual(ids);
    // Stored as a server update, and audited once.
    expect(await storedRows(planRoom)).toBe(rowsBefore + 1);
    const latest = await db.yUpdate.findFirstOrThrow({ where: { room: planRoom }, orderBy: { id: "desc" } });
    expect(latest.userId).toBeNull();
    const audits = await db.auditEntry.findMany({ where: { action: "block.repairIds", subjectId: plan.id } });
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0]!.details)).toMatchObject({ room: planRoom, count: 2 });
    // Further edits go on as usual, with the repaired ids.
    typeInto(chair.doc, 1, " (edited)");
    await waitFor(() => fullText(observer.doc).includes("(edited)"), "edit relayed");
    expect(chair.closes).toEqual([]);

    // A sound text is left alone: opening it again, cold, writes and audits nothing.
    for (const client of clients.splice(0)) client.destroy();
    await waitFor(async () => (await liveRooms()) === 0, "plan unloaded");
    // Compaction may fold the log meanwhile (a snapshot row); a repair would be a new update row.
    const last = await db.yUpdate.findFirstOrThrow({ where: { room: planRoom }, orderBy: { id: "desc" } });
    const reader = connect("observer", planRoom);
    await synced(reader);
    expect(new Set(idsOf(reader.doc)).size).toBe(blockCount + 2);
    expect(await db.yUpdate.count({ where: { room: planRoom, kind: "update", id: { gt: last.id } } })).toBe(0);
    expect(await db.auditEntry.count({ where: { action: "block.repairIds", subjectId: plan.id } })).toBe(1);
  });
});

describe("session expiry (item 12)", () => {
  it("closes an open socket with 4401 when its session expires", async () => {
    const shortLived = await shortLivedServer;
    const cookie = await signIn(shortLived.url, "chair@turkiye.example");
    const client = connectClient(shortLived.url, room, cookie);
    clients.push(client);
    await synced(client);
    await waitFor(() => client.closes.length > 0, "socket closed at expiry", 8_000);
    expect(client.closes[0]).toEqual({ code: 4401, reason: "Your session has ended" });
  });

  it("closes an open socket with 4401 once the server's clock passes its session's expiry", async () => {
    const moved = await movedClockServer;
    const cookie = await signIn(moved.url, "head@iraq.example");
    const client = connectClient(moved.url, room, cookie);
    clients.push(client);
    await synced(client);
    await advanceServerClock(moved.url, 60_000);
    expect(client.closes).toEqual([]);
    // Past the session's lifetime (SESSION_TTL_HOURS, 12 h by default) on the server's clock.
    await advanceServerClock(moved.url, 13 * 3600 * 1000);
    await waitFor(() => client.closes.length > 0, "socket closed at expiry");
    expect(client.closes[0]).toEqual({ code: 4401, reason: "Your session has ended" });
    expect((await getPage(moved.url, `/documents/${declarationId}`, cookie)).status).toBe(302);
  });
});
