import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { block } from "../../../app/editor/documentModel";
import { YJS_FIELD } from "../../../app/editor/ydocFields";
import { draftRoom } from "../../../common/collab";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { proposeAmendment } from "./proposeAmendment";
import { tableAmendment } from "./tableAmendment";

// In process, on a real migrated SQLite file (tests/factories.ts): the draft room is a real Y.Doc.
// Rooms stay loaded for the file: an idle room's unload compacts it on another SQLite connection,
// which can make a Prisma transaction running at that moment fail with "database is locked".
const { ctx, db, make, close } = domainUnderTest({ liveDocuments: { idleUnloadMs: 60_000 } });
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

async function openDocument() {
  const document = await make.document(processId, "amendments_open");
  await make.text(document.id);
  return document;
}

describe("proposeAmendment", () => {
  it("opens a draft in the delegation's space, seeded with the target's wording, audited", async () => {
    const delegate = await make.user(processId, "delegate");
    const document = await openDocument();
    const amendment = await proposeAmendment(ctx, delegate, { documentId: document.id, targetBlockId: "block-1", operation: "replace" });
    expect(amendment).toMatchObject({ status: "draft", participantId: delegate.participantId, createdById: delegate.userId });
    const draftText = await ctx.liveDocuments.read(draftRoom(amendment.id), (doc) => doc.getXmlFragment(YJS_FIELD).toString());
    expect(draftText).toContain("We agree to cooperate.");
    const audit = await db.auditEntry.findFirstOrThrow({ where: { subjectId: amendment.id } });
    expect(audit.action).toBe("amendment.draft");
    expect(JSON.parse(audit.details)).toMatchObject({ document: document.symbol, operation: "replace" });
  });

  it("refuses an observer, the secretariat, a missing paragraph, deleting the title and a closed text, creating nothing", async () => {
    const document = await make.document(processId, "amendments_open");
    await make.text(document.id, [block("title", "Declaration", { id: "title-1" }), block("operative", "We agree.", { id: "block-1" })]);
    const delegate = await make.user(processId, "delegate");
    const input = { documentId: document.id, targetBlockId: "block-1", operation: "replace" as const };
    const observer = await make.user(processId, "observer");
    const secretariat = await make.user(processId, "secretariat");
    expect(await refusal(() => proposeAmendment(ctx, observer, input))).toMatchObject({ status: 403 });
    expect(await refusal(() => proposeAmendment(ctx, secretariat, input))).toMatchObject({ status: 403 });
    expect(await refusal(() => proposeAmendment(ctx, delegate, { ...input, targetBlockId: "gone" }))).toEqual({
      status: 422,
      message: "The paragraph this amendment targets is no longer in the text. Propose an amendment to the current text.",
    });
    expect(await refusal(() => proposeAmendment(ctx, delegate, { ...input, targetBlockId: "title-1", operation: "delete" }))).toEqual({
      status: 422,
      message: "The title cannot be deleted. Propose a replacement instead.",
    });
    const adopted = await make.document(processId, "adopted");
    expect(await refusal(() => proposeAmendment(ctx, delegate, { ...input, documentId: adopted.id }))).toMatchObject({ status: 409 });
    expect(await db.amendment.count({ where: { documentId: { in: [document.id, adopted.id] } } })).toBe(0);
  });
});

describe("tableAmendment", () => {
  it("freezes the draft into revision 1 with its base text and diff, and a changed draft into revision 2", async () => {
    const head = await make.user(processId, "head");
    const document = await openDocument();
    const amendment = await proposeAmendment(ctx, head, { documentId: document.id, targetBlockId: "block-1", operation: "replace" });
    await make.draft(amendment.id, "We agree to cooperate closely.", "Closer ties.");
    const first = await tableAmendment(ctx, head, { amendmentId: amendment.id });
    expect(first).toMatchObject({
      number: 1,
      baseText: "We agree to cooperate.",
      proposedText: "We agree to cooperate closely.",
      justification: "Closer ties.",
      tabledById: head.userId,
    });
    expect(JSON.parse(first.diffJson)).toEqual([
      { kind: "same", text: "We agree to cooperate " },
      { kind: "inserted", text: "closely" },
      { kind: "same", text: "." },
    ]);
    const stored = await db.amendment.findUniqueOrThrow({ where: { id: amendment.id } });
    expect(stored.status).toBe("tabled");
    expect(stored.tabledAt).not.toBeNull();

    await make.draft(amendment.id, "We agree to cooperate very closely.", "Closer ties.");
    expect((await tableAmendment(ctx, head, { amendmentId: amendment.id })).number).toBe(2);
    // Tabling again with nothing changed is refused, and adds no revision.
    expect(await refusal(() => tableAmendment(ctx, head, { amendmentId: amendment.id }))).toEqual({
      status: 409,
      message: "Nothing changed since the last tabled revision.",
    });
    expect(await db.amendmentRevision.count({ where: { amendmentId: amendment.id } })).toBe(2);
    const audits = await db.auditEntry.findMany({ where: { subjectId: amendment.id }, orderBy: { id: "asc" } });
    expect(audits.map((entry) => entry.action)).toEqual(["amendment.draft", "amendment.table", "amendment.revise"]);
  });

  it("refuses a delegate, an empty or over-long wording, and tabling outside Amendments open, leaving the draft a draft", async () => {
    const head = await make.user(processId, "head");
    const delegate = await make.user(processId, "delegate", head.participantId);
    const document = await openDocument();
    const amendment = await proposeAmendment(ctx, delegate, { documentId: document.id, targetBlockId: "block-1", operation: "replace" });
    expect(await refusal(() => tableAmendment(ctx, delegate, { amendmentId: amendment.id }))).toMatchObject({ status: 403 });

    await make.draft(amendment.id, "   ");
    expect(await refusal(() => tableAmendment(ctx, head, { amendmentId: amendment.id }))).toEqual({
      status: 422,
      message: "The proposed wording is empty. Write the wording before tabling.",
    });
    await make.draft(amendment.id, "x".repeat(20_001));
    expect((await refusal(() => tableAmendment(ctx, head, { amendmentId: amendment.id })))?.message).toMatch(
      /^The proposed wording is too long: 20,001 characters, at most [\d,]+ characters\. Shorten it in the drafting space; your draft is kept\.$/,
    );

    await make.draft(amendment.id, "We agree to cooperate closely.");
    await db.document.update({ where: { id: document.id }, data: { stage: "consolidation" } });
    expect(await refusal(() => tableAmendment(ctx, head, { amendmentId: amendment.id }))).toMatchObject({ status: 409 });
    expect((await db.amendment.findUniqueOrThrow({ where: { id: amendment.id } })).status).toBe("draft");
    expect(await db.amendmentRevision.count({ where: { amendmentId: amendment.id } })).toBe(0);
  });

  it("keeps another delegation's draft out of sight: 404", async () => {
    const head = await make.user(processId, "head");
    const otherHead = await make.user(processId, "head");
    const document = await openDocument();
    const amendment = await proposeAmendment(ctx, head, { documentId: document.id, targetBlockId: "block-1", operation: "replace" });
    expect(await refusal(() => tableAmendment(ctx, otherHead, { amendmentId: amendment.id }))).toMatchObject({ status: 404 });
  });
});
