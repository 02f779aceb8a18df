import { YJS_FIELD } from "../../app/editor/ydocFields";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { documentRoom } from "../../common/collab";
import { blockTexts, connectClient, synced, waitFor, type CollabClient } from "../support/collab";
import { openUpdateLog } from "../../server/db/openUpdateLog";
import { freshDatabase } from "../support/database";
import { getPage, signIn } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

const clients: CollabClient[] = [];
const servers: RunningServer[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) await server.stop("SIGKILL");
});

async function roomRows(url: string, room: string) {
  const log = openUpdateLog(url);
  try {
    return await log.load(room);
  } finally {
    await log.close();
  }
}

/** Stores, as if written long ago, an update the current schema cannot read: an unknown node and an unknown mark. */
async function storeUnreadableContent(url: string, room: string) {
  const doc = new Y.Doc();
  for (const row of await roomRows(url, room)) Y.applyUpdate(doc, row.data);
  const before = Y.encodeStateVector(doc);
  const fragment = doc.getXmlFragment(YJS_FIELD);
  const unknown = new Y.XmlElement("retiredBlockKind");
  unknown.insert(0, [new Y.XmlText("from an older schema")]);
  const marked = new Y.XmlElement("operative");
  marked.setAttribute("id", crypto.randomUUID());
  marked.setAttribute("status", "open");
  const text = new Y.XmlText();
  marked.insert(0, [text]);
  fragment.insert(fragment.length, [unknown, marked]);
  text.insert(0, "kept paragraph ");
  text.insert(text.length, "with a retired mark", { retiredMark: {} });
  const log = openUpdateLog(url);
  await log.append([{ room, data: Y.encodeStateAsUpdate(doc, before), author: null }]);
  await log.close();
  doc.destroy();
}

describe("reads never write", () => {
  it("renders the document page of a live room without storing or broadcasting anything", async () => {
    const database = freshDatabase();
    const declaration = await database.db.document.findFirstOrThrow({ where: { kind: "declaration" } });
    await database.db.$disconnect();
    const room = documentRoom(declaration.id);
    await storeUnreadableContent(database.url, room);
    const server = await startServer(database.url);
    servers.push(server);
    const chair = await signIn(server.url, "chair@turkiye.example");
    const observer = await signIn(server.url, "observer@iom.example");

    // A connected client keeps the room live, so the page reads the authoritative Y.Doc itself.
    const client = connectClient(server.url, room, observer);
    clients.push(client);
    await synced(client);
    const elementsBefore = client.doc.getXmlFragment(YJS_FIELD).length;
    const rowsBefore = (await roomRows(database.url, room)).map((row) => row.id);

    for (const cookie of [chair, observer]) {
      const response = await getPage(server.url, `/documents/${declaration.id}`, cookie);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("kept paragraph with a retired mark");
      expect(html).not.toContain("from an older schema");
    }
    // Give a (wrong) server-side deletion time to be committed and broadcast.
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect((await roomRows(database.url, room)).map((row) => row.id)).toEqual(rowsBefore);
    expect(client.doc.getXmlFragment(YJS_FIELD).length).toBe(elementsBefore);
    // The client's own read of the same content leaves its document alone too.
    expect(blockTexts(client.doc).at(-1)).toBe("kept paragraph with a retired mark");
    expect(client.doc.getXmlFragment(YJS_FIELD).length).toBe(elementsBefore);
  });
});
