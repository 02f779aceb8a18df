import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import type { Db } from "../../server/db/client";
import { documentRoom } from "../../common/collab";
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
import { freshDatabase } from "../support/database";
import { postForm, signIn } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let db: Db;
let databaseUrl: string;
let room: string;
const cookies: Record<string, string> = {};
const clients: CollabClient[] = [];

function connect(who: keyof typeof cookies, target = room) {
  const client = connectClient(server.url, target, cookies[who]!);
  clients.push(client);
  return client;
}

/** The base text as stored in SQLite, rebuilt from the update log rows. */
async function storedText(targetRoom = room) {
  const rows = await db.yUpdate.findMany({ where: { room: targetRoom }, orderBy: { id: "asc" } });
  const doc = new Y.Doc();
  for (const row of rows) Y.applyUpdate(doc, row.data);
  return fullText(doc);
}

beforeAll(async () => {
  const database = freshDatabase();
  db = database.db;
  databaseUrl = database.url;
  server = await startServer(databaseUrl, { COLLAB_MAX_FRAME_BYTES: String(64 * 1024), COLLAB_IDLE_UNLOAD_MS: "50" });
  for (const [name, email] of [
    ["chair", "chair@turkiye.example"],
    ["secretariat", "secretariat@icmpd.example"],
    ["pakistan", "delegate@pakistan.example"],
    ["observer", "observer@iom.example"],
    ["cochair", "cochair@hungary.example"],
  ] as const) {
    cookies[name] = await signIn(server.url, email);
  }
  const declaration = await db.document.findFirstOrThrow({ where: { kind: "declaration" } });
  room = documentRoom(declaration.id);
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});
afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

describe("the collaboration endpoint", () => {
  it("serves the seeded declaration to a reader", async () => {
    const reader = connect("observer");
    await synced(reader);
    expect(fullText(reader.doc)).toContain("Partnership: commit to strengthen cooperation");
  });

  it("lets two writers converge, and stores what they wrote", async () => {
    const chair = connect("chair");
    const secretariat = connect("secretariat");
    await Promise.all([synced(chair), synced(secretariat)]);
    typeInto(chair.doc, 2, " [chair was here]");
    typeInto(secretariat.doc, 3, " [secretariat was here]");
    await waitFor(
      () =>
        fullText(chair.doc) === fullText(secretariat.doc) &&
        fullText(chair.doc).includes("[secretariat was here]") &&
        fullText(chair.doc).includes("[chair was here]"),
      "convergence",
    );
    await waitFor(
      async () => (await storedText()).includes("[secretariat was here]") && (await storedText()).includes("[chair was here]"),
      "storage",
    );
    const rows = await db.yUpdate.findMany({ where: { room, userId: { not: null } } });
    const chairUser = await db.user.findUniqueOrThrow({ where: { email: "chair@turkiye.example" } });
    expect(rows.some((row) => row.userId === chairUser.id && row.participantId === chairUser.participantId)).toBe(true);
  });

  it("drops every update a read-only connection sends: nobody sees it, nothing stores it", async () => {
    const chair = connect("chair");
    const delegate = connect("pakistan");
    await Promise.all([synced(chair), synced(delegate)]);
    typeInto(delegate.doc, 2, " FORGED BY A DELEGATE");
    appendBlock(delegate.doc, "A forged paragraph");
    // Awareness travels on the same socket after the update: once the chair sees it, the server
    // has already handled (and dropped) the update.
    const marker = setCaret(delegate, 0, 3);
    await waitFor(() => showsCaret(chair, marker), "marker");
    typeInto(chair.doc, 2, " [after]");
    await waitFor(async () => (await storedText()).includes("[after]"), "chair edit stored");
    expect(fullText(chair.doc)).not.toContain("FORGED");
    expect(await storedText()).not.toContain("FORGED");
    expect(await storedText()).not.toContain("forged paragraph");
    const observer = connect("observer");
    await synced(observer);
    expect(fullText(observer.doc)).not.toContain("FORGED");
  });

  it("stamps presence from the session: a client cannot claim another name", async () => {
    const delegate = connect("pakistan");
    const chair = connect("chair");
    await Promise.all([synced(delegate), synced(chair)]);
    delegate.provider.awareness.setLocalStateField("user", { name: "The Chair", color: "#000000", participant: "Türkiye" });
    await waitFor(
      () =>
        [...chair.provider.awareness.getStates().values()].some(
          (state) => (state.user as { name?: string } | undefined)?.name === "Bilal Ahmed",
        ),
      "stamped presence",
    );
    const names = [...chair.provider.awareness.getStates().values()].map(
      (state) => state.user as { name?: string; participant?: string } | undefined,
    );
    expect(names.some((user) => user?.name === "The Chair")).toBe(false);
    expect(names.find((user) => user?.name === "Bilal Ahmed")?.participant).toBe("Pakistan");
  });

  it("answers 401, 403, 404 and 400 on the upgrade", async () => {
    expect(await upgradeStatus(server.url, room)).toBe(401);
    expect(await upgradeStatus(server.url, room, "plenary_session=bm90LWEtc2Vzc2lvbi10b2tlbi1hdC1hbGwtMTIzNDU2")).toBe(401);
    expect(await upgradeStatus(server.url, "document.NOT_A_ROOM!", cookies.chair)).toBe(400);
    expect(await upgradeStatus(server.url, "..%2F..%2Fetc%2Fpasswd", cookies.chair)).toBe(400);
    expect(await upgradeStatus(server.url, "%E0%A4%A", cookies.chair)).toBe(400);
    expect(await upgradeStatus(server.url, "document.cmaaaaaaaaaaaaaaaaaaaaaaaa", cookies.chair)).toBe(404);
    // A document of another process: readable by nobody here.
    const other = await db.process.create({ data: { name: "Other dialogue", slug: "other" } });
    const foreign = await db.document.create({
      data: { processId: other.id, kind: "other", title: "Foreign", symbol: "X/1", language: "en" },
    });
    expect(await upgradeStatus(server.url, documentRoom(foreign.id), cookies.chair)).toBe(403);
    expect(await upgradeStatus(server.url, room, cookies.observer)).toBe(101);
  });

  it("reads nothing a client sends before its upgrade is authenticated, and stays healthy", async () => {
    const { port } = new URL(server.url);
    const socket = net.connect(Number(port), "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    let response = "";
    socket.on("data", (chunk: Buffer) => (response += chunk.toString("latin1")));
    socket.on("error", () => undefined);
    socket.write(
      `GET /collab/${room} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
    // A flood of frame bytes right behind the request, before any answer.
    const flood = Buffer.alloc(1024 * 1024, 0x82);
    for (let chunk = 0; chunk < 16 && !socket.destroyed; chunk++) socket.write(flood);
    await waitFor(() => socket.destroyed || response.includes("\r\n\r\n"), "refusal");
    expect(response).toMatch(/^HTTP\/1\.1 401/);
    socket.destroy();
    const reader = connect("observer");
    await synced(reader);
    expect(fullText(reader.doc)).toContain("Partnership");
  });

  it("closes an oversized frame with 1009 and a garbage frame with 1007, and only that socket", async () => {
    const chair = connect("chair");
    const observer = connect("observer");
    await Promise.all([synced(chair), synced(observer)]);
    const raw = (payload: Uint8Array) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${server.url.replace("http", "ws")}/collab/${room}`, { headers: { cookie: cookies.secretariat! } });
        socket.on("open", () => socket.send(payload));
        socket.on("close", (code) => resolve(code));
      });
    expect(await raw(new Uint8Array(100 * 1024))).toBe(1009);
    expect(await raw(new Uint8Array([0, 1, 250, 255, 255, 255, 255, 255, 1]))).toBe(1007);
    expect(await raw(new Uint8Array([7, 7, 7]))).toBe(1007);
    typeInto(chair.doc, 4, " [still serving]");
    await waitFor(() => fullText(observer.doc).includes("[still serving]"), "others keep working");
    expect(chair.closes).toEqual([]);
    expect(observer.closes).toEqual([]);
  });

  it("makes a writer read-only when the document is adopted, without reconnecting", async () => {
    const chair = connect("chair");
    const observer = connect("observer");
    await Promise.all([synced(chair), synced(observer)]);
    const document = await db.document.findFirstOrThrow({ where: { kind: "action_plan" } });
    const planRoom = documentRoom(document.id);
    const planChair = connect("chair", planRoom);
    const planObserver = connect("observer", planRoom);
    await Promise.all([synced(planChair), synced(planObserver)]);
    const settings = { title: document.title, symbol: document.symbol, language: "en" };
    // Through the procedure: the stage machine allows no jump to "adopted".
    expect(
      (await postForm(server.url, `/documents/${document.id}/settings`, { ...settings, stage: "adopted" }, cookies.secretariat)).status,
    ).toBe(409);
    for (const stage of ["amendments_open", "consolidation"]) {
      expect(
        (await postForm(server.url, `/documents/${document.id}/settings`, { ...settings, stage }, cookies.secretariat)).status,
        stage,
      ).toBe(200);
    }
    // Adoption needs its record: the settings refuse the bare move; the chair issues a version and
    // the secretariat records that a meeting adopted it.
    expect(
      (await postForm(server.url, `/documents/${document.id}/settings`, { ...settings, stage: "adopted" }, cookies.secretariat)).status,
    ).toBe(409);
    expect((await postForm(server.url, `/documents/${document.id}/versions`, { intent: "issue" }, cookies.chair)).status).toBe(200);
    const version = await db.version.findFirstOrThrow({ where: { documentId: document.id }, orderBy: { sequence: "desc" } });
    const adopt = { intent: "adopt", versionId: version.id, meetingDate: "2026-01-15", meetingPlace: "Istanbul" };
    expect((await postForm(server.url, `/documents/${document.id}/lifecycle`, adopt, cookies.secretariat)).status).toBe(200);
    typeInto(planChair.doc, 1, " LATE CHANGE");
    const marker = setCaret(planChair, 1, 2);
    await waitFor(() => showsCaret(planObserver, marker), "marker");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fullText(planObserver.doc)).not.toContain("LATE CHANGE");
    expect(await storedText(planRoom)).not.toContain("LATE CHANGE");
    // Back to work only through an explicit, audited reopening.
    expect(
      (await postForm(server.url, `/documents/${document.id}/settings`, { ...settings, stage: "drafting" }, cookies.secretariat)).status,
    ).toBe(409);
    const reopen = { intent: "reopen", stage: "drafting", reason: "Reopened for the test that follows." };
    expect((await postForm(server.url, `/documents/${document.id}/settings`, reopen, cookies.secretariat)).status).toBe(200);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { subjectId: document.id, action: "document.reopen" } });
    expect(JSON.parse(audit.details)).toMatchObject({
      before: { stage: "adopted" },
      after: { stage: "drafting" },
      reason: "Reopened for the test that follows.",
    });
  });

  it("closes a disabled user's sockets within a second", async () => {
    const cochair = connect("cochair");
    await synced(cochair);
    const user = await db.user.findUniqueOrThrow({ where: { email: "cochair@hungary.example" } });
    const started = Date.now();
    const response = await postForm(
      server.url,
      `/admin/users/${user.id}`,
      { intent: "setUserDisabled", disabled: "true" },
      cookies.secretariat,
    );
    expect(response.status).toBe(200);
    await waitFor(() => cochair.closes.length > 0, "socket closed", 5_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(cochair.closes[0]!.code).toBe(4401);
    // It does not come back: the provider stops on 44xx, and a new upgrade is refused.
    expect(await upgradeStatus(server.url, room, cookies.cochair)).toBe(401);
  });

  it("unloads an idle room once its last client has left and everything is written", async () => {
    const chair = connect("chair");
    await synced(chair);
    typeInto(chair.doc, 5, " [before unload]");
    const health = async () => (await (await fetch(`${server.url}/healthz`)).json()) as { liveDocuments: number };
    await waitFor(async () => (await storedText()).includes("[before unload]"), "stored");
    for (const client of clients.splice(0)) client.destroy();
    await waitFor(async () => (await health()).liveDocuments === 0, "unload");
    const again = connect("observer");
    await synced(again);
    expect(fullText(again.doc)).toContain("[before unload]");
  });

  it("recovers everything after a graceful restart", async () => {
    const chair = connect("chair");
    await synced(chair);
    appendBlock(chair.doc, "Paragraph written before the restart.");
    await waitFor(async () => (await storedText()).includes("written before the restart"), "stored");
    chair.destroy();
    expect(await server.stop("SIGTERM")).toBe(0);
    server = await startServer(databaseUrl);
    cookies.observer = await signIn(server.url, "observer@iom.example");
    const reader = connect("observer");
    await synced(reader);
    expect(fullText(reader.doc)).toContain("Paragraph written before the restart.");
  });
});
