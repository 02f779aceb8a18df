import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { block } from "../../../app/editor/documentModel";
import { domainUnderTest, refusal } from "../../../tests/factories";
import type { Actor } from "../../policies";
import { readBaseBlocks } from "../documents/readBaseBlocks";
import { decideAmendment } from "./decideAmendment";
import { mergeAmendments } from "./mergeAmendments";

// The guards of merging amendments into a compromise, in process on a real database (the merge
// itself, its decision and audit, and the input refusals are in decideAmendment.test.ts): who may,
// which amendments, at which stage; every refusal leaves the text and the statuses as they were.
// Rooms stay loaded for the file (see decideAmendment.test.ts).
const { ctx, db, make, close } = domainUnderTest({ liveDocuments: { idleUnloadMs: 60_000 } });
let processId = "";
let chair: Actor;
beforeAll(async () => ({ processId, chair } = await make.chairedProcess()));
afterAll(close);

/** A document in consolidation with two amendments to "block-1", each tabled by its own head. */
async function twoOnOneParagraph() {
  const document = await make.document(processId, "amendments_open");
  await make.text(document.id, [block("operative", "We agree to cooperate.", { id: "block-1" })]);
  const heads = [await make.user(processId, "head"), await make.user(processId, "head")];
  const amendments = [
    await make.tabled(document.id, heads[0]!, { wording: "We agree to cooperate closely." }),
    await make.tabled(document.id, heads[1]!, { wording: "We agree to cooperate fully." }),
  ];
  await db.document.update({ where: { id: document.id }, data: { stage: "consolidation" } });
  return { document, heads, ids: amendments.map((amendment) => amendment.id) };
}

const merge = (actor: Actor, amendmentIds: string[]) =>
  refusal(() => mergeAmendments(ctx, actor, { amendmentIds, wording: "We agree to cooperate closely and fully." }));

async function unchanged(documentId: string, ids: string[], tabled = ids.length) {
  expect((await readBaseBlocks(ctx, documentId)).map((item) => item.text)).toEqual(["We agree to cooperate."]);
  expect(await db.amendment.count({ where: { id: { in: ids }, status: "tabled" } })).toBe(tabled);
  expect(await db.amendmentDecision.count({ where: { documentId, kind: "merge" } })).toBe(0);
}

describe("mergeAmendments", () => {
  it("refuses anyone but the chair, with the reason", async () => {
    const { document, heads, ids } = await twoOnOneParagraph();
    for (const actor of [heads[0]!, await make.user(processId, "secretariat")])
      expect(await merge(actor, ids)).toEqual({ status: 403, message: "Only the chair decides amendments." });
    await unchanged(document.id, ids);
  });

  it("refuses an unknown amendment, amendments of two documents, and one already decided", async () => {
    const { document, ids } = await twoOnOneParagraph();
    const other = await twoOnOneParagraph();
    expect(await merge(chair, [ids[0]!, "no-such-amendment"])).toEqual({ status: 404, message: "Amendment not found." });
    expect(await merge(chair, [ids[0]!, other.ids[0]!])).toEqual({ status: 422, message: "Decide amendments of one document at a time." });
    await unchanged(other.document.id, other.ids);

    await decideAmendment(ctx, chair, { amendmentId: ids[1]!, decision: "not_retain" });
    expect(await merge(chair, ids)).toEqual({
      status: 409,
      message: "This amendment is not retained; only a tabled amendment can be decided.",
    });
    await unchanged(document.id, ids, 1);
  });

  it("refuses outside the deciding stages, and on an adopted text", async () => {
    const { document, ids } = await twoOnOneParagraph();
    await db.document.update({ where: { id: document.id }, data: { stage: "silence_procedure" } });
    expect(await merge(chair, ids)).toEqual({
      status: 409,
      message:
        "The chair decides amendments during consolidation (or while amendments are open). This document is at the stage “Silence procedure”.",
    });
    await db.document.update({ where: { id: document.id }, data: { stage: "adopted" } });
    expect(await merge(chair, ids)).toEqual({
      status: 409,
      message: "This document is adopted: its text, amendments and comments are closed.",
    });
    await unchanged(document.id, ids);
  });
});
