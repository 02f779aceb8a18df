import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { block } from "../../../app/editor/documentModel";
import { domainUnderTest, refusal } from "../../../tests/factories";
import type { Actor } from "../../policies";
import { readBaseBlocks } from "../documents/readBaseBlocks";
import { issueVersion } from "../versions/issueVersion";
import { decideAmendment } from "./decideAmendment";
import { reopenDecision } from "./reopenDecision";
import { resolveOptionSet } from "./resolveOptionSet";

// The guards of reopening a decision, in process on a real database (reverting the text, tabling
// the amendment again and the revert-by-hand list are in decideAmendment.test.ts): who may, at
// which stage, and never once the next version has recorded it; every refusal leaves the decision
// in force. Rooms stay loaded for the file (see decideAmendment.test.ts).
const { ctx, db, make, close } = domainUnderTest({ liveDocuments: { idleUnloadMs: 60_000 } });
let processId = "";
let chair: Actor;
beforeAll(async () => ({ processId, chair } = await make.chairedProcess()));
afterAll(close);

/** A document in consolidation with an amendment to "block-1" accepted by the chair. */
async function accepted(operation: "replace" | "alternative" = "replace") {
  const document = await make.document(processId, "amendments_open");
  await make.text(document.id, [block("operative", "We agree to cooperate.", { id: "block-1" })]);
  const head = await make.user(processId, "head");
  const amendment = await make.tabled(document.id, head, { operation, wording: "We agree to cooperate closely." });
  await db.document.update({ where: { id: document.id }, data: { stage: "consolidation" } });
  const decision = await decideAmendment(ctx, chair, { amendmentId: amendment.id, decision: "accept" });
  return { document, head, amendment, decision };
}

const reopen = (actor: Actor, decisionId: string) => refusal(() => reopenDecision(ctx, actor, { decisionId }));
const inForce = async (decisionId: string) => (await db.amendmentDecision.findUniqueOrThrow({ where: { id: decisionId } })).reopenedAt;

describe("reopenDecision", () => {
  it("records the reopening in the audit log with the decision", async () => {
    const { amendment, decision } = await accepted();
    await reopenDecision(ctx, chair, { decisionId: decision.id });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { subjectId: amendment.id, action: "amendment.reopen" } });
    expect(audit.actorUserId).toBe(chair.userId);
    expect(audit.details).toContain(decision.id);
  });

  it("refuses anyone but the chair with the reason, and another process's decision as unknown", async () => {
    const { head, amendment, decision } = await accepted();
    for (const actor of [head, await make.user(processId, "secretariat")])
      expect(await reopen(actor, decision.id)).toEqual({ status: 403, message: "Only the chair reopens a decision." });
    const elsewhere = await make.user((await make.process()).id, "chair");
    expect(await reopen(elsewhere, decision.id)).toEqual({ status: 404, message: "Decision not found." });
    expect(await inForce(decision.id)).toBeNull();
    expect((await db.amendment.findUniqueOrThrow({ where: { id: amendment.id } })).status).toBe("accepted");
  });

  it("refuses outside the deciding stages, and once the next version has recorded the decision", async () => {
    const { document, decision } = await accepted();
    await db.document.update({ where: { id: document.id }, data: { stage: "silence_procedure" } });
    expect(await reopen(chair, decision.id)).toEqual({
      status: 409,
      message:
        "The chair decides amendments during consolidation (or while amendments are open). This document is at the stage “Silence procedure”.",
    });
    await db.document.update({ where: { id: document.id }, data: { stage: "consolidation" } });
    const version = await issueVersion(ctx, chair, { documentId: document.id });
    expect(await reopen(chair, decision.id)).toEqual({
      status: 409,
      message: `This decision is part of ${version.label}, which has been issued; it can no longer be reopened.`,
    });
    expect(await inForce(decision.id)).toBeNull();
    expect((await readBaseBlocks(ctx, document.id))[0]!.text).toBe("We agree to cooperate closely.");
  });

  it("reopens an option set's resolution only as the chair, and not once a version has been issued since", async () => {
    const { document, head } = await accepted("alternative");
    const { decision } = await resolveOptionSet(ctx, chair, { documentId: document.id, blockId: "block-1", option: "B" });
    expect(await reopen(head, decision.id)).toEqual({ status: 403, message: "Only the Chair and the Co-Chair resolve an option set." });
    const version = await issueVersion(ctx, chair, { documentId: document.id });
    expect(await reopen(chair, decision.id)).toEqual({
      status: 409,
      message: `This resolution is part of ${version.label}, which has been issued; it can no longer be reopened.`,
    });
    expect(await inForce(decision.id)).toBeNull();
    expect((await readBaseBlocks(ctx, document.id))[0]!.text).toBe("We agree to cooperate closely.");
  });
});
