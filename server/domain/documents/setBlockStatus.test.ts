import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBlock } from "../../../app/editor/yBlocks";
import { documentRoom } from "../../../common/collab";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { proposeAmendment } from "../amendments/proposeAmendment";
import { setBlockStatus } from "./setBlockStatus";

// A paragraph's status set on the live text, in process: as the actor's edit, audited once per change.
const { ctx, db, make, close } = domainUnderTest({ liveDocuments: { idleUnloadMs: 60_000 } });
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

const statusIn = (documentId: string) =>
  ctx.liveDocuments.read(documentRoom(documentId), (doc) => findBlock(doc, "block-1")?.element.getAttribute("status") ?? "open");

describe("setBlockStatus", () => {
  it("sets the status on the live text as the chair's edit and audits the change; setting it again records nothing", async () => {
    const chair = await make.user(processId, "chair");
    const document = await make.document(processId, "consolidation");
    await make.text(document.id);
    const result = await setBlockStatus(ctx, chair, { documentId: document.id, blockId: "block-1", status: "bracketed" });
    expect(result).toMatchObject({ before: "open", after: "bracketed", text: "We agree to cooperate." });
    expect(await statusIn(document.id)).toBe("bracketed");
    const edits = await db.yUpdate.count({ where: { room: documentRoom(document.id), userId: chair.userId } });
    expect(edits).toBeGreaterThan(0);
    await setBlockStatus(ctx, chair, { documentId: document.id, blockId: "block-1", status: "bracketed" });
    const audits = await db.auditEntry.findMany({ where: { subjectId: document.id, action: "block.setStatus" } });
    expect(audits.map((entry) => JSON.parse(entry.details))).toEqual([
      { blockId: "block-1", number: "OP1", before: "open", after: "bracketed" },
    ]);
  });

  it("an agreed paragraph takes no new amendment until its status is set back", async () => {
    const chair = await make.user(processId, "chair");
    const head = await make.user(processId, "head");
    const document = await make.document(processId, "amendments_open");
    await make.text(document.id);
    await setBlockStatus(ctx, chair, { documentId: document.id, blockId: "block-1", status: "agreed" });
    const propose = () => proposeAmendment(ctx, head, { documentId: document.id, targetBlockId: "block-1", operation: "replace" });
    expect(await refusal(propose)).toEqual({ status: 409, message: "OP1 is agreed: it takes no amendments unless the Chair reopens it." });
    await setBlockStatus(ctx, chair, { documentId: document.id, blockId: "block-1", status: "open" });
    expect((await propose()).status).toBe("draft");
  });

  it("refuses a head, an unknown status, a paragraph that is gone and an adopted text, changing nothing", async () => {
    const chair = await make.user(processId, "chair");
    const head = await make.user(processId, "head");
    const document = await make.document(processId, "consolidation");
    await make.text(document.id);
    const input = { documentId: document.id, blockId: "block-1", status: "agreed" as const };
    expect(await refusal(() => setBlockStatus(ctx, head, input))).toMatchObject({ status: 403 });
    // @ts-expect-error: a status outside the vocabulary does not typecheck, and is refused at runtime.
    expect(await refusal(() => setBlockStatus(ctx, chair, { ...input, status: "settled" }))).toMatchObject({ status: 422 });
    expect(await refusal(() => setBlockStatus(ctx, chair, { ...input, blockId: "gone" }))).toEqual({
      status: 404,
      message: "That paragraph is no longer in the text.",
    });
    await db.document.update({ where: { id: document.id }, data: { stage: "adopted" } });
    expect(await refusal(() => setBlockStatus(ctx, chair, input))).toMatchObject({ status: 409 });
    expect(await statusIn(document.id)).toBe("open");
    expect(await db.auditEntry.count({ where: { subjectId: document.id, action: "block.setStatus" } })).toBe(0);
  });
});
