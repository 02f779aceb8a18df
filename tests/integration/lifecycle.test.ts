import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client";
import { createDb } from "../../server/db/client";
import { issueVersion } from "../../server/domain/versions/issueVersion";
import { domainHarness } from "../support/domain";
import { getPage, postForm, signIn, advanceServerClock } from "../support/http";
import { startServer, type RunningServer } from "../support/server";
import { TMP } from "../support/paths";
import { rawDatabase } from "../support/rawDatabase";
import { validateAkn } from "../support/akn";
import { escapeHtml } from "../../server/exports/html";

const DAY = 24 * 3600 * 1000;
let server: RunningServer;
let db: Db;
let declarationId = "";
let actionPlanId = "";
let offset = 0;
let dbUrl = "";
const cookies: Record<string, string> = {};
const USERS = {
  secretariat: "secretariat@icmpd.example",
  chair: "chair@turkiye.example",
  cochair: "cochair@hungary.example",
  pakHead: "head@pakistan.example",
  pakDelegate: "delegate@pakistan.example",
  iraqHead: "head@iraq.example",
  observer: "observer@iom.example",
} as const;
type Who = keyof typeof USERS;

async function signInAll() {
  for (const [who, email] of Object.entries(USERS)) cookies[who] = await signIn(server.url, email);
}

async function advance(ms: number) {
  const { fired } = await advanceServerClock(server.url, ms);
  offset += ms;
  await signInAll();
  return fired;
}

const inFuture = (ms: number) => new Date(Date.now() + offset + ms).toISOString().slice(0, 16);
const lifecycle = (who: Who, documentId: string, fields: Record<string, string>) =>
  postForm(server.url, `/documents/${documentId}/lifecycle`, fields, cookies[who]);
const stageOf = async (documentId: string) => (await db.document.findUniqueOrThrow({ where: { id: documentId } })).stage;
const latestVersion = (documentId: string) => db.version.findFirstOrThrow({ where: { documentId }, orderBy: { sequence: "desc" } });

beforeAll(async () => {
  // Versions are issued by the chair in the domain, before the server starts on the same file.
  const harness = domainHarness();
  const chair = await harness.actor(USERS.chair);
  declarationId = (await harness.db.document.findFirstOrThrow({ where: { kind: "declaration" } })).id;
  actionPlanId = (await harness.db.document.findFirstOrThrow({ where: { kind: "action_plan" } })).id;
  await harness.db.document.updateMany({ data: { stage: "consolidation" } });
  await issueVersion(harness.ctx, chair, { documentId: declarationId });
  await issueVersion(harness.ctx, chair, { documentId: declarationId });
  await issueVersion(harness.ctx, chair, { documentId: actionPlanId });
  dbUrl = harness.url;
  await harness.close();
  db = createDb(dbUrl);
  server = await startServer(dbUrl);
  await signInAll();
});

afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

describe("the silence procedure", () => {
  it("is started by the chair or the secretariat only, on the latest version, until a deadline", async () => {
    const rev1 = await latestVersion(declarationId);
    expect(rev1.label).toBe("Rev.1");
    expect((await lifecycle("pakHead", declarationId, { intent: "silence", versionId: rev1.id, deadline: inFuture(2 * DAY) })).status).toBe(
      403,
    );
    const zero = await db.version.findFirstOrThrow({ where: { documentId: declarationId, sequence: 0 } });
    const stale = await lifecycle("chair", declarationId, { intent: "silence", versionId: zero.id, deadline: inFuture(2 * DAY) });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Only the latest version (Rev.1) can go under silence.");
    const response = await lifecycle("chair", declarationId, { intent: "silence", versionId: rev1.id, deadline: inFuture(2 * DAY) });
    expect(response.status).toBe(200);
    expect(await stageOf(declarationId)).toBe("silence_procedure");
    const silence = await db.silenceProcedure.findFirstOrThrow({ where: { documentId: declarationId } });
    expect(silence).toMatchObject({ versionId: rev1.id, outcome: "open" });
    const page = await (await getPage(server.url, `/documents/${declarationId}/lifecycle`, cookies.pakHead)).text();
    expect(page).toContain("is under the silence procedure");
    expect(page).toContain("Break silence");
    // Observers and delegates read it, without the objection form.
    const observerPage = await (await getPage(server.url, `/documents/${declarationId}/lifecycle`, cookies.observer)).text();
    expect(observerPage).toContain("is under the silence procedure");
    expect(observerPage).not.toContain("Break silence</button>");
    // The secretariat is offered no adoption at a meeting while silence runs, and is told why; posted anyway, it is refused.
    const secretariatPage = await (await getPage(server.url, `/documents/${declarationId}/lifecycle`, cookies.secretariat)).text();
    expect(secretariatPage).not.toContain("Record adoption at a meeting");
    expect(secretariatPage).toContain("A meeting&#x27;s adoption can be recorded once the procedure has ended");
    const adopt = await lifecycle("secretariat", declarationId, {
      intent: "adopt",
      versionId: rev1.id,
      meetingDate: "2026-11-20",
      meetingPlace: "Istanbul",
    });
    expect(adopt.status).toBe(409);
    expect(await adopt.text()).toContain("A silence procedure on Rev.1 is running until");
    expect(await stageOf(declarationId)).toBe("silence_procedure");
  });

  it("refuses an objection from an observer, a delegate, a co-chair who is not head, and an empty one", async () => {
    for (const who of ["observer", "pakDelegate", "cochair", "secretariat"] as const) {
      const response = await lifecycle(who, declarationId, { intent: "object", objection: "We object." });
      expect(response.status, who).toBe(403);
      expect(await response.text()).toContain(
        who === "secretariat" ? "Only the head of delegation of a participating state may break silence." : "may break silence",
      );
    }
    const empty = await lifecycle("pakHead", declarationId, { intent: "object", objection: "   " });
    expect(empty.status).toBe(422);
    expect(await stageOf(declarationId)).toBe("silence_procedure");
    expect(await db.silenceObjection.count()).toBe(0);
  });

  it("is broken by one state's written objection: back to consolidation, recorded, shown to all, audited", async () => {
    const objection = "Pakistan cannot join consensus on OP3 as drafted.";
    const response = await lifecycle("pakHead", declarationId, { intent: "object", objection });
    expect(response.status).toBe(200);
    expect(await stageOf(declarationId)).toBe("consolidation");
    const silence = await db.silenceProcedure.findFirstOrThrow({ where: { documentId: declarationId } });
    expect(silence.outcome).toBe("broken");
    const deadline = await db.deadline.findUniqueOrThrow({ where: { id: silence.deadlineId } });
    expect(deadline.cancelledAt).not.toBeNull();
    expect(deadline.firedAt).toBeNull();
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "silence.break" } });
    expect(audit.actorName).toBe("Ayesha Khan");
    expect(audit.participantName).toBe("Pakistan");
    expect(JSON.parse(audit.details).objection).toBe(objection);
    for (const who of ["observer", "iraqHead", "secretariat"] as const) {
      const page = await (await getPage(server.url, `/documents/${declarationId}/lifecycle`, cookies[who])).text();
      expect(page, who).toContain(objection);
      expect(page, who).toContain("<strong>Pakistan</strong> broke silence");
    }
    const iraq = await db.user.findUniqueOrThrow({ where: { email: USERS.iraqHead } });
    const notice = await db.notification.findFirstOrThrow({ where: { userId: iraq.id, kind: "stage" }, orderBy: { createdAt: "desc" } });
    expect(notice.text).toBe(`BP/MC/2025/L.1: Pakistan broke silence on Rev.1: “${objection}” The text returns to consolidation.`);
    // The silence deadline passing later changes nothing.
    expect(await advance(3 * DAY)).toBe(0);
    expect(await stageOf(declarationId)).toBe("consolidation");
  });

  it("adopts the version automatically when the deadline passes without objection, and refuses a late objection", async () => {
    const rev1 = await latestVersion(declarationId);
    expect((await lifecycle("secretariat", declarationId, { intent: "silence", versionId: rev1.id, deadline: inFuture(DAY) })).status).toBe(
      200,
    );
    expect(await advance(DAY / 2)).toBe(0);
    expect(await stageOf(declarationId)).toBe("silence_procedure");
    expect(await advance(DAY)).toBe(1);
    expect(await stageOf(declarationId)).toBe("adopted");
    const adoption = await db.adoption.findUniqueOrThrow({ where: { versionId: rev1.id } });
    expect(adoption.method).toBe("silence");
    expect(adoption.recordedById).toBeNull();
    const late = await lifecycle("iraqHead", declarationId, { intent: "object", objection: "Too late?" });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain("This text is not under the silence procedure.");
    const page = await (await getPage(server.url, `/documents/${declarationId}/lifecycle`, cookies.observer)).text();
    expect(page.replace(/<!-- -->/g, "")).toContain("<strong>Rev.1</strong>: Adopted under the silence procedure on");
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "document.adopt", subjectId: declarationId } });
    expect(audit.actorName).toBe("system");
  });
});

describe("adoption at a meeting", () => {
  it("is recorded by the secretariat with date and place, and by nobody else", async () => {
    const zero = await latestVersion(actionPlanId);
    const fields = { intent: "adopt", versionId: zero.id, meetingDate: "2026-11-20", meetingPlace: "Istanbul" };
    expect((await lifecycle("chair", actionPlanId, fields)).status).toBe(403);
    const future = await lifecycle("secretariat", actionPlanId, { ...fields, meetingDate: "2099-01-01" });
    expect(future.status).toBe(409);
    const response = await lifecycle("secretariat", actionPlanId, fields);
    expect(response.status).toBe(200);
    expect(await stageOf(actionPlanId)).toBe("adopted");
    const adoption = await db.adoption.findUniqueOrThrow({ where: { versionId: zero.id } });
    expect(adoption).toMatchObject({ method: "meeting", meetingDate: "2026-11-20", meetingPlace: "Istanbul" });
    expect(await (await getPage(server.url, `/documents/${actionPlanId}/lifecycle`, cookies.pakHead)).text()).toContain(
      "Adopted at a meeting in Istanbul on 20 November 2026.",
    );
    expect(await db.auditEntry.count({ where: { action: "document.adopt", subjectId: actionPlanId, actorName: "Elena Novak" } })).toBe(1);
  });
});

describe("publication", () => {
  const publicUrl = () => `${server.url}/p/budapest-process/BP-MC-2025-L.1`;

  it("is the secretariat's, only for an adopted text", async () => {
    expect((await fetch(publicUrl())).status).toBe(404);
    expect((await lifecycle("chair", declarationId, { intent: "publish" })).status).toBe(403);
    const response = await lifecycle("secretariat", declarationId, { intent: "publish" });
    expect(response.status).toBe(200);
    expect(await stageOf(declarationId)).toBe("published");
    expect((await lifecycle("secretariat", declarationId, { intent: "publish" })).status).toBe(409);
  });

  it("is readable signed out at a stable address, with its hash and adoption record, listed on the public index", async () => {
    const rev1 = await latestVersion(declarationId);
    const response = await fetch(publicUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(rev1.contentHash);
    expect(html).toMatch(/Adopted under the silence procedure on \d{4}-\d\d-\d\d \d\d:\d\d UTC, no objection having been raised\./);
    const blocks = await db.versionBlock.findMany({ where: { versionId: rev1.id }, orderBy: { position: "asc" } });
    const words = html.replace(/<[^>]+>/g, "");
    for (const block of blocks) expect(words).toContain(escapeHtml(block.text));
    // As adopted: the opening word of each PP and OP in italics, and the bracketed OP2 between its brackets.
    const op2 = blocks.find((block) => block.number === "OP2")!;
    expect(op2.status).toBe("bracketed");
    expect(html).toContain("<em>Recalling</em> that the Budapest Process");
    expect(html).toContain(
      `<span class="bracket">[</span><em>Comprehensive</em> ${escapeHtml(op2.text.slice("Comprehensive ".length))}<span class="bracket">]</span>`,
    );
    expect(words).toContain(`[${escapeHtml(op2.text)}]`);
    // Nothing private: no email address, no delegation's draft, no comment.
    expect(html).not.toMatch(/@[a-z]+\.example/);
    const index = await (await fetch(`${server.url}/p`)).text();
    expect(index).toContain('<a href="/p/budapest-process/BP-MC-2025-L.1">BP/MC/2025/L.1</a>');
    expect(index).toContain("Rev.1");
    expect(index).not.toContain("BP/MC/2025/L.2");
  });

  it("offers downloads to anyone: DOCX, PDF, HTML and Akoma Ntoso with file names from the symbol and version", async () => {
    const docx = await fetch(`${publicUrl()}/docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(docx.headers.get("content-disposition")).toContain('filename="BP-MC-2025-L.1-Rev.1.docx"');
    const xml = await (await JSZip.loadAsync(Buffer.from(await docx.arrayBuffer()))).file("word/document.xml")!.async("string");
    expect(xml).toContain(">OP1<");
    const akn = await fetch(`${publicUrl()}/akn`);
    expect(akn.headers.get("content-type")).toBe("application/akn+xml; charset=utf-8");
    const aknXml = await akn.text();
    expect((await validateAkn(aknXml)).errors).toEqual([]);
    expect(aknXml).toContain('<eventRef eId="evt_3"'); // Zero draft, Rev.1, adoption…
    const pdf = await fetch(`${publicUrl()}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toContain('filename="BP-MC-2025-L.1-Rev.1.pdf"');
    const file = path.join(TMP, "published.pdf");
    fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    expect(execFileSync("pdftotext", [file, "-"], { encoding: "utf8" })).toContain("Budapest Process");
    expect((await fetch(`${server.url}/p/budapest-process/BP-MC-2025-L.1/exe`)).status).toBe(400);
    expect((await fetch(`${server.url}/p/budapest-process/nothing-here/docx`)).status).toBe(404);
    const missing = await fetch(`${server.url}/p/budapest-process/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await missing.text()).toBe("No published text at this address.");
  });

  it("is immutable: the domain refuses changes and the database triggers refuse updates and deletions", async () => {
    const publication = await db.publication.findUniqueOrThrow({ where: { documentId: declarationId } });
    const document = await db.document.findUniqueOrThrow({ where: { id: declarationId } });
    const settings = await postForm(
      server.url,
      `/documents/${declarationId}/settings`,
      { title: "Changed", symbol: document.symbol, language: "en", stage: "published" },
      cookies.secretariat,
    );
    expect(settings.status).toBe(409);
    const reopen = await postForm(
      server.url,
      `/documents/${declarationId}/settings`,
      { intent: "reopen", stage: "consolidation", reason: "Try to reopen a published text." },
      cookies.secretariat,
    );
    expect(reopen.status).toBe(409);
    // Straight at the database, as any other client would: the triggers refuse, with their reason.
    const raw = rawDatabase(dbUrl);
    try {
      const attempts: [string, RegExp][] = [
        [`UPDATE "Publication" SET "contentHash" = 'forged' WHERE "id" = '${publication.id}'`, /A published text is immutable/],
        [`DELETE FROM "Publication" WHERE "id" = '${publication.id}'`, /A published text is immutable/],
        [`UPDATE "Version" SET "note" = 'edited' WHERE "id" = '${publication.versionId}'`, /Version is immutable/],
        [`UPDATE "VersionBlock" SET "text" = 'edited' WHERE "versionId" = '${publication.versionId}'`, /Version is immutable/],
        [`DELETE FROM "Adoption" WHERE "versionId" = '${publication.versionId}'`, /Adoption records are immutable/],
        [`UPDATE "Document" SET "title" = 'Edited' WHERE "id" = '${declarationId}'`, /A published text is immutable/],
        [`UPDATE "Document" SET "stage" = 'consolidation' WHERE "id" = '${declarationId}'`, /A published text is immutable/],
        [`DELETE FROM "SilenceObjection"`, /Objections are append-only/],
      ];
      for (const [sql, reason] of attempts) await expect(raw.execute(sql), sql).rejects.toThrow(reason);
    } finally {
      await raw.close();
    }
    await expect(db.publication.update({ where: { id: publication.id }, data: { contentHash: "0".repeat(64) } })).rejects.toThrow();
    expect((await db.document.findUniqueOrThrow({ where: { id: declarationId } })).title).toBe(document.title);
    // The public page still shows what was published, with the same hash.
    expect(await (await fetch(publicUrl())).text()).toContain(publication.contentHash);
  });
});

describe("member downloads", () => {
  it("serves any version and the compilation to members only, with the right types and names", async () => {
    const zero = await latestVersion(actionPlanId);
    const url = `/documents/${actionPlanId}/export/docx?version=${zero.id}`;
    const signedOut = await getPage(server.url, url);
    expect(signedOut.status).toBe(302);
    const response = await getPage(server.url, url, cookies.observer);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain('filename="BP-MC-2025-L.2-Zero-draft.docx"');
    const compilation = await getPage(server.url, `/documents/${actionPlanId}/compilation/export/akn`, cookies.pakDelegate);
    expect(compilation.status).toBe(200);
    expect(compilation.headers.get("content-disposition")).toContain('filename="BP-MC-2025-L.2-compilation.akn.xml"');
    expect((await validateAkn(await compilation.text())).errors).toEqual([]);
    const other = await getPage(server.url, `/documents/${declarationId}/export/docx?version=${zero.id}`, cookies.observer);
    expect(other.status).toBe(404);
  });
});
