import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client";
import { documentRoom, draftRoom } from "../../common/collab";
import { blockTexts, connectClient, synced, typeInto, upgradeStatus, waitFor, type CollabClient } from "../support/collab";
import { listBlocks, yDocToJson, type BlockSummary } from "../../app/editor/documentModel";
import { freshDatabase } from "../support/database";
import { getPage, postForm, signIn } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let db: Db;
const cookies: Record<string, string> = {};
const clients: CollabClient[] = [];
let declarationId = "";
let actionPlanId = "";
let declarationBlocks: BlockSummary[] = [];
let planBlocks: BlockSummary[] = [];

const USERS = {
  pakDelegate: "delegate@pakistan.example",
  pakHead: "head@pakistan.example",
  iraqHead: "head@iraq.example",
  hunHead: "head@hungary.example",
  hunDelegate: "delegate@hungary.example",
  chair: "chair@turkiye.example",
  observer: "observer@iom.example",
  secretariat: "secretariat@icmpd.example",
} as const;
type Who = keyof typeof USERS;

function collab(who: Who, room: string) {
  const client = connectClient(server.url, room, cookies[who]!);
  clients.push(client);
  return client;
}

async function readBlocks(room: string) {
  const reader = collab("observer", room);
  await synced(reader);
  const blocks = listBlocks(yDocToJson(reader.doc));
  reader.destroy();
  return blocks;
}

async function setStage(documentId: string, stage: string) {
  const document = await db.document.findUniqueOrThrow({ where: { id: documentId } });
  const response = await postForm(
    server.url,
    `/documents/${documentId}/settings`,
    { title: document.title, symbol: document.symbol, language: document.language, stage },
    cookies.secretariat,
  );
  expect(response.status).toBe(200);
}

async function propose(who: Who, documentId: string, targetBlockId: string, operation: string) {
  const response = await postForm(server.url, `/documents/${documentId}/amendments`, { targetBlockId, operation }, cookies[who]);
  const location = response.headers.get("location") ?? "";
  return { response, amendmentId: location.replace("/amendments/", "") };
}

const act = (who: Who, amendmentId: string, fields: Record<string, string>) =>
  postForm(server.url, `/amendments/${amendmentId}`, fields, cookies[who]);

/** Writes wording and justification into a draft room, as a delegation member's editor would. */
async function draftWording(who: Who, amendmentId: string, addition: string, justification: string) {
  const writer = collab(who, draftRoom(amendmentId));
  await synced(writer);
  typeInto(writer.doc, 0, addition);
  writer.doc.getText("justification").insert(0, justification);
  await waitFor(async () => (await getPage(server.url, `/amendments/${amendmentId}`, cookies[who])).ok, "page");
  // The update reaches the server's copy once the room echoes a marker back.
  writer.provider.awareness.setLocalStateField("marker", addition);
  await waitFor(() => [...writer.provider.awareness.getStates().values()].some((state) => state.marker === addition), "marker");
  return writer;
}

beforeAll(async () => {
  const database = freshDatabase();
  db = database.db;
  server = await startServer(database.url);
  for (const [who, email] of Object.entries(USERS)) cookies[who] = await signIn(server.url, email);
  declarationId = (await db.document.findFirstOrThrow({ where: { kind: "declaration" } })).id;
  actionPlanId = (await db.document.findFirstOrThrow({ where: { kind: "action_plan" } })).id;
  declarationBlocks = await readBlocks(documentRoom(declarationId));
  planBlocks = await readBlocks(documentRoom(actionPlanId));
  await setStage(declarationId, "amendments_open");
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});
afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

const op = (number: string) => declarationBlocks.find((block) => block.number === number)!;

describe("the amendment lifecycle", () => {
  it("goes draft → tabled → co-sponsored → positions → withdrawn, all audited", async () => {
    const target = op("OP2");
    const { response, amendmentId } = await propose("pakDelegate", declarationId, target.id, "replace");
    expect(response.status).toBe(302);
    expect(await db.amendment.findUniqueOrThrow({ where: { id: amendmentId } })).toMatchObject({ status: "draft", operation: "replace" });

    await draftWording("pakDelegate", amendmentId, " in full respect of national sovereignty", "Sovereignty must be reflected.");
    const tabled = await act("pakHead", amendmentId, { intent: "table" });
    expect(tabled.status).toBe(200);
    const revision = await db.amendmentRevision.findFirstOrThrow({ where: { amendmentId } });
    expect(revision).toMatchObject({
      number: 1,
      baseText: target.text,
      baseNumber: "OP2",
      justification: "Sovereignty must be reflected.",
    });
    expect(revision.proposedText).toBe(`${target.text} in full respect of national sovereignty`);
    const inserted = (JSON.parse(revision.diffJson) as { kind: string; text: string }[]).filter((part) => part.kind === "inserted");
    expect(inserted.map((part) => part.text.trim())).toEqual(["in full respect of national sovereignty"]);

    // Frozen: a later change in the draft room does not touch revision 1; tabling again makes revision 2.
    await draftWording("pakHead", amendmentId, " and international law", "");
    expect((await db.amendmentRevision.findFirstOrThrow({ where: { amendmentId, number: 1 } })).proposedText).not.toContain(
      "international law",
    );
    expect((await act("pakHead", amendmentId, { intent: "table" })).status).toBe(200);
    expect((await db.amendmentRevision.findFirstOrThrow({ where: { amendmentId, number: 2 } })).proposedText).toContain(
      "and international law",
    );

    for (const join of ["true", "false", "true"])
      expect((await act("iraqHead", amendmentId, { intent: "cosponsor", join })).status).toBe(200);
    expect(
      (await db.amendmentSponsorEvent.findMany({ where: { amendmentId }, orderBy: { id: "asc" } })).map((event) => event.action),
    ).toEqual(["join", "leave", "join"]);
    expect(await db.amendmentSponsor.count({ where: { amendmentId } })).toBe(1);

    expect((await act("hunHead", amendmentId, { intent: "position", stance: "supports", note: "" })).status).toBe(200);
    expect((await act("chair", amendmentId, { intent: "position", stance: "reservation", note: "Awaiting capital" })).status).toBe(200);
    expect((await act("hunHead", amendmentId, { intent: "position", stance: "opposes", note: "Changed instructions" })).status).toBe(200);
    const positions = await db.position.findMany({ where: { amendmentId }, include: { participant: true } });
    expect(positions.map((position) => [position.participant.name, position.stance]).sort()).toEqual([
      ["Hungary", "opposes"],
      ["Türkiye", "reservation"],
    ]);

    const compilation = await (await getPage(server.url, `/documents/${declarationId}/compilation`, cookies.observer)).text();
    expect(compilation).toContain("Proposed by Pakistan, co-sponsored by Iraq; opposed by Hungary; reservation: Türkiye.");
    // The compact markup (issue 15): the proposer named once, the diff as text with bare <ins>/<del>,
    // reading exactly as the base text with the proposal's words inserted.
    const items = compilation.split('<li class="compiled-amendment"').filter((chunk) => chunk.includes("Proposed by Pakistan"));
    expect(items).toHaveLength(1);
    const item = items[0]!.slice(0, items[0]!.indexOf("</li>"));
    expect(item).toContain('<span class="visually-hidden">Proposed by </span>Pakistan</span> Replace</p>');
    const diffHtml = /<p class="diff" lang="en" dir="auto">([\s\S]*?)<\/p>/.exec(item)?.[1] ?? "";
    expect(diffHtml).toContain("<ins>");
    expect(diffHtml).not.toMatch(/<span|style=/);
    const latest = await db.amendmentRevision.findFirstOrThrow({ where: { amendmentId }, orderBy: { number: "desc" } });
    const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&#x27;");
    const stored = JSON.parse(latest.diffJson) as { kind: string; text: string }[];
    expect(diffHtml).toBe(
      stored
        .map((part) =>
          part.kind === "inserted"
            ? `<ins>${escape(part.text)}</ins>`
            : part.kind === "deleted"
              ? `<del>${escape(part.text)}</del>`
              : escape(part.text),
        )
        .join(""),
    );
    expect(latest.proposedText).toContain("in full respect of national sovereignty");
    expect(item).toContain('<p class="small muted">Justification: Sovereignty must be reflected.</p>');

    expect((await act("pakHead", amendmentId, { intent: "withdraw" })).status).toBe(200);
    expect((await db.amendment.findUniqueOrThrow({ where: { id: amendmentId } })).status).toBe("withdrawn");
    const actions = (await db.auditEntry.findMany({ where: { subjectId: amendmentId }, orderBy: { id: "asc" } })).map(
      (entry) => entry.action,
    );
    expect(actions).toEqual([
      "amendment.draft",
      "amendment.table",
      "amendment.revise",
      "amendment.cosponsor.join",
      "amendment.cosponsor.leave",
      "amendment.cosponsor.join",
      "amendment.position",
      "amendment.position",
      "amendment.position",
      "amendment.withdraw",
    ]);
  });
});

describe("the server refuses", () => {
  let tabledId = "";
  beforeAll(async () => {
    const { amendmentId } = await propose("pakHead", declarationId, op("OP3").id, "alternative");
    await draftWording("pakHead", amendmentId, " (alternative)", "");
    expect((await act("pakHead", amendmentId, { intent: "table" })).status).toBe(200);
    tabledId = amendmentId;
  });

  it("tabling by a delegate, with 403", async () => {
    const { amendmentId } = await propose("pakDelegate", declarationId, op("OP4").id, "replace");
    await draftWording("pakDelegate", amendmentId, " X", "");
    const response = await act("pakDelegate", amendmentId, { intent: "table" });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Only the head of delegation tables amendments.");
  });

  it("tabling outside “amendments open”, explaining the stage and keeping the draft", async () => {
    const { amendmentId } = await propose("pakHead", declarationId, op("OP4").id, "replace");
    const writer = await draftWording("pakHead", amendmentId, " kept wording", "");
    await setStage(declarationId, "consolidation");
    const response = await act("pakHead", amendmentId, { intent: "table" });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("only while amendments are open. This document is at the stage “Consolidation”");
    expect((await db.amendment.findUniqueOrThrow({ where: { id: amendmentId } })).status).toBe("draft");
    expect(blockTexts(writer.doc)[0]).toContain("kept wording");
    await setStage(declarationId, "amendments_open");
  });

  it("positions and co-sponsoring by observers, the secretariat, delegates and the proposer", async () => {
    for (const who of ["observer", "secretariat", "hunDelegate", "pakHead"] as const) {
      expect((await act(who, tabledId, { intent: "position", stance: "supports", note: "" })).status, who).toBe(403);
      expect((await act(who, tabledId, { intent: "cosponsor", join: "true" })).status, who).toBe(403);
    }
    expect(await db.position.count({ where: { amendmentId: tabledId } })).toBe(0);
  });

  it("shows an alternative as bracketed options beside the current wording", async () => {
    const compilation = await (await getPage(server.url, `/documents/${declarationId}/compilation`, cookies.observer)).text();
    const options = /data-testid="alternatives">([\s\S]*?)<\/p>/.exec(compilation)?.[1] ?? "";
    expect(options).toContain(`[<!-- -->${op("OP3").text}<!-- -->]`);
    expect(options).toContain(`${op("OP3").text} (alternative)`);
  });

  it("withdrawal by another state", async () => {
    expect((await act("hunHead", tabledId, { intent: "withdraw" })).status).toBe(403);
  });

  it("drafting by observers and the secretariat", async () => {
    for (const who of ["observer", "secretariat"] as const) {
      expect((await propose(who, declarationId, op("OP1").id, "replace")).response.status, who).toBe(403);
    }
  });

  it("a missing block and an operation that does not fit, with a clear message", async () => {
    const missing = await propose("pakHead", declarationId, "no-such-block", "replace");
    expect(missing.response.status).toBe(422);
    expect(await missing.response.text()).toContain("no longer in the text");
    const goal = planBlocks.find((block) => block.kind === "goal")!;
    const deleteGoal = await propose("pakHead", actionPlanId, goal.id, "delete");
    expect(deleteGoal.response.status).toBe(422);
    expect(await deleteGoal.response.text()).toContain("still has action points");
    const badOperation = await propose("pakHead", declarationId, op("OP1").id, "obliterate");
    expect(badOperation.response.status).toBe(422);
  });
});

describe("delegation privacy", () => {
  it("keeps a draft to its own delegation over HTTP and WebSocket", async () => {
    const { amendmentId } = await propose("pakDelegate", declarationId, op("OP1").id, "insert_after");
    expect((await getPage(server.url, `/amendments/${amendmentId}`, cookies.pakHead)).status).toBe(200);
    for (const who of ["hunHead", "observer", "secretariat", "chair"] as const) {
      expect((await getPage(server.url, `/amendments/${amendmentId}`, cookies[who])).status, who).toBe(404);
      expect(await upgradeStatus(server.url, draftRoom(amendmentId), cookies[who]), who).toBe(403);
      const page = await (await getPage(server.url, `/documents/${declarationId}`, cookies[who])).text();
      expect(page, who).not.toContain(amendmentId);
      const panel = await (await getPage(server.url, `/documents/${declarationId}/amendments?block=${op("OP1").id}`, cookies[who])).text();
      expect(panel, who).not.toContain(amendmentId);
    }
    expect(await upgradeStatus(server.url, draftRoom(amendmentId), cookies.pakHead)).toBe(101);
    const ownPanel = await (
      await getPage(server.url, `/documents/${declarationId}/amendments?block=${op("OP1").id}`, cookies.pakDelegate)
    ).text();
    expect(ownPanel).toContain(amendmentId);
  });
});

describe("outdated amendments", () => {
  it("are flagged when the base text changes over the WebSocket, with both diffs", async () => {
    const target = op("PP3");
    const { amendmentId } = await propose("iraqHead", declarationId, target.id, "replace");
    await draftWording("iraqHead", amendmentId, " and solidarity", "");
    expect((await act("iraqHead", amendmentId, { intent: "table" })).status).toBe(200);
    const before = await (await getPage(server.url, `/amendments/${amendmentId}`, cookies.hunHead)).text();
    expect(before).not.toContain("Outdated");

    const chair = collab("chair", documentRoom(declarationId));
    await synced(chair);
    const index = listBlocks(yDocToJson(chair.doc)).findIndex((block) => block.id === target.id);
    typeInto(chair.doc, index, " (as amended by the Chair)");
    await waitFor(
      async () => (await (await getPage(server.url, `/amendments/${amendmentId}`, cookies.hunHead)).text()).includes("Outdated"),
      "outdated flag",
    );
    // The diff against the new text is computed once, just after the change, not by the page.
    await waitFor(
      async () =>
        (await (await getPage(server.url, `/amendments/${amendmentId}`, cookies.hunHead)).text()).includes("Against the current text"),
      "current diff",
    );
    const page = await (await getPage(server.url, `/amendments/${amendmentId}`, cookies.hunHead)).text();
    expect(page).toContain("(as amended by the Chair)");
  });
});

describe("current diffs while someone keeps typing", () => {
  it("are refreshed at most a couple of seconds apart, without waiting for a pause that never comes", async () => {
    const target = op("PP4");
    const { amendmentId } = await propose("iraqHead", declarationId, target.id, "replace");
    await draftWording("iraqHead", amendmentId, " and regional law", "");
    expect((await act("iraqHead", amendmentId, { intent: "table" })).status).toBe(200);
    const revision = await db.amendmentRevision.findFirstOrThrow({ where: { amendmentId } });
    const stored = () => db.amendmentCurrentDiff.findFirst({ where: { revisionId: revision.id } });

    const chair = collab("chair", documentRoom(declarationId));
    await synced(chair);
    const index = listBlocks(yDocToJson(chair.doc)).findIndex((block) => block.id === target.id);
    // A character every 40 ms: never the 300 ms of quiet the refresh used to wait for.
    const typing = setInterval(() => typeInto(chair.doc, index, "x"), 40);
    try {
      await waitFor(async () => Boolean(await stored()), "a current diff while the typist types", 30_000);
      const first = (await stored())!;
      expect(first.diffJson).toContain("x");
      // And again, against later text, while the typing goes on.
      await waitFor(async () => (await stored())?.baseTextHash !== first.baseTextHash, "a later current diff while typing", 30_000);
    } finally {
      clearInterval(typing);
    }
  });
});

describe("long amendments and stored diffs", () => {
  it("refuses to table wording over the limit with a clear message, keeping the draft", async () => {
    const { amendmentId } = await propose("iraqHead", declarationId, op("PP1").id, "replace");
    await draftWording("iraqHead", amendmentId, " and more".repeat(1_200), "");
    const response = await act("iraqHead", amendmentId, { intent: "table" });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("The proposed wording is too long");
    expect(await db.amendmentRevision.count({ where: { amendmentId } })).toBe(0);
    expect((await db.amendment.findUniqueOrThrow({ where: { id: amendmentId } })).status).toBe("draft");
  });

  it("diffs against the current text once, when the target changes, and never on a page view", async () => {
    const target = op("PP2");
    const { amendmentId } = await propose("iraqHead", declarationId, target.id, "replace");
    await draftWording("iraqHead", amendmentId, " in full partnership", "");
    expect((await act("iraqHead", amendmentId, { intent: "table" })).status).toBe(200);
    const revision = await db.amendmentRevision.findFirstOrThrow({ where: { amendmentId } });

    const chair = collab("chair", documentRoom(declarationId));
    await synced(chair);
    const index = listBlocks(yDocToJson(chair.doc)).findIndex((block) => block.id === target.id);
    typeInto(chair.doc, index, " (Chair's wording)");
    await waitFor(async () => (await db.amendmentCurrentDiff.count({ where: { revisionId: revision.id } })) === 1, "stored current diff");
    const stored = await db.amendmentCurrentDiff.findFirstOrThrow({ where: { revisionId: revision.id } });
    expect(stored.diffJson).toContain("(Chair's wording)");

    // Pages show what is stored: a view that diffed again would not show this.
    await db.amendmentCurrentDiff.update({
      where: { revisionId_baseTextHash: { revisionId: revision.id, baseTextHash: stored.baseTextHash } },
      data: { diffJson: JSON.stringify([{ kind: "inserted", text: "STORED-DIFF-MARKER" }]) },
    });
    const page = await (await getPage(server.url, `/amendments/${amendmentId}`, cookies.hunHead)).text();
    expect(page).toContain("STORED-DIFF-MARKER");
    const panel = await (await getPage(server.url, `/documents/${declarationId}/amendments?block=${target.id}`, cookies.observer)).text();
    expect(panel).toContain("STORED-DIFF-MARKER");
  });
});

describe("withdrawn drafts", () => {
  it("keeps a withdrawn, never tabled draft private to its delegation", async () => {
    const target = op("PP1");
    const { amendmentId } = await propose("pakHead", declarationId, target.id, "delete");
    expect((await act("pakHead", amendmentId, { intent: "withdraw" })).status).toBeLessThan(400);
    expect((await db.amendment.findUniqueOrThrow({ where: { id: amendmentId } })).status).toBe("withdrawn");

    for (const who of ["hunHead", "observer", "chair", "secretariat"] as const) {
      expect((await getPage(server.url, `/amendments/${amendmentId}`, cookies[who])).status, who).toBe(404);
      const panel = await (await getPage(server.url, `/documents/${declarationId}/amendments?block=${target.id}`, cookies[who])).text();
      expect(panel, who).not.toContain(amendmentId);
      const compilation = await (await getPage(server.url, `/documents/${declarationId}/compilation`, cookies[who])).text();
      expect(compilation, who).not.toContain(amendmentId);
    }
    expect((await getPage(server.url, `/amendments/${amendmentId}`, cookies.pakDelegate)).status).toBe(200);
  });
});

describe("live notices", () => {
  function listen(who: Who, documentId: string) {
    const events: string[] = [];
    const request = http.get(`${server.url}/live/documents/${documentId}`, { headers: { cookie: cookies[who] } }, (response) => {
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => events.push(chunk));
    });
    return { events, stop: () => request.destroy() };
  }

  it("tell every participant about a tabling, and only the delegation about its draft", async () => {
    const hungary = listen("hunHead", declarationId);
    const pakistan = listen("pakDelegate", declarationId);
    await waitFor(() => hungary.events.join("").includes("connected") && pakistan.events.join("").includes("connected"), "streams");
    const { amendmentId } = await propose("pakHead", declarationId, op("OP4").id, "delete");
    await waitFor(() => pakistan.events.join("").includes(amendmentId), "own delegation notified");
    expect(hungary.events.join("")).not.toContain(amendmentId);
    expect((await act("pakHead", amendmentId, { intent: "table" })).status).toBe(200);
    await waitFor(() => hungary.events.join("").includes(amendmentId), "everyone notified of tabling");
    hungary.stop();
    pakistan.stop();
  });

  it("refuse anonymous listeners", async () => {
    const response = await fetch(`${server.url}/live/documents/${declarationId}`);
    expect(response.status).toBe(401);
  });
});
