import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client";
import { documentRoom } from "../../common/collab";
import type { Socket } from "node:net";
import * as Y from "yjs";
import { syncStep2Message } from "../../server/collab/protocol";
import { connectClient, fullText, synced, typeInto, waitFor } from "../support/collab";
import { listBlocks, yDocToJson } from "../../app/editor/documentModel";
import { freshDatabase } from "../support/database";
import { getPage, postForm, signIn } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let db: Db;
let declarationId = "";
/** The numbers of the two paragraphs the chair edits (PP…, OP…). */
let editedNumbers: string[] = [];
const KEYSTROKES = 30;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  const database = freshDatabase();
  db = database.db;
  server = await startServer(database.url);
  for (const [who, email] of Object.entries({
    secretariat: "secretariat@icmpd.example",
    chair: "chair@turkiye.example",
    pakHead: "head@pakistan.example",
  })) {
    cookies[who] = await signIn(server.url, email);
  }
  declarationId = (await db.document.findFirstOrThrow({ where: { kind: "declaration" } })).id;
  // Something to find: a stage move with a deadline, and the chair editing the base text live.
  const deadline = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString().slice(0, 16);
  expect(
    (
      await postForm(
        server.url,
        `/documents/${declarationId}/lifecycle`,
        { intent: "move", stage: "amendments_open", deadline },
        cookies.secretariat,
      )
    ).status,
  ).toBe(200);
  const chair = connectClient(server.url, documentRoom(declarationId), cookies.chair!);
  await synced(chair);
  editedNumbers = listBlocks(yDocToJson(chair.doc))
    .slice(2, 4)
    .map((block) => block.number!);
  // One keystroke per update, as an editor sends them.
  const revised = " (revised)".padEnd(KEYSTROKES / 2, "!");
  const edited = " (edited)".padEnd(KEYSTROKES / 2, "!");
  // An empty answer to sync step 1 (what a client sends when it has nothing the server lacks),
  // read together with the keystrokes: the socket is corked so they reach the server as one read.
  // It is not an edit, so it must not count as one.
  const socket = (chair.provider.ws as unknown as { _socket: Socket })._socket;
  socket.cork();
  chair.provider.ws!.send(syncStep2Message(new Uint8Array([0, 0])));
  for (const character of revised) typeInto(chair.doc, 2, character);
  for (const character of edited) typeInto(chair.doc, 3, character);
  socket.uncork();
  // The server may apply and store keystrokes that arrive together as one row
  // (docs/decisions/116): wait for the text, not for a number of rows.
  await waitFor(async () => {
    const stored = new Y.Doc();
    for (const row of await db.yUpdate.findMany({ where: { room: documentRoom(declarationId) }, orderBy: { id: "asc" } }))
      Y.applyUpdate(stored, row.data);
    const text = fullText(stored);
    return text.includes(revised) && text.includes(edited);
  }, "stored edits");
  chair.destroy();
  // The room closes once everyone has left: the session is written, and the log compacted into
  // an authorless snapshot, the chair's rows gone from it.
  await waitFor(
    async () =>
      (await db.auditEntry.count({ where: { action: "document.editBase" } })) > 0 &&
      (await db.yUpdate.count({ where: { room: documentRoom(declarationId), userId: { not: null } } })) === 0,
    "session recorded and log compacted",
  );
});

afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

const audit = async (query = "") => (await getPage(server.url, `/audit${query}`, cookies.secretariat)).text();
const plain = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'");

describe("the audit log viewer", () => {
  it("is the secretariat's only", async () => {
    expect((await getPage(server.url, "/audit", cookies.chair)).status).toBe(403);
    expect((await getPage(server.url, "/audit.csv", cookies.pakHead)).status).toBe(403);
  });

  it("shows who, which participant, what in words, when, and links to the object", async () => {
    const html = plain(await audit());
    expect(html).toContain("moved BP/MC/2025/L.1 from Drafting to Amendments open, deadline");
    expect(html).toMatch(
      new RegExp(`<a [^>]*href="/documents/${declarationId}"[^>]*>moved BP/MC/2025/L\\.1 from Drafting to Amendments open`),
    );
    expect(html).toContain("Elena Novak");
    expect(html).toContain("International Centre for Migration Policy Development (ICMPD)");
  });

  it("records base-text edits as one session per user in the audit log, which survives compaction", async () => {
    const sessions = await db.auditEntry.findMany({ where: { action: "document.editBase" } });
    expect(sessions).toHaveLength(1);
    const chair = await db.user.findUniqueOrThrow({ where: { email: "chair@turkiye.example" } });
    expect(sessions[0]).toMatchObject({
      actorUserId: chair.id,
      actorName: "Ayşe Demir",
      participantName: "Türkiye",
      subjectId: declarationId,
    });
    const details = JSON.parse(sessions[0]!.details) as { blocks: string[]; updates: number; from: string; to: string };
    expect(details.blocks).toEqual(editedNumbers);
    expect(details.updates).toBe(KEYSTROKES);
    expect(details.from <= details.to).toBe(true);
    // The update log no longer knows who edited; the audit log does.
    expect(await db.yUpdate.count({ where: { room: documentRoom(declarationId), userId: { not: null } } })).toBe(0);
    const html = plain(await audit());
    expect(html).toContain(`edited the base text of BP/MC/2025/L.1 (${editedNumbers.join(", ")}): ${KEYSTROKES} updates between`);
    const onlyEdits = plain(await audit("?action=document.editBase"));
    expect(onlyEdits).toMatch(/edited the base text of BP\/MC\/2025\/L\.1/);
    expect(onlyEdits).not.toContain("moved BP/MC/2025/L.1");
  });

  it("filters by participant, user, action and date", async () => {
    const secretariat = await db.participant.findFirstOrThrow({ where: { kind: "secretariat" } });
    const turkiye = await db.participant.findFirstOrThrow({ where: { code: "TUR" } });
    const elena = await db.user.findUniqueOrThrow({ where: { email: "secretariat@icmpd.example" } });
    expect(plain(await audit(`?participantId=${secretariat.id}`))).toContain("moved BP/MC/2025/L.1");
    const turkish = plain(await audit(`?participantId=${turkiye.id}`));
    expect(turkish).not.toContain("moved BP/MC/2025/L.1");
    expect(turkish).toContain("edited the base text");
    expect(plain(await audit(`?userId=${elena.id}&action=document.setStage`))).toContain("moved BP/MC/2025/L.1");
    expect(plain(await audit(`?action=session.signIn`))).not.toContain("moved BP/MC/2025/L.1");
    const future = plain(await audit("?from=2099-01-01"));
    expect(future).toContain("No entry matches.");
    expect(future).not.toContain("edited the base text");
    expect((await getPage(server.url, "/audit?from=yesterday", cookies.secretariat)).status).toBe(400);
  });

  it("exports the filtered log as CSV, oldest first", async () => {
    const response = await getPage(server.url, "/audit.csv", cookies.secretariat);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="plenary-audit-\d{4}-\d\d-\d\d\.csv"/);
    const csv = await response.text();
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe('"time_utc","user","participant","action","summary","link","details"');
    expect(lines.some((line) => line.includes('"document.setStage","moved BP/MC/2025/L.1 from Drafting to Amendments open'))).toBe(true);
    expect(lines.some((line) => line.includes('"Ayşe Demir","Türkiye","document.editBase"'))).toBe(true);
    // Oldest first.
    const times = lines.slice(1).map((line) => line.slice(1, 25));
    expect([...times].sort()).toEqual(times);
    const filtered = await (await getPage(server.url, "/audit.csv?action=document.setStage", cookies.secretariat)).text();
    expect(filtered.trim().split("\r\n").length).toBe(2);
  });
});
