import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { block } from "../../../app/editor/documentModel";
import { findBlock, setBlockText } from "../../../app/editor/yBlocks";
import { documentRoom } from "../../../common/collab";
import { domainUnderTest, refusal, TWO_PARAGRAPHS } from "../../../tests/factories";
import type { Actor } from "../../policies";
import { readBaseBlocks } from "../documents/readBaseBlocks";
import { decideAmendment } from "./decideAmendment";
import { decideAmendmentsInBulk } from "./decideAmendmentsInBulk";
import { mergeAmendments } from "./mergeAmendments";
import { reopenDecision } from "./reopenDecision";

// The chair's decisions, in process on a real SQLite file with the live text as a real Y.Doc:
// what each does to the text, the amendments' statuses, the decision rows, the audit log and the
// notices, and what each refuses (docs/decisions/028).
// Rooms stay loaded for the file: an idle room's unload compacts it on another SQLite connection,
// which can make a Prisma transaction running at that moment fail with "database is locked".
const { ctx, db, make, close } = domainUnderTest({ liveDocuments: { idleUnloadMs: 60_000 } });
let processId = "";
let chair: Actor;
beforeAll(async () => ({ processId, chair } = await make.chairedProcess()));
afterAll(close);

const THREE = [...TWO_PARAGRAPHS, block("operative", "We meet every year.", { id: "block-3" })];

/** A document in consolidation with amendments tabled by a new head each (tabled while amendments were open). */
async function tabledAmendments(
  ...proposals: { targetBlockId?: string; wording?: string; operation?: "replace" | "delete" | "insert_after" }[]
) {
  const document = await make.document(processId, "amendments_open");
  await make.text(document.id, THREE);
  const heads: Actor[] = [];
  const amendments = [];
  for (const proposal of proposals) {
    const head = await make.user(processId, "head");
    heads.push(head);
    amendments.push(await make.tabled(document.id, head, proposal));
  }
  await db.document.update({ where: { id: document.id }, data: { stage: "consolidation" } });
  return { document, heads, amendments };
}

const texts = async (documentId: string) => (await readBaseBlocks(ctx, documentId)).map((item) => item.text);
const status = async (id: string) => (await db.amendment.findUniqueOrThrow({ where: { id } })).status;

describe("decideAmendment", () => {
  it("accepts an amendment into the live text as the chair's edit: status, decision, audit and a notice to the proposer", async () => {
    const { document, heads, amendments } = await tabledAmendments({ wording: "We agree to cooperate closely." });
    const decision = await decideAmendment(ctx, chair, { amendmentId: amendments[0]!.id, decision: "accept" });
    expect(await texts(document.id)).toEqual(["We agree to cooperate closely.", "We share information.", "We meet every year."]);
    expect(await status(amendments[0]!.id)).toBe("accepted");
    expect(decision).toMatchObject({ kind: "accept", decidedById: chair.userId, wording: "We agree to cooperate closely." });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { subjectId: amendments[0]!.id, action: "amendment.accept" } });
    expect(audit.actorUserId).toBe(chair.userId);
    expect(JSON.parse(audit.details)).toMatchObject({ decisionId: decision.id, blocks: ["block-1"] });
    const notices = await db.notification.findMany({ where: { amendmentId: amendments[0]!.id, kind: "amendment.decision" } });
    expect(notices.map((notice) => notice.userId)).toContain(heads[0]!.userId);
    // The edit is stored in the update log as the chair's, not the server's.
    const authors = await db.yUpdate.findMany({ where: { room: documentRoom(document.id), userId: chair.userId } });
    expect(authors.length).toBeGreaterThan(0);
  });

  it("applies the chair's own wording, and does not retain with a reason, leaving the text as it was", async () => {
    const { document, amendments } = await tabledAmendments(
      { wording: "We agree to cooperate closely." },
      { targetBlockId: "block-2", wording: "We share all information." },
    );
    expect(
      await refusal(() => decideAmendment(ctx, chair, { amendmentId: amendments[0]!.id, decision: "accept_with_changes", wording: "  " })),
    ).toEqual({
      status: 422,
      message: "Write the wording to apply.",
    });
    await decideAmendment(ctx, chair, {
      amendmentId: amendments[0]!.id,
      decision: "accept_with_changes",
      wording: "We agree to cooperate in good faith.",
      seenText: "We agree to cooperate.",
    });
    const notRetained = await decideAmendment(ctx, chair, {
      amendmentId: amendments[1]!.id,
      decision: "not_retain",
      reason: "Beyond the mandate.",
    });
    expect(notRetained).toMatchObject({ kind: "not_retain", reason: "Beyond the mandate." });
    expect(await texts(document.id)).toEqual(["We agree to cooperate in good faith.", "We share information.", "We meet every year."]);
    expect([await status(amendments[0]!.id), await status(amendments[1]!.id)]).toEqual(["accepted_with_changes", "not_retained"]);
  });

  it("refuses a head, a decided amendment, and an outdated one unless the chair confirms having seen both differences", async () => {
    const { document, heads, amendments } = await tabledAmendments({ wording: "We agree to cooperate closely." });
    const [amendment] = amendments;
    expect(await refusal(() => decideAmendment(ctx, heads[0]!, { amendmentId: amendment!.id, decision: "accept" }))).toMatchObject({
      status: 403,
    });

    // The paragraph changes after tabling: the amendment is outdated.
    await ctx.liveDocuments.change(documentRoom(document.id), (doc) =>
      setBlockText(findBlock(doc, "block-1")!.element, "We all agree to cooperate."),
    );
    expect(await refusal(() => decideAmendment(ctx, chair, { amendmentId: amendment!.id, decision: "accept" }))).toMatchObject({
      status: 409,
      message: expect.stringContaining("the paragraph changed since it was tabled. Review both differences and confirm."),
    });
    expect(await status(amendment!.id)).toBe("tabled");
    await decideAmendment(ctx, chair, { amendmentId: amendment!.id, decision: "accept", confirmOutdated: true });
    // Its own change lands on the current text; the later edit is kept.
    expect((await texts(document.id))[0]).toBe("We all agree to cooperate closely.");
    expect(await refusal(() => decideAmendment(ctx, chair, { amendmentId: amendment!.id, decision: "not_retain" }))).toMatchObject({
      status: 409,
    });
    expect(await db.amendmentDecision.count({ where: { documentId: document.id } })).toBe(1);
  });
});

describe("decideAmendmentsInBulk", () => {
  it("accepts a selection in one audited operation, in document order", async () => {
    const { document, amendments } = await tabledAmendments(
      { targetBlockId: "block-3", wording: "We meet twice a year." },
      { targetBlockId: "block-1", wording: "We agree to cooperate fully." },
    );
    const decisions = await decideAmendmentsInBulk(ctx, chair, {
      amendmentIds: amendments.map((amendment) => amendment.id),
      decision: "accept",
    });
    expect(decisions).toHaveLength(2);
    expect(new Set(decisions.map((decision) => decision.bulkId)).size).toBe(1);
    expect(decisions[0]!.bulkId).not.toBeNull();
    expect(await texts(document.id)).toEqual(["We agree to cooperate fully.", "We share information.", "We meet twice a year."]);
    const bulk = await db.auditEntry.findFirstOrThrow({ where: { subjectId: document.id, action: "amendment.decideInBulk" } });
    expect(JSON.parse(bulk.details)).toMatchObject({ bulkId: decisions[0]!.bulkId });
    expect(JSON.parse(bulk.details).decisions).toHaveLength(2);
  });

  it("refuses the whole selection when one of them is already decided: nothing changes", async () => {
    const { document, amendments } = await tabledAmendments(
      { targetBlockId: "block-2", wording: "We share data." },
      { targetBlockId: "block-3", wording: "We meet often." },
    );
    await decideAmendment(ctx, chair, { amendmentId: amendments[1]!.id, decision: "not_retain" });
    const before = await texts(document.id);
    expect(
      await refusal(() =>
        decideAmendmentsInBulk(ctx, chair, { amendmentIds: amendments.map((amendment) => amendment.id), decision: "accept" }),
      ),
    ).toMatchObject({
      status: 409,
    });
    expect(await texts(document.id)).toEqual(before);
    expect(await status(amendments[0]!.id)).toBe("tabled");
    expect(await refusal(() => decideAmendmentsInBulk(ctx, chair, { amendmentIds: [], decision: "accept" }))).toMatchObject({
      status: 422,
    });
  });
});

describe("mergeAmendments", () => {
  it("merges two amendments into the chair's compromise: one decision both link to", async () => {
    const { document, amendments } = await tabledAmendments(
      { wording: "We agree to cooperate closely." },
      { wording: "We agree to cooperate fully." },
    );
    const decision = await mergeAmendments(ctx, chair, {
      amendmentIds: amendments.map((amendment) => amendment.id),
      wording: "We agree to cooperate closely and fully.",
      seenText: "We agree to cooperate.",
      reason: "Both concerns met.",
    });
    expect(decision.kind).toBe("merge");
    expect((await texts(document.id))[0]).toBe("We agree to cooperate closely and fully.");
    const stored = await db.amendment.findMany({ where: { id: { in: amendments.map((amendment) => amendment.id) } } });
    expect(stored.map((amendment) => [amendment.status, amendment.decisionId])).toEqual([
      ["merged", decision.id],
      ["merged", decision.id],
    ]);
    expect(
      await db.auditEntry.count({ where: { action: "amendment.merge", subjectId: { in: amendments.map((amendment) => amendment.id) } } }),
    ).toBe(2);
  });

  it("refuses one amendment alone, an empty compromise, and a paragraph none of them targets", async () => {
    const { amendments } = await tabledAmendments(
      { wording: "We agree to cooperate closely." },
      { wording: "We agree to cooperate fully." },
    );
    const ids = amendments.map((amendment) => amendment.id);
    expect(await refusal(() => mergeAmendments(ctx, chair, { amendmentIds: [ids[0]!], wording: "Compromise." }))).toMatchObject({
      status: 422,
    });
    expect(await refusal(() => mergeAmendments(ctx, chair, { amendmentIds: ids, wording: " " }))).toMatchObject({ status: 422 });
    expect(
      await refusal(() => mergeAmendments(ctx, chair, { amendmentIds: ids, wording: "Compromise.", targetBlockId: "block-3" })),
    ).toEqual({
      status: 422,
      message: "The compromise goes into a paragraph one of the amendments targets.",
    });
    expect(await db.amendment.count({ where: { id: { in: ids }, status: "tabled" } })).toBe(2);
  });
});

describe("reopenDecision", () => {
  it("tables the amendment again and reverts its text change when nothing edited that text since; once only", async () => {
    const { document, amendments } = await tabledAmendments({ wording: "We agree to cooperate closely." });
    const decision = await decideAmendment(ctx, chair, { amendmentId: amendments[0]!.id, decision: "accept" });
    const reopened = await reopenDecision(ctx, chair, { decisionId: decision.id });
    expect(reopened.revertByHand).toEqual([]);
    expect((await texts(document.id))[0]).toBe("We agree to cooperate.");
    expect(await status(amendments[0]!.id)).toBe("tabled");
    const row = await db.amendmentDecision.findUniqueOrThrow({ where: { id: decision.id } });
    expect(row.reopenedById).toBe(chair.userId);
    expect(await db.auditEntry.count({ where: { subjectId: amendments[0]!.id, action: "amendment.reopen" } })).toBe(1);
    expect(await refusal(() => reopenDecision(ctx, chair, { decisionId: decision.id }))).toEqual({
      status: 409,
      message: "This amendment is tabled; there is no decision to reopen.",
    });
  });

  it("keeps a text edited since and says what to revert by hand; refuses a head and an unknown decision", async () => {
    const { document, heads, amendments } = await tabledAmendments({ wording: "We agree to cooperate closely." });
    const decision = await decideAmendment(ctx, chair, { amendmentId: amendments[0]!.id, decision: "accept" });
    await ctx.liveDocuments.change(documentRoom(document.id), (doc) =>
      setBlockText(findBlock(doc, "block-1")!.element, "We agree to cooperate closely, in good faith."),
    );
    expect(await refusal(() => reopenDecision(ctx, heads[0]!, { decisionId: decision.id }))).toMatchObject({ status: 403 });
    expect(await refusal(() => reopenDecision(ctx, chair, { decisionId: "no-such-decision" }))).toEqual({
      status: 404,
      message: "Decision not found.",
    });
    const reopened = await reopenDecision(ctx, chair, { decisionId: decision.id });
    expect(reopened.revertByHand.length).toBeGreaterThan(0);
    expect((await texts(document.id))[0]).toBe("We agree to cooperate closely, in good faith.");
    expect(await status(amendments[0]!.id)).toBe("tabled");
  });
});
