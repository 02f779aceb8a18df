import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client";
import { freshDatabase } from "../support/database";
import { getPage, postForm, signIn, advanceServerClock } from "../support/http";
import { startServer, type RunningServer } from "../support/server";
import { formatUtcTime, toWallTime } from "../../common/time";

const DAY = 24 * 3600 * 1000;
let server: RunningServer;
let db: Db;
let databaseUrl = "";
let declarationId = "";
let actionPlanId = "";
/** How far the server's clock has been moved forward, carried across restarts. */
let offset = 0;
const cookies: Record<string, string> = {};
const USERS = {
  secretariat: "secretariat@icmpd.example",
  chair: "chair@turkiye.example",
  hunHead: "head@hungary.example",
  observer: "observer@iom.example",
} as const;

async function signInAll() {
  for (const [who, email] of Object.entries(USERS)) cookies[who] = await signIn(server.url, email);
}

async function advance(ms: number) {
  const body = await advanceServerClock(server.url, ms);
  offset += ms;
  // Sessions expire on the server's clock too.
  await signInAll();
  return body;
}

/** The secretariat (ICMPD) is in Vienna: it types deadlines on Vienna's clocks. */
const SECRETARIAT_ZONE = "Europe/Vienna";

/** The instant `ms` after the server's current time, to the minute (what a datetime-local field holds). */
function instantIn(ms: number) {
  return new Date(Math.floor((Date.now() + offset + ms) / 60_000) * 60_000);
}

/** A datetime-local value `ms` after the server's current time, as the secretariat types it. */
function inFuture(ms: number) {
  return toWallTime(instantIn(ms), SECRETARIAT_ZONE);
}

const lifecycle = (who: keyof typeof USERS, documentId: string, fields: Record<string, string>) =>
  postForm(server.url, `/documents/${documentId}/lifecycle`, fields, cookies[who]);

async function stageOf(documentId: string) {
  return (await db.document.findUniqueOrThrow({ where: { id: documentId } })).stage;
}

/** Reads the live notice stream until `event` arrives. */
async function nextLiveEvent(documentId: string, who: keyof typeof USERS, trigger: () => Promise<unknown>) {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/live/documents/${documentId}`, {
    headers: { cookie: cookies[who]! },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  await reader.read(); // "connected"
  await trigger();
  while (!text.includes("event: document")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  controller.abort();
  return text;
}

beforeAll(async () => {
  const database = freshDatabase();
  db = database.db;
  databaseUrl = database.url;
  server = await startServer(databaseUrl);
  await signInAll();
  declarationId = (await db.document.findFirstOrThrow({ where: { kind: "declaration" } })).id;
  actionPlanId = (await db.document.findFirstOrThrow({ where: { kind: "action_plan" } })).id;
});

afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

describe("stages with deadlines", () => {
  it("refuses stage moves to anyone but the secretariat, and moves that skip stages", async () => {
    const byChair = await lifecycle("chair", declarationId, { intent: "move", stage: "amendments_open", deadline: inFuture(2 * DAY) });
    expect(byChair.status).toBe(403);
    const skip = await lifecycle("secretariat", declarationId, { intent: "move", stage: "consolidation" });
    expect(skip.status).toBe(409);
    expect(await skip.text()).toContain("A document cannot move from “Drafting” to “Consolidation”.");
    const past = await lifecycle("secretariat", declarationId, { intent: "move", stage: "amendments_open", deadline: "2020-01-01T10:00" });
    expect(past.status).toBe(422);
    expect(await past.text()).toContain("The deadline must be in the future.");
    expect(await stageOf(declarationId)).toBe("drafting");
    // The stage page offers the move the loader names, with the deadline it asks for (the page compares no stage).
    const page = await (await getPage(server.url, `/documents/${declarationId}/lifecycle`, cookies.secretariat)).text();
    expect(page).toContain(">Open amendments</button>");
    expect(page).toContain(`Amendments close at (${SECRETARIAT_ZONE} time)`);
    expect(page).not.toContain("Close amendments now");
  });

  it("opens amendments until a deadline: audited, announced live, notified, shown in each reader's time zone", async () => {
    const due = instantIn(2 * DAY);
    const deadline = toWallTime(due, SECRETARIAT_ZONE);
    // Typed on Vienna's clocks, stored in UTC: not the same wall time.
    expect(deadline).not.toBe(due.toISOString().slice(0, 16));
    const stream = await nextLiveEvent(declarationId, "observer", async () => {
      const response = await lifecycle("secretariat", declarationId, { intent: "move", stage: "amendments_open", deadline });
      expect(response.status).toBe(200);
    });
    expect(stream).toContain(`event: document\ndata: {"documentId":"${declarationId}"}`);
    expect(await stageOf(declarationId)).toBe("amendments_open");

    const pending = await db.deadline.findFirstOrThrow({ where: { documentId: declarationId, firedAt: null, cancelledAt: null } });
    expect(pending.kind).toBe("amendments_close");
    expect(pending.dueAt.toISOString()).toBe(due.toISOString());
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { subjectId: declarationId, action: "document.setStage" },
      orderBy: { id: "desc" },
    });
    expect(audit.actorName).toBe("Elena Novak");
    expect(JSON.parse(audit.details)).toMatchObject({ from: "drafting", to: "amendments_open" });

    const utc = formatUtcTime(due);
    const hungary = await db.user.findUniqueOrThrow({ where: { email: USERS.hunHead } });
    const notice = await db.notification.findFirstOrThrow({ where: { userId: hungary.id, documentId: declarationId, kind: "stage" } });
    expect(notice.text).toBe(`BP/MC/2025/L.1: amendments are open until ${utc}.`);
    expect(await db.outboxEmail.count({ where: { toEmail: USERS.hunHead, subject: { contains: "amendments are open" } } })).toBe(1);

    const page = await (await getPage(server.url, `/documents/${declarationId}`, cookies.hunHead)).text();
    // One h1, the document's title in its header; the text rendered before the editor loads reads
    // as the editor does (italic opening words, paragraphs as keyboard stops).
    expect(page.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(page).toMatch(/<span class="opening-word">Recalling<\/span>/);
    expect(page).toMatch(/tabindex="0" role="group" aria-label="PP1, open"/);
    expect(page).toContain("Amendments close");
    expect(page).toContain("(Europe/Budapest)");
    expect(page).toContain(utc);
    const local = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Budapest",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(due);
    expect(page).toContain(`, ${local} (Europe/Budapest)`);
    const observerPage = await (await getPage(server.url, `/documents/${declarationId}`, cookies.observer)).text();
    expect(observerPage).toContain("(Europe/Zurich)");
  });

  it("lets the secretariat extend the deadline (audited, announced), and nobody else", async () => {
    const byChair = await lifecycle("chair", declarationId, { intent: "extend", deadline: inFuture(3 * DAY) });
    expect(byChair.status).toBe(403);
    const earlier = await lifecycle("secretariat", declarationId, { intent: "extend", deadline: inFuture(DAY) });
    expect(earlier.status).toBe(422);
    const due = instantIn(3 * DAY);
    const response = await lifecycle("secretariat", declarationId, { intent: "extend", deadline: toWallTime(due, SECRETARIAT_ZONE) });
    expect(response.status).toBe(200);
    const pending = await db.deadline.findFirstOrThrow({ where: { documentId: declarationId, firedAt: null, cancelledAt: null } });
    expect(pending.dueAt.toISOString()).toBe(due.toISOString());
    const audit = await db.auditEntry.findFirstOrThrow({ where: { subjectId: declarationId, action: "deadline.extend" } });
    expect(JSON.parse(audit.details).to).toBe(due.toISOString());
    const hungary = await db.user.findUniqueOrThrow({ where: { email: USERS.hunHead } });
    const notice = await db.notification.findFirstOrThrow({ where: { userId: hungary.id, kind: "stage" }, orderBy: { createdAt: "desc" } });
    expect(notice.text).toBe(`BP/MC/2025/L.1: the deadline for amendments is extended to ${formatUtcTime(due)}.`);
    // The form offers the pending deadline on the secretariat's clocks, and says which clocks.
    const form = await (await getPage(server.url, `/documents/${declarationId}/lifecycle`, cookies.secretariat)).text();
    expect(form).toContain(`Extend the deadline to (${SECRETARIAT_ZONE} time)`);
    expect(form).toContain(`value="${toWallTime(due, SECRETARIAT_ZONE)}"`);
    // Closing early asks for nothing more.
    expect(form).toContain(">Close amendments now</button>");
    expect(form).not.toContain("Amendments close at");
  });

  it("closes amendments at the deadline on the server's clock, not before", async () => {
    expect((await advance(2.5 * DAY)).fired).toBe(0);
    expect(await stageOf(declarationId)).toBe("amendments_open");
    const tabling = await db.deadline.count({ where: { documentId: declarationId, firedAt: null } });
    expect(tabling).toBe(1);
    expect((await advance(DAY)).fired).toBe(1);
    expect(await stageOf(declarationId)).toBe("consolidation");
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { subjectId: declarationId, action: "document.setStage" },
      orderBy: { id: "desc" },
    });
    expect(audit.actorName).toBe("system");
    expect(JSON.parse(audit.details)).toMatchObject({ from: "amendments_open", to: "consolidation", reason: "deadline" });
    // Fired once: a later sweep finds nothing.
    expect((await advance(0)).fired).toBe(0);
  });

  it("fires at start-up a deadline that passed while the server was stopped", async () => {
    const response = await lifecycle("secretariat", actionPlanId, { intent: "move", stage: "amendments_open", deadline: inFuture(DAY) });
    expect(response.status).toBe(200);
    expect(await server.stop()).toBe(0);
    offset += 2 * DAY;
    server = await startServer(databaseUrl, { TEST_CLOCK_OFFSET_MS: String(offset) });
    // No request has reached the new server: the start-up sweep already moved the stage.
    expect(await stageOf(actionPlanId)).toBe("consolidation");
    const deadline = await db.deadline.findFirstOrThrow({ where: { documentId: actionPlanId, kind: "amendments_close" } });
    expect(deadline.firedAt).not.toBeNull();
    await signInAll();
  });

  it("never fires one deadline twice when two server processes sweep at once", async () => {
    await db.document.update({ where: { id: actionPlanId }, data: { stage: "amendments_open" } });
    const deadline = await db.deadline.create({
      data: { documentId: actionPlanId, kind: "amendments_close", dueAt: new Date(Date.now() + offset + 3600_000) },
    });
    const before = await db.auditEntry.count({ where: { subjectId: actionPlanId, action: "document.setStage" } });
    const second = await startServer(databaseUrl, { TEST_CLOCK_OFFSET_MS: String(offset) });
    try {
      const sweep = (url: string) =>
        fetch(`${url}/__test/clock`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ advanceMs: 2 * 3600_000 }),
        }).then(async (response) => ((await response.json()) as { fired: number }).fired);
      const fired = await Promise.all([sweep(server.url), sweep(second.url)]);
      offset += 2 * 3600_000;
      expect(fired.reduce((sum, count) => sum + count, 0)).toBe(1);
    } finally {
      await second.stop();
    }
    expect(await db.auditEntry.count({ where: { subjectId: actionPlanId, action: "document.setStage" } })).toBe(before + 1);
    expect((await db.deadline.findUniqueOrThrow({ where: { id: deadline.id } })).firedAt).not.toBeNull();
    expect(await stageOf(actionPlanId)).toBe("consolidation");
  });

  it("reads deadlines in each participant's time zone, which the secretariat edits (IANA names only, audited)", async () => {
    const [hungary, secretariat] = await Promise.all([
      db.participant.findFirstOrThrow({ where: { code: "HUN" } }),
      db.participant.findFirstOrThrow({ where: { kind: "secretariat" } }),
    ]);
    const setZone = (who: keyof typeof USERS, participantId: string, timeZone: string) =>
      postForm(server.url, `/admin/participants/${participantId}`, { intent: "setTimeZone", timeZone }, cookies[who]);
    expect((await setZone("chair", hungary.id, "Asia/Tokyo")).status).toBe(403);
    for (const wrong of ["CET", "+01:00", "Mars/Olympus", "Europe/Vienna; DROP", ""]) {
      const refused = await setZone("secretariat", hungary.id, wrong);
      expect(refused.status, wrong).toBe(422);
      expect(await refused.text(), wrong).toMatch(/Enter a time zone name such as Europe\/Vienna|Required\./);
    }
    expect((await db.participant.findUniqueOrThrow({ where: { id: hungary.id } })).timeZone).toBe("Europe/Budapest");

    try {
      expect((await setZone("secretariat", hungary.id, "asia/tokyo")).status).toBe(200);
      expect((await db.participant.findUniqueOrThrow({ where: { id: hungary.id } })).timeZone).toBe("Asia/Tokyo");
      const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "participant.timeZone", subjectId: hungary.id } });
      expect(JSON.parse(audit.details)).toMatchObject({ before: "Europe/Budapest", after: "Asia/Tokyo" });
      // The secretariat moves to Karachi: what it types is now read on Karachi's clocks.
      expect((await setZone("secretariat", secretariat.id, "Asia/Karachi")).status).toBe(200);
      await db.document.update({ where: { id: actionPlanId }, data: { stage: "consolidation" } });
      const due = instantIn(5 * DAY);
      const opened = await lifecycle("secretariat", actionPlanId, {
        intent: "move",
        stage: "amendments_open",
        deadline: toWallTime(due, "Asia/Karachi"),
      });
      expect(opened.status).toBe(200);
      const pending = await db.deadline.findFirstOrThrow({ where: { documentId: actionPlanId, firedAt: null, cancelledAt: null } });
      expect(pending.dueAt.toISOString()).toBe(due.toISOString());
      // Hungary reads it on Tokyo's clocks, with UTC beside it.
      const page = await (await getPage(server.url, `/documents/${actionPlanId}`, cookies.hunHead)).text();
      const tokyo = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
      expect(page).toContain(`, ${tokyo.format(due)} (Asia/Tokyo)`);
      expect(page).toContain(formatUtcTime(due));
    } finally {
      await db.participant.update({ where: { id: hungary.id }, data: { timeZone: "Europe/Budapest" } });
      await db.participant.update({ where: { id: secretariat.id }, data: { timeZone: SECRETARIAT_ZONE } });
    }
  });
});
