import diagnostics_channel from "node:diagnostics_channel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal, TWO_PARAGRAPHS } from "../../../tests/factories";
import type { Actor } from "../../policies";
import { readBaseBlocks } from "../documents/readBaseBlocks";
import { PHASE_CHANNEL, type PhaseMark } from "../kernel/phases";
import { decideAmendmentsInBulk } from "./decideAmendmentsInBulk";

// The guards of deciding in bulk, in process on a real database (its effects on the text, the
// statuses and the single audited operation are in decideAmendment.test.ts): who may, which
// amendments, at which stage; every refusal leaves the text, the statuses and the log as they were.
// Rooms stay loaded for the file (see decideAmendment.test.ts).
const { ctx, db, make, close } = domainUnderTest({ liveDocuments: { idleUnloadMs: 60_000 } });
let processId = "";
let chair: Actor;
beforeAll(async () => ({ processId, chair } = await make.chairedProcess()));
afterAll(close);

/** A document in consolidation with two amendments tabled by one head (while amendments were open). */
async function twoTabled() {
  const document = await make.document(processId, "amendments_open");
  await make.text(document.id, TWO_PARAGRAPHS);
  const head = await make.user(processId, "head");
  const amendments = [
    await make.tabled(document.id, head, { wording: "We agree to cooperate closely." }),
    await make.tabled(document.id, head, { targetBlockId: "block-2", wording: "We share all information." }),
  ];
  await db.document.update({ where: { id: document.id }, data: { stage: "consolidation" } });
  return { document, head, ids: amendments.map((amendment) => amendment.id) };
}

const unchanged = async (documentId: string, ids: string[]) => {
  expect((await readBaseBlocks(ctx, documentId)).map((item) => item.text)).toEqual(["We agree to cooperate.", "We share information."]);
  expect(await db.amendment.count({ where: { id: { in: ids }, status: "tabled" } })).toBe(ids.length);
  expect(await db.amendmentDecision.count({ where: { documentId } })).toBe(0);
  expect(await db.auditEntry.count({ where: { action: "amendment.decideInBulk", subjectId: documentId } })).toBe(0);
};

describe("decideAmendmentsInBulk", () => {
  it("does not retain a selection with its reason, as one operation", async () => {
    const { document, ids } = await twoTabled();
    const decisions = await decideAmendmentsInBulk(ctx, chair, { amendmentIds: ids, decision: "not_retain", reason: "Out of scope." });
    expect(decisions.map((decision) => [decision.kind, decision.reason])).toEqual([
      ["not_retain", "Out of scope."],
      ["not_retain", "Out of scope."],
    ]);
    expect(await db.amendment.count({ where: { id: { in: ids }, status: "not_retained" } })).toBe(2);
    expect((await readBaseBlocks(ctx, document.id)).map((item) => item.text)).toEqual(["We agree to cooperate.", "We share information."]);
  });

  it("marks its phases on the phase channel, in order, for the consolidation bench's trace (decision 158)", async () => {
    const { ids } = await twoTabled();
    const marks: PhaseMark[] = [];
    const listener = (message: unknown) => marks.push(message as PhaseMark);
    diagnostics_channel.subscribe(PHASE_CHANNEL, listener);
    try {
      await decideAmendmentsInBulk(ctx, chair, { amendmentIds: ids, decision: "accept" });
    } finally {
      diagnostics_channel.unsubscribe(PHASE_CHANNEL, listener);
    }
    expect(marks.every((mark) => mark.command === "decisions")).toBe(true);
    // Two amendments to two paragraphs: usually one slice of text edits, two when the first edit
    // takes more than the slice's 8 ms (a loaded machine): the slices and turns between them read as one.
    const phases = marks.map((mark) => mark.phase ?? "(start)").join("\n");
    expect(
      phases.replace("text edits (slices)\nbetween slices (others' turn)\ntext edits (slices)", "text edits (slices)").split("\n"),
    ).toEqual([
      "(start)",
      "amendments loaded",
      "waiting for the document",
      "statuses re-read",
      "Zero draft, room, order",
      "pre-check",
      "notices prepared",
      "text edits (slices)",
      "text committed",
      "records: begin",
      "records: decisions",
      "records: statuses",
      "records: audit",
      "records: notices",
      "records: commit",
      "room released, events",
    ]);
  });

  it("refuses anyone but the chair with the reason, and the head's own amendments too", async () => {
    const { document, head, ids } = await twoTabled();
    const secretariat = await make.user(processId, "secretariat");
    for (const actor of [head, secretariat])
      expect(await refusal(() => decideAmendmentsInBulk(ctx, actor, { amendmentIds: ids, decision: "accept" }))).toEqual({
        status: 403,
        message: "Only the chair decides amendments.",
      });
    await unchanged(document.id, ids);
  });

  it("refuses an unknown amendment, a draft, amendments of two documents and an unknown decision: nothing decided", async () => {
    const { document, head, ids } = await twoTabled();
    const other = await twoTabled();
    const draft = await make.amendment(document.id, head);
    const decide = (amendmentIds: string[], decision = "accept") =>
      refusal(() => decideAmendmentsInBulk(ctx, chair, { amendmentIds, decision: decision as "accept" }));
    expect(await decide([ids[0]!, "no-such-amendment"])).toEqual({ status: 404, message: "Amendment not found." });
    expect(await decide([ids[0]!, draft.id])).toEqual({ status: 404, message: "Amendment not found." });
    expect(await decide([ids[0]!, other.ids[0]!])).toEqual({ status: 422, message: "Decide amendments of one document at a time." });
    expect(await decide(ids, "withdraw")).toMatchObject({ status: 422 });
    await unchanged(document.id, ids);
    await unchanged(other.document.id, other.ids);
  });

  it("refuses outside the deciding stages, with the stage named", async () => {
    const { document, ids } = await twoTabled();
    await db.document.update({ where: { id: document.id }, data: { stage: "silence_procedure" } });
    expect(await refusal(() => decideAmendmentsInBulk(ctx, chair, { amendmentIds: ids, decision: "accept" }))).toEqual({
      status: 409,
      message:
        "The chair decides amendments during consolidation (or while amendments are open). This document is at the stage “Silence procedure”.",
    });
    await unchanged(document.id, ids);
  });
});
