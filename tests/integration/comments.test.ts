import { YJS_FIELD } from "../../app/editor/ydocFields";
import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { listBlocks, yDocToJson, type BlockSummary } from "../../app/editor/documentModel";
import type { Db } from "../../server/db/client";
import { documentRoom } from "../../common/collab";
import { connectClient, synced, waitFor, type CollabClient } from "../support/collab";
import { freshDatabase } from "../support/database";
import { getPage, postForm, signIn } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let db: Db;
let documentId = "";
let blocks: BlockSummary[] = [];
const cookies: Record<string, string> = {};
const clients: CollabClient[] = [];

const USERS = {
  hunDelegate: "delegate@hungary.example",
  hunHead: "head@hungary.example",
  pakHead: "head@pakistan.example",
  pakDelegate: "delegate@pakistan.example",
  observer: "observer@iom.example",
  chair: "chair@turkiye.example",
  secretariat: "secretariat@icmpd.example",
} as const;
type Who = keyof typeof USERS;

const block = (number: string) => blocks.find((each) => each.number === number)!;

async function startThread(who: Who, fields: Record<string, string>) {
  const response = await postForm(server.url, `/documents/${documentId}/threads`, { visibility: "everyone", ...fields }, cookies[who]);
  const body = (await response.json()) as { ok?: boolean; threadId?: string; error?: string; fieldErrors?: Record<string, string> };
  return { status: response.status, ...body };
}

async function threadsFor(who: Who, query = "") {
  const response = await getPage(server.url, `/documents/${documentId}/threads?${query}`, cookies[who]);
  expect(response.status).toBe(200);
  return (
    (await response.json()) as {
      threads: {
        id: string;
        orphaned: boolean;
        quote: string;
        anchor: { text: string } | null;
        comments: { body: string; edits: unknown[] }[];
      }[];
    }
  ).threads;
}

const act = (who: Who, threadId: string, fields: Record<string, string>) =>
  postForm(server.url, `/threads/${threadId}`, fields, cookies[who]);

beforeAll(async () => {
  const database = freshDatabase();
  db = database.db;
  server = await startServer(database.url);
  for (const [who, email] of Object.entries(USERS)) cookies[who] = await signIn(server.url, email);
  documentId = (await db.document.findFirstOrThrow({ where: { kind: "declaration" } })).id;
  const reader = connectClient(server.url, documentRoom(documentId), cookies.observer!);
  await synced(reader);
  blocks = listBlocks(yDocToJson(reader.doc));
  reader.destroy();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});
afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

describe("visibility", () => {
  let internalId = "";
  let chairOnlyId = "";
  let publicId = "";
  beforeAll(async () => {
    internalId = (
      await startThread("pakHead", { blockId: block("OP1").id, visibility: "delegation", body: "Pakistan internal: hold our position." })
    ).threadId!;
    chairOnlyId = (
      await startThread("pakDelegate", { blockId: block("OP2").id, visibility: "chair_secretariat", body: "A note for the Chair only." })
    ).threadId!;
    publicId = (await startThread("hunDelegate", { blockId: block("OP1").id, body: "Public question." })).threadId!;
  });

  it("never returns a Pakistan-only thread to Hungary, an observer, the chair or the secretariat", async () => {
    for (const who of ["hunHead", "hunDelegate", "observer", "chair", "secretariat"] as const) {
      const ids = (await threadsFor(who)).map((thread) => thread.id);
      expect(ids, who).not.toContain(internalId);
      expect(ids, who).toContain(publicId);
      const page = await (await getPage(server.url, `/documents/${documentId}`, cookies[who])).text();
      expect(page, who).not.toContain("hold our position");
    }
    expect((await threadsFor("pakDelegate")).map((thread) => thread.id)).toContain(internalId);
  });

  it("shows a chair-and-secretariat thread to them and its author only", async () => {
    for (const who of ["chair", "secretariat", "pakDelegate"] as const)
      expect(
        (await threadsFor(who)).map((thread) => thread.id),
        who,
      ).toContain(chairOnlyId);
    for (const who of ["pakHead", "hunHead", "observer"] as const)
      expect(
        (await threadsFor(who)).map((thread) => thread.id),
        who,
      ).not.toContain(chairOnlyId);
  });

  it("refuses replies and resolution on threads one may not see, as if they did not exist", async () => {
    expect((await act("hunHead", internalId, { intent: "reply", body: "Let me in" })).status).toBe(404);
    expect((await act("chair", internalId, { intent: "resolve", resolved: "true" })).status).toBe(404);
    expect(await db.comment.count({ where: { threadId: internalId } })).toBe(1);
  });

  it("sends live notices of a private thread only to its delegation", async () => {
    const listen = (who: Who) => {
      const chunks: string[] = [];
      const request = http.get(`${server.url}/live/documents/${documentId}`, { headers: { cookie: cookies[who] } }, (response) => {
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => chunks.push(chunk));
      });
      return { text: () => chunks.join(""), stop: () => request.destroy() };
    };
    const pakistan = listen("pakDelegate");
    const hungary = listen("hunHead");
    const observer = listen("observer");
    await waitFor(() => [pakistan, hungary, observer].every((stream) => stream.text().includes("connected")), "streams");
    const { threadId } = await startThread("pakHead", {
      blockId: block("OP4").id,
      visibility: "delegation",
      body: "Another internal note.",
    });
    await waitFor(() => pakistan.text().includes(threadId!), "Pakistan notified");
    const { threadId: publicThread } = await startThread("pakHead", { blockId: block("OP4").id, body: "A public note." });
    await waitFor(() => hungary.text().includes(publicThread!) && observer.text().includes(publicThread!), "public notice");
    expect(hungary.text()).not.toContain(threadId);
    expect(observer.text()).not.toContain(threadId);
    for (const stream of [pakistan, hungary, observer]) stream.stop();
  });
});

describe("threads on words", () => {
  it("stay anchored through edits and are orphaned, not lost, when their words are deleted over the WebSocket", async () => {
    // OP4: OP5 is agreed in the seed, and agreed paragraphs are locked.
    const target = block("OP4");
    const quote = "sharing of expertise";
    const start = target.text.indexOf(quote);
    const { threadId, status } = await startThread("hunDelegate", {
      blockId: target.id,
      start: String(start),
      end: String(start + quote.length),
      quote,
      body: "Define “reliable”.",
    });
    expect(status).toBe(200);

    const chair = connectClient(server.url, documentRoom(documentId), cookies.chair!);
    clients.push(chair);
    await synced(chair);
    const fragment = chair.doc.getXmlFragment(YJS_FIELD);
    const index = listBlocks(yDocToJson(chair.doc)).findIndex((each) => each.id === target.id);
    const text = (fragment.get(index) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, "Knowledge first: ");
    await waitFor(
      async () => (await threadsFor("pakHead")).find((thread) => thread.id === threadId)?.anchor?.text === quote,
      "still anchored",
    );

    const at = text.toString().indexOf(quote);
    text.delete(at, quote.length);
    await waitFor(async () => (await threadsFor("pakHead")).find((thread) => thread.id === threadId)?.orphaned === true, "orphaned");
    const orphan = (await threadsFor("pakHead")).find((thread) => thread.id === threadId)!;
    expect(orphan.quote).toBe(quote);
    expect(orphan.anchor).toBeNull();
    expect(orphan.comments[0]!.body).toBe("Define “reliable”.");
  });

  it("refuses a quote that is not in the paragraph", async () => {
    const result = await startThread("hunDelegate", {
      blockId: block("OP1").id,
      start: "0",
      end: "5",
      quote: "words that are not there",
      body: "?",
    });
    expect(result.status).toBe(422);
    expect(result.error).toContain("Select them again");
  });
});

describe("comments on amendments", () => {
  it("attach to a tabled amendment and show on its page, never to a draft", async () => {
    const pakistan = await db.participant.findFirstOrThrow({ where: { code: "PAK" } });
    const base = { documentId, participantId: pakistan.id, targetBlockId: block("OP2").id, operation: "replace", createdById: "factory" };
    const tabled = await db.amendment.create({ data: { ...base, status: "tabled", tabledAt: new Date() } });
    await db.amendmentRevision.create({
      data: {
        amendmentId: tabled.id,
        number: 1,
        contentJson: "[]",
        proposedText: "New",
        baseText: block("OP2").text,
        justification: "",
        diffJson: "[]",
        tabledById: "factory",
      },
    });
    const draft = await db.amendment.create({ data: { ...base, status: "draft" } });
    const result = await startThread("hunHead", {
      blockId: block("OP2").id,
      amendmentId: tabled.id,
      body: "Hungary has questions on this amendment.",
    });
    expect(result.status).toBe(200);
    const page = await (await getPage(server.url, `/amendments/${tabled.id}`, cookies.observer)).text();
    expect(page).toContain("Hungary has questions on this amendment.");
    const onDraft = await startThread("hunHead", { blockId: block("OP2").id, amendmentId: draft.id, body: "Peeking." });
    expect(onDraft.status).toBe(422);
  });
});

describe("bad input", () => {
  it("keeps script and HTML inert", async () => {
    const payload = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
    const { threadId } = await startThread("hunDelegate", { blockId: block("PP1").id, body: payload });
    expect((await db.comment.findFirstOrThrow({ where: { threadId } })).body).toBe(payload);
    const json = await (await getPage(server.url, `/documents/${documentId}/threads`, cookies.observer)).text();
    expect(json).toContain(JSON.stringify(payload).slice(1, -1));
    // Rendered pages never contain it as markup.
    const notifications = await (await getPage(server.url, "/notifications", cookies.observer)).text();
    expect(notifications).not.toContain("<script>alert");
  });

  it("refuses an oversized comment with a clear message and keeps nothing", async () => {
    const before = await db.comment.count();
    const result = await startThread("hunDelegate", { blockId: block("PP1").id, body: "x".repeat(4001) });
    expect(result.status).toBe(422);
    expect(result.fieldErrors?.body).toBe("Comments are limited to 4,000 characters.");
    expect(await db.comment.count()).toBe(before);
  });

  it("refuses unknown paragraphs and visibilities", async () => {
    expect((await startThread("hunDelegate", { blockId: "nope", body: "Hello" })).status).toBe(422);
    expect((await startThread("hunDelegate", { blockId: block("PP1").id, visibility: "world", body: "Hello" })).status).toBe(422);
  });
});

describe("replies, edits, resolution, mentions and the stage rule", () => {
  it("keeps the edit history, lets only the author edit, and audits everything", async () => {
    const { threadId } = await startThread("hunDelegate", { blockId: block("PP2").id, body: "First wording." });
    const comment = await db.comment.findFirstOrThrow({ where: { threadId } });
    expect((await act("hunHead", threadId!, { intent: "edit", commentId: comment.id, body: "Hijacked." })).status).toBe(403);
    expect((await act("hunDelegate", threadId!, { intent: "edit", commentId: comment.id, body: "Second wording." })).status).toBe(200);
    const thread = (await threadsFor("observer")).find((each) => each.id === threadId)!;
    expect(thread.comments[0]).toMatchObject({ body: "Second wording.", edits: [{ previousBody: "First wording." }] });
    expect((await act("pakHead", threadId!, { intent: "reply", body: "Noted." })).status).toBe(200);
    expect((await act("pakHead", threadId!, { intent: "resolve", resolved: "true" })).status).toBe(403);
    expect((await act("chair", threadId!, { intent: "resolve", resolved: "true" })).status).toBe(200);
    expect((await act("hunDelegate", threadId!, { intent: "resolve", resolved: "false" })).status).toBe(200);
    const actions = (
      await db.auditEntry.findMany({
        where: { OR: [{ subjectId: threadId! }, { subjectId: comment.id }, { details: { contains: threadId! } }] },
        orderBy: { id: "asc" },
      })
    ).map((entry) => entry.action);
    expect(actions).toEqual(["thread.start", "comment.edit", "comment.reply", "thread.resolve", "thread.reopen"]);
  });

  it("notifies a mentioned delegation only where it may see the thread", async () => {
    await startThread("hunHead", { blockId: block("PP3").id, body: "@Pakistan and @IRQ, please look." });
    await startThread("hunHead", { blockId: block("PP3").id, visibility: "delegation", body: "Internal: @Pakistan will object." });
    const pakistanUsers = await db.user.findMany({ where: { participant: { code: "PAK" } } });
    for (const user of pakistanUsers) {
      const texts = (await db.notification.findMany({ where: { userId: user.id } })).map((notification) => notification.text);
      expect(texts.some((text) => text.includes("please look"))).toBe(true);
      expect(texts.some((text) => text.includes("will object"))).toBe(false);
    }
    expect(await db.notification.count({ where: { user: { participant: { code: "IRQ" } } } })).toBe(2);
  });

  it("closes every comment form once the document is adopted", async () => {
    const { threadId } = await startThread("hunDelegate", { blockId: block("PP4").id, body: "Before adoption." });
    await db.document.update({ where: { id: documentId }, data: { stage: "adopted" } });
    const refused = await startThread("hunDelegate", { blockId: block("PP4").id, body: "After adoption." });
    expect(refused.status).toBe(409);
    expect(refused.error).toBe("This document is adopted: its text, amendments and comments are closed.");
    const attempts: Record<string, string>[] = [
      { intent: "reply", body: "Too late" },
      { intent: "resolve", resolved: "true" },
    ];
    for (const fields of attempts) {
      const response = await act("chair", threadId!, fields);
      expect(response.status).toBe(409);
      expect(((await response.json()) as { error: string }).error).toBe(
        "This document is adopted: its text, amendments and comments are closed.",
      );
    }
    await db.document.update({ where: { id: documentId }, data: { stage: "drafting" } });
  });
});
