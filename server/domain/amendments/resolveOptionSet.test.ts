import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOptions } from "../../../app/editor/options";
import { blockText, findBlock } from "../../../app/editor/yBlocks";
import { documentRoom } from "../../../common/collab";
import { domainUnderTest, refusal, TWO_PARAGRAPHS } from "../../../tests/factories";
import type { Actor } from "../../policies";
import { decideAmendment } from "./decideAmendment";
import { reopenDecision } from "./reopenDecision";
import { RESOLVE_OPTIONS, chosenOption, resolveOptionSet } from "./resolveOptionSet";

// The chair resolving an option set (docs/decisions/081), in process on a real database with the
// live text as a real Y.Doc: the paragraph takes the chosen option, the set goes, recorded as a
// reopenable decision, audited and notified; every refusal leaves the text and the set as they were.
// Rooms stay loaded for the file (see decideAmendment.test.ts).
const { ctx, db, make, close } = domainUnderTest({ liveDocuments: { idleUnloadMs: 60_000 } });
let processId = "";
let chair: Actor;
beforeAll(async () => ({ processId, chair } = await make.chairedProcess()));
afterAll(close);

const ALTERNATIVE = "We agree to cooperate, where appropriate.";

/**
 * A document in consolidation whose paragraph "block-1" holds an option set: Option A the current
 * text, Option B a head's accepted alternative. "block-2" has no options.
 */
async function withOptionSet() {
  const document = await make.document(processId, "amendments_open");
  await make.text(document.id, TWO_PARAGRAPHS);
  const head = await make.user(processId, "head");
  const amendment = await make.tabled(document.id, head, { operation: "alternative", wording: ALTERNATIVE });
  await db.document.update({ where: { id: document.id }, data: { stage: "consolidation" } });
  await decideAmendment(ctx, chair, { amendmentId: amendment.id, decision: "accept" });
  return { document, head, amendment };
}

const paragraph = (documentId: string, blockId = "block-1") =>
  ctx.liveDocuments.read(documentRoom(documentId), (doc) => {
    const found = findBlock(doc, blockId)!;
    return {
      text: blockText(found.element),
      options: parseOptions((found.element.getAttribute("options") as string | undefined) ?? null).map((option) => option.key),
    };
  });
const resolutions = (documentId: string) => db.amendmentDecision.count({ where: { documentId, kind: RESOLVE_OPTIONS } });

describe("resolveOptionSet", () => {
  it("gives the paragraph the chosen option's wording and drops the set: a decision, an audit entry, a notice; reopening brings the set back", async () => {
    const { document, head, amendment } = await withOptionSet();
    expect(await paragraph(document.id)).toEqual({ text: "We agree to cooperate.", options: ["A", "B"] });

    const resolved = await resolveOptionSet(ctx, chair, {
      documentId: document.id,
      blockId: "block-1",
      option: "B",
      reason: "Closer to consensus.",
    });
    expect(await paragraph(document.id)).toEqual({ text: ALTERNATIVE, options: [] });
    expect(resolved.chosen).toMatchObject({ key: "B", text: ALTERNATIVE, amendmentId: amendment.id });

    const decision = await db.amendmentDecision.findUniqueOrThrow({ where: { id: resolved.decision.id } });
    expect(decision).toMatchObject({
      kind: RESOLVE_OPTIONS,
      wording: ALTERNATIVE,
      reason: "Closer to consensus.",
      decidedById: chair.userId,
    });
    expect(JSON.parse(decision.amendmentIds)).toEqual([amendment.id]);
    // Compare reads the chosen option back from the decision (docs/decisions/140).
    expect(chosenOption(decision.effects, decision.wording)).toMatchObject({ key: "B", text: ALTERNATIVE, amendmentId: amendment.id });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { subjectId: document.id, action: "block.resolveOptions" } });
    expect(audit.actorUserId).toBe(chair.userId);
    expect(JSON.parse(audit.details)).toMatchObject({ decisionId: decision.id, blockId: "block-1", option: "B", wording: ALTERNATIVE });
    const notices = await db.notification.findMany({ where: { documentId: document.id, kind: "amendment.decision", userId: head.userId } });
    expect(notices.map((notice) => notice.text)).toContainEqual(expect.stringContaining("resolved the options"));

    await reopenDecision(ctx, chair, { decisionId: decision.id });
    expect(await paragraph(document.id)).toEqual({ text: "We agree to cooperate.", options: ["A", "B"] });
  });

  it("keeping Option A keeps the paragraph's words and drops the set", async () => {
    const { document } = await withOptionSet();
    const { decision } = await resolveOptionSet(ctx, chair, { documentId: document.id, blockId: "block-1", option: "A" });
    expect(await paragraph(document.id)).toEqual({ text: "We agree to cooperate.", options: [] });
    expect(await resolutions(document.id)).toBe(1);
    expect(chosenOption(decision.effects, decision.wording)).toMatchObject({ key: "A", attribution: "Current text" });
  });

  it("refuses anyone but the chair, an option the set lacks, a paragraph without a set, unknown ids: the set and the text stay", async () => {
    const { document, head } = await withOptionSet();
    const secretariat = await make.user(processId, "secretariat");
    const resolve = (actor: Actor, input: { documentId?: string; blockId?: string; option?: string }) =>
      refusal(() => resolveOptionSet(ctx, actor, { documentId: document.id, blockId: "block-1", option: "B", ...input }));

    for (const actor of [head, secretariat])
      expect(await resolve(actor, {})).toEqual({ status: 403, message: "Only the Chair and the Co-Chair resolve an option set." });
    expect(await resolve(chair, { option: "C" })).toEqual({ status: 422, message: "Choose one of the options (A, B)." });
    expect(await resolve(chair, { option: "Z" })).toMatchObject({ status: 422 });
    expect(await resolve(chair, { blockId: "block-2" })).toEqual({
      status: 409,
      message: "This paragraph has no options to resolve (they may have just been resolved). Reload the page.",
    });
    expect(await resolve(chair, { blockId: "no-such-block" })).toEqual({
      status: 404,
      message: "That paragraph is no longer in the text.",
    });
    expect(await resolve(chair, { documentId: "no-such-document" })).toEqual({ status: 404, message: "Document not found." });

    expect(await paragraph(document.id)).toEqual({ text: "We agree to cooperate.", options: ["A", "B"] });
    expect(await resolutions(document.id)).toBe(0);
    expect(await db.auditEntry.count({ where: { subjectId: document.id, action: "block.resolveOptions" } })).toBe(0);
  });

  it("refuses an agreed paragraph and a document past the deciding stages", async () => {
    const { document } = await withOptionSet();
    await ctx.liveDocuments.change(documentRoom(document.id), (doc) => findBlock(doc, "block-1")!.element.setAttribute("status", "agreed"));
    const resolve = () => refusal(() => resolveOptionSet(ctx, chair, { documentId: document.id, blockId: "block-1", option: "B" }));
    expect(await resolve()).toEqual({
      status: 409,
      message: "The paragraph is agreed. Reopen it (set its status back) before resolving its options.",
    });
    await ctx.liveDocuments.change(documentRoom(document.id), (doc) => findBlock(doc, "block-1")!.element.setAttribute("status", "open"));

    await db.document.update({ where: { id: document.id }, data: { stage: "drafting" } });
    expect(await resolve()).toEqual({
      status: 409,
      message: "The Chair resolves options during consolidation (or while amendments are open). This document is at the stage “Drafting”.",
    });
    await db.document.update({ where: { id: document.id }, data: { stage: "adopted" } });
    expect(await resolve()).toMatchObject({ status: 409 });

    expect(await paragraph(document.id)).toEqual({ text: "We agree to cooperate.", options: ["A", "B"] });
    expect(await resolutions(document.id)).toBe(0);
  });
});
