// Through the real server, with every document counted as long (COLLAB_OFF_THREAD_STATE_BYTES=0): the
// page is rendered in the render thread from the stored rows or the live room's shared encoding, and a
// reconnecting editor's sync step 2 is cut from that encoding in the state thread (decision 118).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Db } from "../../server/db/client";
import { documentRoom } from "../../common/collab";
import { VIEWS } from "../../server/yjs/views";
import { connectClient, fullText, synced, typeInto, waitFor, type CollabClient } from "../support/collab";
import { freshDatabase } from "../support/database";
import { getPage, signIn } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let db: Db;
let documentId: string;
let room: string;
const cookies: Record<string, string> = {};
const clients: CollabClient[] = [];

function connect(who: string) {
  const client = connectClient(server.url, room, cookies[who]!);
  clients.push(client);
  return client;
}

/** The document as stored in the update log. */
async function storedDoc() {
  const doc = new Y.Doc();
  for (const row of await db.yUpdate.findMany({ where: { room }, orderBy: { id: "asc" } })) Y.applyUpdate(doc, row.data);
  return doc;
}

async function pageHtml() {
  const response = await getPage(server.url, `/documents/${documentId}`, cookies.chair);
  expect(response.status).toBe(200);
  return response.text();
}

async function loadedRooms() {
  return ((await (await fetch(`${server.url}/healthz`)).json()) as { liveDocuments: number }).liveDocuments;
}

beforeAll(async () => {
  const database = freshDatabase();
  db = database.db;
  server = await startServer(database.url, { COLLAB_OFF_THREAD_STATE_BYTES: "0", COLLAB_IDLE_UNLOAD_MS: "50" });
  cookies.chair = await signIn(server.url, "chair@turkiye.example");
  cookies.secretariat = await signIn(server.url, "secretariat@icmpd.example");
  documentId = (await db.document.findFirstOrThrow({ where: { kind: "declaration" } })).id;
  room = documentRoom(documentId);
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});
afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

describe("a long document through the server", () => {
  it("shows the page of an unloaded room exactly as stored, and of a loaded one as edited", async () => {
    await waitFor(async () => (await loadedRooms()) === 0, "no room loaded");
    const stored = VIEWS.documentPage(await storedDoc());
    expect(stored.blocks.length).toBeGreaterThan(5);
    const page = await pageHtml();
    expect(page).toContain(stored.html);
    // The rendered text is written into the page once, not again into its data (decision 132); a
    // data request (client navigation, revalidation) carries it, with each paragraph picker's label.
    const handoff = /window\.__remixContext = (.*?);<\/script>/s.exec(page)![1]!;
    const pageData = (JSON.parse(handoff) as { state: { loaderData: Record<string, { html: string | null; blocks: unknown[] }> } }).state
      .loaderData["routes/documents.$documentId._index"]!;
    expect(pageData.html).toBeNull();
    expect(pageData.blocks).toHaveLength(stored.blocks.length);
    const data = (await (
      await getPage(
        server.url,
        `/documents/${documentId}?_data=${encodeURIComponent("routes/documents.$documentId._index")}`,
        cookies.chair,
      )
    ).json()) as { html: string; blocks: { id: string; text: string }[] };
    expect(data.html).toBe(stored.html);
    expect(data.blocks.map((block) => [block.id, block.text])).toEqual(stored.blocks.map((block) => [block.id, block.text.slice(0, 61)]));

    const chair = connect("chair");
    await synced(chair);
    typeInto(chair.doc, 2, " [read off the event loop]");
    await waitFor(async () => fullText(await storedDoc()) === fullText(chair.doc), "the edit stored");
    const edited = VIEWS.documentPage(chair.doc);
    expect(edited.blocks[2]!.text).toMatch(/ \[read off the event loop\]$/);
    expect(await pageHtml()).toContain(edited.html);
  });

  it("brings a reconnecting editor exactly what it missed, and keeps what it typed offline", async () => {
    const chair = connect("chair");
    const secretariat = connect("secretariat");
    await Promise.all([synced(chair), synced(secretariat)]);
    chair.provider.disconnect();
    typeInto(secretariat.doc, 1, " [typed while the chair was away]");
    typeInto(chair.doc, 3, " [typed offline]");
    await waitFor(async () => fullText(await storedDoc()).includes("[typed while the chair was away]"), "the secretariat's edit stored");

    chair.provider.connect();
    await waitFor(
      () => fullText(chair.doc).includes("[typed while the chair was away]") && fullText(secretariat.doc).includes("[typed offline]"),
      "both edits on both sides",
    );
    await waitFor(async () => fullText(await storedDoc()) === fullText(chair.doc), "the stored text converged");
    expect(fullText(secretariat.doc)).toBe(fullText(chair.doc));
  });
});
