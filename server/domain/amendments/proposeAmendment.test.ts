import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { block } from "../../../app/editor/documentModel";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { proposeAmendment } from "./proposeAmendment";
import { readDraft } from "./readDraft";

const { ctx, db, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

/** A document at the stage with its live text: the title, an operative paragraph "block-1" and an agreed one "block-2". */
async function documentWithText(stage: Parameters<typeof make.document>[1] = "amendments_open") {
  const document = await make.document(processId, stage);
  await make.text(document.id, [
    block("title", "Istanbul Commitments", { id: "title" }),
    block("operative", "We agree to cooperate.", { id: "block-1" }),
    block("operative", "We welcome the process.", { id: "block-2", status: "agreed" }),
  ]);
  return document;
}

const draftsOf = (documentId: string) => db.amendment.findMany({ where: { documentId } });

describe("proposeAmendment", () => {
  it("opens a draft for the delegation, its room starting from the target's wording, announced and audited", async () => {
    const delegate = await make.user(processId, "delegate");
    const document = await documentWithText();
    const announced: string[] = [];
    ctx.events.on("amendment.changed", (event) => announced.push(event.amendmentId));
    const amendment = await proposeAmendment(ctx, delegate, { documentId: document.id, targetBlockId: "block-1", operation: "replace" });
    expect(await db.amendment.findUniqueOrThrow({ where: { id: amendment.id } })).toMatchObject({
      documentId: document.id,
      participantId: delegate.participantId,
      targetBlockId: "block-1",
      operation: "replace",
      status: "draft",
      tabledAt: null,
      createdById: delegate.userId,
    });
    expect((await readDraft(ctx, amendment.id)).proposedText).toBe("We agree to cooperate.");
    expect(announced).toEqual([amendment.id]);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "amendment.draft", subjectId: amendment.id } });
    expect(JSON.parse(entry.details)).toEqual({ document: document.symbol, target: "OP1", operation: "replace" });

    // Inserting starts from an empty paragraph, deleting from nothing.
    const insert = await proposeAmendment(ctx, delegate, { documentId: document.id, targetBlockId: "block-1", operation: "insert_after" });
    const removal = await proposeAmendment(ctx, delegate, { documentId: document.id, targetBlockId: "block-1", operation: "delete" });
    expect([(await readDraft(ctx, insert.id)).content.length, (await readDraft(ctx, removal.id)).content.length]).toEqual([1, 0]);
  });

  it("refuses observers and the secretariat, with the reason", async () => {
    const document = await documentWithText();
    for (const role of ["observer", "secretariat"] as const) {
      const actor = await make.user(processId, role);
      expect(
        await refusal(() => proposeAmendment(ctx, actor, { documentId: document.id, targetBlockId: "block-1", operation: "replace" })),
      ).toEqual({
        status: 403,
        message: "Only the delegations of participating states propose amendments.",
      });
    }
    expect(await draftsOf(document.id)).toEqual([]);
  });

  it("refuses an unknown operation, a missing target, an agreed paragraph and deleting the title, storing nothing", async () => {
    const head = await make.user(processId, "head");
    const document = await documentWithText();
    const propose = (targetBlockId: string, operation: string) =>
      proposeAmendment(ctx, head, { documentId: document.id, targetBlockId, operation: operation as "replace" });
    await expect(propose("block-1", "rewrite")).rejects.toMatchObject({
      status: 422,
      fieldErrors: { operation: "Choose replace, insert after, delete or alternative." },
    });
    await expect(propose("", "replace")).rejects.toMatchObject({ status: 422, fieldErrors: { targetBlockId: "Choose a paragraph." } });
    await expect(propose("block-9", "replace")).rejects.toMatchObject({
      status: 422,
      fieldErrors: { targetBlockId: "No such paragraph in the current text." },
    });
    expect(await refusal(() => propose("block-2", "replace"))).toEqual({
      status: 409,
      message: "OP2 is agreed: it takes no amendments unless the Chair reopens it.",
    });
    expect(await refusal(() => propose("title", "delete"))).toEqual({
      status: 422,
      message: "The title cannot be deleted. Propose a replacement instead.",
    });
    expect(await draftsOf(document.id)).toEqual([]);
  });

  it("answers not found for an unknown document and another process's document", async () => {
    const head = await make.user(processId, "head");
    const elsewhere = await make.document((await make.process()).id, "amendments_open");
    for (const documentId of ["no-such-document", elsewhere.id])
      expect(await refusal(() => proposeAmendment(ctx, head, { documentId, targetBlockId: "block-1", operation: "replace" }))).toEqual({
        status: 404,
        message: "Document not found.",
      });
    expect(await draftsOf(elsewhere.id)).toEqual([]);
  });

  it("drafts at any open stage, and none once the text is adopted or published", async () => {
    const head = await make.user(processId, "head");
    const drafting = await documentWithText("drafting");
    await proposeAmendment(ctx, head, { documentId: drafting.id, targetBlockId: "block-1", operation: "replace" });
    for (const stage of ["adopted", "published"] as const) {
      const closed = await documentWithText(stage);
      expect(
        await refusal(() => proposeAmendment(ctx, head, { documentId: closed.id, targetBlockId: "block-1", operation: "replace" })),
      ).toEqual({
        status: 409,
        message: `This document is ${stage}: its text, amendments and comments are closed.`,
      });
      expect(await draftsOf(closed.id)).toEqual([]);
    }
  });
});
