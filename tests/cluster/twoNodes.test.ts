import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import * as Y from "yjs";
import { randomUUID } from "node:crypto";
import { listBlocks, yDocToJson } from "../../app/editor/documentModel";
import { documentRoom, draftRoom } from "../../common/collab";
import type { Db } from "../../server/db/client";
import {
  appendBlock,
  connectClient,
  fullText,
  setCaret,
  showsCaret,
  synced,
  typeInto,
  upgradeStatus,
  waitFor,
  type CollabClient,
} from "../support/collab";
import { clusterDatabaseName, sharedDatabase, startNodes, type ClusterNodes } from "../support/cluster";
import { advanceServerClock, postForm, signIn } from "../support/http";
import { TEST_REDIS_URL } from "../support/paths";
import type { RunningServer } from "../support/server";

/**
 * Two real nodes (server processes) on one shared database and one Redis, with real y-websocket
 * clients on both (docs/decisions/059). Each test starts with no room loaded on either node.
 */
const USERS = {
  chair: "chair@turkiye.example",
  secretariat: "secretariat@icmpd.example",
  cochair: "cochair@hungary.example",
  pakistan: "delegate@pakistan.example",
  pakistan2: "delegate2@pakistan.example",
  observer: "observer@iom.example",
} as const;
type Who = keyof typeof USERS;

let cluster: ClusterNodes;
let a: RunningServer;
let b: RunningServer;
let db: Db;
let databaseUrl: string;
let declarationId: string;
let room: string;
let cookies: Partial<Record<Who, string>> = {};
const clients: CollabClient[] = [];

/** Sessions live in the shared database: one signed in on node A is valid on node B. */
async function cookie(who: Who) {
  return (cookies[who] ??= await signIn(a.url, USERS[who]));
}

async function connect(node: RunningServer, who: Who, target = room) {
  const client = connectClient(node.url, target, await cookie(who));
  clients.push(client);
  return client;
}

async function storedText(targetRoom = room) {
  const rows = await db.yUpdate.findMany({ where: { room: targetRoom }, orderBy: { id: "asc" } });
  const doc = new Y.Doc();
  for (const row of rows) Y.applyUpdate(doc, row.data);
  return fullText(doc);
}

const loadedRooms = async (node: RunningServer) =>
  ((await (await fetch(`${node.url}/healthz`)).json()) as { liveDocuments: number }).liveDocuments;

/** The write permission the server stamped on a client's presence, as another client sees it. */
const canWriteAsSeen = (watcher: CollabClient, client: CollabClient) =>
  (watcher.provider.awareness.getStates().get(client.doc.clientID)?.user as { canWrite?: boolean } | undefined)?.canWrite;

/** A reader's live page (SSE) on a node: waits for the n-th occurrence of an event. */
async function liveNotices(node: RunningServer, who: Who, documentId: string) {
  const controller = new AbortController();
  const response = await fetch(`${node.url}/live/documents/${documentId}`, {
    headers: { cookie: await cookie(who) },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const count = (needle: string) => text.split(needle).length - 1;
  return {
    async until(needle: string, occurrences = 1) {
      while (count(needle) < occurrences) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += decoder.decode(value);
      }
    },
    close: () => controller.abort(),
  };
}

beforeAll(async () => {
  const database = sharedDatabase();
  db = database.db;
  databaseUrl = database.url;
  cluster = await startNodes(databaseUrl, 2, {
    COLLAB_IDLE_UNLOAD_MS: "100",
    // Small, so compaction (under its lease) runs again and again while both nodes write.
    COLLAB_COMPACT_AFTER: "25",
    // The periodic repair would hide a gap in the catch-up: only the node started for the repair test has it short.
    CLUSTER_REPAIR_MS: "60000",
    // A killed node's carets go once it has missed its heartbeats for this long (30 s without).
    CLUSTER_HEARTBEAT_MS: "200",
    CLUSTER_NODE_TIMEOUT_MS: "1500",
    LOGIN_MAX_FAILURES_PER_ACCOUNT: "3",
    LOGIN_MAX_FAILURES_PER_IP: "1000",
    LOGIN_LOCK_SECONDS: "600",
  });
  [a, b] = cluster.nodes as [RunningServer, RunningServer];
  declarationId = (await db.document.findFirstOrThrow({ where: { kind: "declaration" } })).id;
  room = documentRoom(declarationId);
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  // Every test opens its rooms cold, so each one exercises a node loading a room.
  await waitFor(async () => (await loadedRooms(a)) === 0 && (await loadedRooms(b)) === 0, "rooms unloaded on both nodes");
});

afterAll(async () => {
  await cluster?.stop();
  await db?.$disconnect();
});

describe(`two nodes on one ${clusterDatabaseName()} database and one Redis`, () => {
  it("converges clients on both nodes on the exact text, and the shared log holds it", async () => {
    const chairOnA = await connect(a, "chair");
    const secretariatOnB = await connect(b, "secretariat");
    await Promise.all([synced(chairOnA), synced(secretariatOnB)]);
    const before = fullText(chairOnA.doc).split("\n")[2]!;
    // Sixty edits from each side into one paragraph, interleaved, several compactions on the way.
    for (let i = 0; i < 60; i++) {
      typeInto(chairOnA.doc, 2, ` a${i}`);
      typeInto(secretariatOnB.doc, 2, ` b${i}`, 0);
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const expected = `${Array.from({ length: 60 }, (_, i) => ` b${59 - i}`).join("")}${before}${Array.from({ length: 60 }, (_, i) => ` a${i}`).join("")}`;
    await waitFor(() => fullText(chairOnA.doc) === fullText(secretariatOnB.doc), "convergence");
    // One writer appends at the end, the other inserts at the start: their words cannot interleave.
    expect(fullText(chairOnA.doc).split("\n")[2]).toBe(expected);
    await waitFor(async () => (await storedText()) === fullText(chairOnA.doc), "stored text");
    // A third client, on node B, reads it from B's copy.
    const observerOnB = await connect(b, "observer");
    await synced(observerOnB);
    expect(fullText(observerOnB.doc).split("\n")[2]).toBe(expected);
    // Compaction (every 25 rows, one node at a time under the lease) lost nothing: once both
    // nodes have let the room go, the log is folded and still holds every word.
    for (const client of clients.splice(0)) client.destroy();
    await waitFor(async () => (await loadedRooms(a)) === 0 && (await loadedRooms(b)) === 0, "rooms unloaded");
    // Each node may leave a tail of up to about COLLAB_COMPACT_AFTER rows when the other held the
    // lease. The compaction on unload runs in the background, after the room is let go; and since
    // rooms compact by size as well as by rows (071), it may be the only one: wait for it.
    await waitFor(async () => (await db.yUpdate.count({ where: { room } })) < 90, "log folded");
    expect((await storedText()).split("\n")[2]).toBe(expected);
  });

  it("catches up a node that opens the room while another node is writing: nothing in between is missed", async () => {
    const chairOnA = await connect(a, "chair");
    await synced(chairOnA);
    let typing = true;
    let typed = 0;
    const writer = (async () => {
      while (typing || typed < 40) {
        typeInto(chairOnA.doc, 3, ` w${typed++}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    // Node B loads the room (from the log) in the middle of the stream, several times over.
    const readers: CollabClient[] = [];
    for (let i = 0; i < 3; i++) {
      const reader = await connect(b, "observer");
      await synced(reader);
      readers.push(reader);
      if (i < 2) {
        reader.destroy();
        await waitFor(async () => (await loadedRooms(b)) === 0, "room unloaded on B");
      }
    }
    typing = false;
    await writer;
    const last = readers.at(-1)!;
    const marker = setCaret(chairOnA, 3, 1);
    // Presence follows the updates on the relay: once B's client sees the caret, it had every update.
    await waitFor(() => showsCaret(last, marker), "caret on B");
    await waitFor(() => fullText(last.doc) === fullText(chairOnA.doc), "reader on B has every word");
    expect(fullText(last.doc).split("\n")[3]).toContain(` w${typed - 1}`);
    for (let i = 0; i < typed; i++) expect(fullText(last.doc)).toContain(` w${i} `.trimEnd());
  });

  it("shows presence across nodes, to a node that opens the room later, and removes it when the client leaves", async () => {
    const chairOnA = await connect(a, "chair");
    await synced(chairOnA);
    const marker = setCaret(chairOnA, 2, 4);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Node B opens the room after the caret was set: it asks node A who is there.
    const observerOnB = await connect(b, "observer");
    await synced(observerOnB);
    await waitFor(() => showsCaret(observerOnB, marker), "caret from node A on node B");
    const chairState = [...observerOnB.provider.awareness.getStates().values()].find(
      (state) => (state.user as { name?: string } | undefined)?.name === "Ayşe Demir",
    );
    expect(chairState?.user).toMatchObject({ name: "Ayşe Demir", participant: "Türkiye", canWrite: true });
    const moved = setCaret(chairOnA, 2, 6);
    await waitFor(() => showsCaret(observerOnB, moved), "moved caret");
    chairOnA.destroy();
    await waitFor(() => !showsCaret(observerOnB, moved), "caret removed on node B");
  });

  it("drops a read-only connection's updates on its node: no client on either node sees them, nothing stores them", async () => {
    const chairOnA = await connect(a, "chair");
    const delegateOnB = await connect(b, "pakistan");
    await Promise.all([synced(chairOnA), synced(delegateOnB)]);
    typeInto(delegateOnB.doc, 2, " FORGED ON B");
    const marker = setCaret(delegateOnB, 0, 2);
    await waitFor(() => showsCaret(chairOnA, marker), "delegate's caret on node A");
    typeInto(chairOnA.doc, 2, " [chair after forgery]");
    await waitFor(async () => (await storedText()).includes("[chair after forgery]"), "chair's edit stored");
    expect(fullText(chairOnA.doc)).not.toContain("FORGED");
    expect(await storedText()).not.toContain("FORGED");
    const observerOnA = await connect(a, "observer");
    await synced(observerOnA);
    expect(fullText(observerOnA.doc)).not.toContain("FORGED");
  });

  it("re-checks a socket on node B when node A takes an office away: the co-chair turns read-only without reconnecting", async () => {
    const cochairOnB = await connect(b, "cochair");
    const observerOnA = await connect(a, "observer");
    await Promise.all([synced(cochairOnB), synced(observerOnA)]);
    const caret = setCaret(cochairOnB, 2, 1);
    await waitFor(() => showsCaret(observerOnA, caret), "co-chair's caret on A");
    const cochairUser = await db.user.findUniqueOrThrow({ where: { email: USERS.cochair } });
    const vacate = await postForm(
      a.url,
      "/admin/participants?index",
      { intent: "assignOffice", office: "co_chair", userId: "" },
      await cookie("secretariat"),
    );
    try {
      expect(vacate.status).toBe(200);
      // Node B re-stamps the co-chair's presence as read-only; node A's client sees the new stamp.
      await waitFor(
        () =>
          [...observerOnA.provider.awareness.getStates().values()].some(
            (state) =>
              (state.user as { name?: string; canWrite?: boolean } | undefined)?.name === "Gábor Kovács" &&
              (state.user as { canWrite?: boolean }).canWrite === false,
          ),
        "read-only stamp from node B",
        2_000,
      );
      typeInto(cochairOnB.doc, 2, " AFTER REVOCATION");
      const after = setCaret(cochairOnB, 2, 3);
      await waitFor(() => showsCaret(observerOnA, after), "caret after the dropped edit");
      expect(fullText(observerOnA.doc)).not.toContain("AFTER REVOCATION");
      expect(await storedText()).not.toContain("AFTER REVOCATION");
      expect(cochairOnB.closes).toEqual([]);
    } finally {
      const restore = await postForm(
        a.url,
        "/admin/participants?index",
        { intent: "assignOffice", office: "co_chair", userId: cochairUser.id },
        await cookie("secretariat"),
      );
      expect(restore.status).toBe(200);
    }
  });

  it("closes a user's socket on node B within a second of node A disabling them", async () => {
    const delegateOnB = await connect(b, "pakistan2");
    await synced(delegateOnB);
    const user = await db.user.findUniqueOrThrow({ where: { email: USERS.pakistan2 } });
    const started = Date.now();
    const response = await postForm(
      a.url,
      `/admin/users/${user.id}`,
      { intent: "setUserDisabled", disabled: "true" },
      await cookie("secretariat"),
    );
    expect(response.status).toBe(200);
    await waitFor(() => delegateOnB.closes.length > 0, "socket on B closed", 5_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(delegateOnB.closes[0]!.code).toBe(4401);
    expect(await upgradeStatus(b.url, room, cookies.pakistan2)).toBe(401);
    await postForm(a.url, `/admin/users/${user.id}`, { intent: "setUserDisabled", disabled: "false" }, await cookie("secretariat"));
    delete cookies.pakistan2;
  });

  it("moves the stage on node A and turns the writers' sockets on node B read-only within a second, announced on node B's live page", async () => {
    // A document of its own, so that no other test depends on its stage.
    const secretariat = await cookie("secretariat");
    const created = await postForm(
      a.url,
      "/documents/new",
      { kind: "declaration", title: "Stage across nodes", symbol: `X/${randomUUID().slice(0, 8)}`, language: "en" },
      secretariat,
    );
    expect(created.status).toBe(302);
    const documentId = created.headers.get("location")!.replace("/documents/", "");
    const textRoom = documentRoom(documentId);
    const lifecycle = `/documents/${documentId}/lifecycle`;
    const deadline = new Date(Date.parse((await advanceServerClock(a.url, 0)).now) + 2 * 24 * 3600 * 1000).toISOString().slice(0, 16);
    // The chair writes a paragraph on node A; amendments open, Pakistan opens a draft, they close; a version is issued.
    const chairOnA = await connect(a, "chair", textRoom);
    await synced(chairOnA);
    appendBlock(chairOnA.doc, "We agree to meet again.");
    await waitFor(async () => (await storedText(textRoom)).includes("meet again"), "paragraph stored");
    const targetBlockId = listBlocks(yDocToJson(chairOnA.doc)).find((block) => block.text.includes("meet again"))!.id;
    expect((await postForm(a.url, lifecycle, { intent: "move", stage: "amendments_open", deadline }, secretariat)).status).toBe(200);
    const proposed = await postForm(
      a.url,
      `/documents/${documentId}/amendments`,
      { targetBlockId, operation: "replace" },
      await cookie("pakistan"),
    );
    expect(proposed.status).toBe(302);
    const draft = draftRoom(proposed.headers.get("location")!.replace("/amendments/", ""));
    expect((await postForm(a.url, lifecycle, { intent: "move", stage: "consolidation" }, secretariat)).status).toBe(200);
    expect((await postForm(a.url, `/documents/${documentId}/versions`, { intent: "issue" }, await cookie("chair"))).status).toBe(200);
    const versionId = (await db.version.findFirstOrThrow({ where: { documentId }, orderBy: { sequence: "desc" } })).id;

    // Writers on node B, watchers on node A, and a reader's live page on node B.
    const cochairOnB = await connect(b, "cochair", textRoom);
    const delegateOnB = await connect(b, "pakistan", draft);
    const observerOnA = await connect(a, "observer", textRoom);
    const colleagueOnA = await connect(a, "pakistan2", draft);
    await Promise.all([synced(cochairOnB), synced(delegateOnB), synced(observerOnA), synced(colleagueOnA)]);
    const notices = await liveNotices(b, "observer", documentId);
    const stageNotice = `event: document\ndata: {"documentId":"${documentId}"}`;
    /** Types on node B; true if the watcher on node A gets it (shortly after the caret sent after it). */
    let caretOffset = 0;
    const kept = async (writer: CollabClient, watcher: CollabClient, block: number, marker: string) => {
      typeInto(writer.doc, block, marker);
      // A caret at a new place each time: one the watcher already shows would prove nothing.
      const caret = setCaret(writer, block, ++caretOffset);
      await waitFor(() => showsCaret(watcher, caret), `caret after “${marker}”`);
      // Across nodes presence is relayed at once and text after its commit, so the caret may
      // overtake a kept edit: give the text a moment more (a refused one never comes).
      try {
        await waitFor(() => fullText(watcher.doc).includes(marker), marker, 1_500);
        return true;
      } catch {
        return false;
      }
    };
    try {
      expect(await kept(cochairOnB, observerOnA, 1, " [co-chair before]")).toBe(true);
      expect(await kept(delegateOnB, colleagueOnA, 0, " [delegate before]")).toBe(true);

      // The chair puts the text under silence on node A: the pen-holders' sockets on B turn read-only.
      const silence = await postForm(a.url, lifecycle, { intent: "silence", versionId, deadline }, await cookie("chair"));
      expect(silence.status).toBe(200);
      const silenced = Date.now();
      await waitFor(() => canWriteAsSeen(observerOnA, cochairOnB) === false, "co-chair on B re-stamped read-only", 5_000);
      expect(Date.now() - silenced).toBeLessThan(1_000);
      await notices.until(stageNotice, 1);
      expect(await kept(cochairOnB, observerOnA, 1, " [co-chair in silence]")).toBe(false);
      // A delegation still drafts during silence (docs/decisions/032).
      expect(canWriteAsSeen(colleagueOnA, delegateOnB)).toBe(true);
      expect(await kept(delegateOnB, colleagueOnA, 0, " [delegate in silence]")).toBe(true);

      // The secretariat returns the text to consolidation (no adoption at a meeting while silence
      // runs, docs/decisions/167), then records the adoption on node A: now the delegate's draft
      // socket on B is read-only.
      expect((await postForm(a.url, lifecycle, { intent: "move", stage: "consolidation" }, secretariat)).status).toBe(200);
      await notices.until(stageNotice, 2);
      const meetingDate = new Date(Date.parse((await advanceServerClock(a.url, 0)).now) - 24 * 3600 * 1000).toISOString().slice(0, 10);
      const adopt = await postForm(a.url, lifecycle, { intent: "adopt", versionId, meetingDate, meetingPlace: "Vienna" }, secretariat);
      expect(adopt.status).toBe(200);
      const adopted = Date.now();
      await waitFor(() => canWriteAsSeen(colleagueOnA, delegateOnB) === false, "delegate on B re-stamped read-only", 5_000);
      expect(Date.now() - adopted).toBeLessThan(1_000);
      await notices.until(stageNotice, 3);
      expect(await kept(delegateOnB, colleagueOnA, 0, " [delegate after adoption]")).toBe(false);

      // Nothing refused was stored, and nobody was disconnected for it.
      expect(await storedText(textRoom)).not.toContain("[co-chair in silence]");
      expect(await storedText(draft)).not.toContain("[delegate after adoption]");
      expect(await storedText(draft)).toContain("[delegate in silence]");
      expect([...cochairOnB.closes, ...delegateOnB.closes]).toEqual([]);
    } finally {
      notices.close();
    }
  });

  it("tells a reader's live page on node B what changed on node A: committed text and settings", async () => {
    const controller = new AbortController();
    const response = await fetch(`${b.url}/live/documents/${declarationId}`, {
      headers: { cookie: await cookie("observer") },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += decoder.decode(value);
      }
    };
    await readUntil(": connected");
    try {
      // Text typed on node A, into a room node B does not hold.
      const chairOnA = await connect(a, "chair");
      await synced(chairOnA);
      typeInto(chairOnA.doc, 4, " [live notice]");
      await readUntil(`event: text\ndata: {"documentId":"${declarationId}"}`);
      expect(await loadedRooms(b)).toBe(0);
      // A settings change on node A, announced to node B's reader.
      const declaration = await db.document.findUniqueOrThrow({ where: { id: declarationId } });
      const changed = await postForm(
        a.url,
        `/documents/${declarationId}/settings`,
        { title: `${declaration.title} (rev.)`, symbol: declaration.symbol, language: declaration.language, stage: declaration.stage },
        await cookie("secretariat"),
      );
      expect(changed.status).toBe(200);
      await readUntil(`event: document\ndata: {"documentId":"${declarationId}"}`);
    } finally {
      controller.abort();
    }
  });

  it("fires a deadline exactly once with two sweepers racing", async () => {
    const actionPlan = await db.document.findFirstOrThrow({ where: { kind: "action_plan" } });
    const serverNow = Date.parse((await advanceServerClock(a.url, 0)).now);
    const deadline = new Date(serverNow + 24 * 3600 * 1000).toISOString().slice(0, 16);
    const opened = await postForm(
      a.url,
      `/documents/${actionPlan.id}/lifecycle`,
      { intent: "move", stage: "amendments_open", deadline },
      await cookie("secretariat"),
    );
    expect(opened.status).toBe(200);
    const due = await db.deadline.findFirstOrThrow({ where: { documentId: actionPlan.id, firedAt: null, cancelledAt: null } });
    // Both nodes' clocks pass the deadline at once, and each sweeps at once.
    const twoDays = 2 * 24 * 3600 * 1000;
    const [onA, onB] = await Promise.all([advanceServerClock(a.url, twoDays), advanceServerClock(b.url, twoDays)]);
    cookies = {}; // sessions expired on the moved clocks
    expect(onA.fired + onB.fired).toBe(1);
    expect((await db.deadline.findUniqueOrThrow({ where: { id: due.id } })).firedAt).not.toBeNull();
    expect((await db.document.findUniqueOrThrow({ where: { id: actionPlan.id } })).stage).toBe("consolidation");
    const byDeadline = await db.auditEntry.findMany({ where: { subjectId: actionPlan.id, action: "document.setStage" } });
    expect(byDeadline.filter((entry) => JSON.parse(entry.details).reason === "deadline")).toHaveLength(1);
    const head = await db.user.findUniqueOrThrow({ where: { email: "head@hungary.example" } });
    expect(
      await db.notification.count({ where: { userId: head.id, documentId: actionPlan.id, text: { contains: "amendments are closed" } } }),
    ).toBe(1);
  });

  it("limits a sign-in burst spread over both nodes as one: of 50 guesses only the allowed 3 are checked", async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postForm((i % 2 === 0 ? a : b).url, "/login", { email: "head@iraq.example", password: `guess-${i}` }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 422)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(47);
    // The counters are in Redis, under this cluster's prefix.
    const redis = new Redis(TEST_REDIS_URL);
    try {
      expect((await redis.keys(`${cluster.prefix}:rl:*`)).length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });
});

describe(`a node that dies (${clusterDatabaseName()})`, () => {
  it("loses nothing acknowledged when killed with -9: every edit another node's client saw is on the surviving node and in the log", async () => {
    const c = await cluster.add();
    const writerOnC = await connect(c, "chair");
    const observerOnA = await connect(a, "observer");
    await Promise.all([synced(writerOnC), synced(observerOnA)]);
    const caret = setCaret(writerOnC, 5, 1);
    await waitFor(() => showsCaret(observerOnA, caret), "caret from node C on node A");
    let i = 0;
    const acknowledged = new Set<string>();
    // Keep typing until node A's client has seen thirty words, then kill node C mid-stream.
    while (acknowledged.size < 30) {
      typeInto(writerOnC.doc, 5, ` k${i++}`);
      await new Promise((resolve) => setTimeout(resolve, 3));
      const seen = fullText(observerOnA.doc);
      for (let j = 0; j < i; j++) if (seen.includes(` k${j}`)) acknowledged.add(` k${j}`);
    }
    for (let j = 0; j < 5; j++) typeInto(writerOnC.doc, 5, ` late${j}`);
    c.child.kill("SIGKILL");
    await c.stop();
    writerOnC.destroy();
    const survivor = await connect(b, "observer");
    await synced(survivor);
    const text = fullText(survivor.doc);
    for (const word of acknowledged) expect(text).toContain(word);
    const stored = await storedText();
    for (const word of acknowledged) expect(stored).toContain(word);
    // Node C's presence goes with it: once it has missed its heartbeats, not after y-protocols' 30 s.
    await waitFor(() => !showsCaret(observerOnA, caret), "node C's caret gone on node A", 10_000);
  });

  it("repairs from the log what the relay never carried: a row committed by a node that died before publishing, found after a Redis reconnect", async () => {
    const readerOnA = await connect(a, "observer");
    const readerOnB = await connect(b, "secretariat");
    await Promise.all([synced(readerOnA), synced(readerOnB)]);
    // What a node killed between its commit and its publish leaves: a row in the log, no message.
    const offline = new Y.Doc();
    for (const row of await db.yUpdate.findMany({ where: { room }, orderBy: { id: "asc" } })) Y.applyUpdate(offline, row.data);
    const before = Y.encodeStateVector(offline);
    typeInto(offline, 6, " [committed, never published]");
    const update = Y.encodeStateAsUpdate(offline, before);
    await db.yUpdate.create({ data: { room, kind: "update", data: Buffer.from(update), createdAt: new Date() } });
    // Both nodes lose their subscriber connection (what pub/sub missed meanwhile is gone); on
    // reconnecting, each re-reads the log of the rooms it holds.
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const list = String(await redis.call("CLIENT", "LIST", "TYPE", "pubsub"));
      const ours = list
        .split("\n")
        .filter((line) => line.includes(`name=${cluster.prefix}-sub `))
        .map((line) => /(?:^| )id=(\d+)/.exec(line)![1]!);
      expect(ours).toHaveLength(2);
      for (const id of ours) await redis.call("CLIENT", "KILL", "ID", id);
    } finally {
      redis.disconnect();
    }
    for (const reader of [readerOnA, readerOnB]) {
      await waitFor(() => fullText(reader.doc).includes("[committed, never published]"), "repaired after reconnect");
    }
    // The relay works again after the reconnect.
    const chairOnB = await connect(b, "chair");
    await synced(chairOnB);
    typeInto(chairOnB.doc, 6, " [after reconnect]");
    await waitFor(() => fullText(readerOnA.doc).includes("[after reconnect]"), "relayed after reconnect");
  });
});
