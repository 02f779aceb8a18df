import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { withdrawAmendment } from "./withdrawAmendment";

// In process, on a real migrated SQLite file (tests/factories.ts).
const { ctx, db, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

describe("withdrawAmendment", () => {
  it("lets the proposing head withdraw a tabled amendment, kept on record with its previous status", async () => {
    const head = await make.user(processId, "head");
    const document = await make.document(processId, "amendments_open");
    const amendment = await make.amendment(document.id, head, "tabled");
    await withdrawAmendment(ctx, head, { amendmentId: amendment.id });
    const stored = await db.amendment.findUniqueOrThrow({ where: { id: amendment.id } });
    expect(stored.status).toBe("withdrawn");
    expect(stored.withdrawnAt).not.toBeNull();
    const audit = await db.auditEntry.findFirstOrThrow({ where: { subjectId: amendment.id, action: "amendment.withdraw" } });
    expect(JSON.parse(audit.details)).toEqual({ previousStatus: "tabled" });
  });

  it("refuses a delegate of the same delegation, another delegation's head, a decided amendment and a closed text", async () => {
    const head = await make.user(processId, "head");
    const delegate = await make.user(processId, "delegate", head.participantId);
    const otherHead = await make.user(processId, "head");
    const document = await make.document(processId, "amendments_open");
    const tabled = await make.amendment(document.id, head, "tabled");
    expect(await refusal(() => withdrawAmendment(ctx, delegate, { amendmentId: tabled.id }))).toEqual({
      status: 403,
      message: "Only the head of delegation withdraws an amendment.",
    });
    expect(await refusal(() => withdrawAmendment(ctx, otherHead, { amendmentId: tabled.id }))).toEqual({
      status: 403,
      message: "Only the proposing delegation withdraws its amendment.",
    });
    const accepted = await make.amendment(document.id, head, "accepted");
    expect(await refusal(() => withdrawAmendment(ctx, head, { amendmentId: accepted.id }))).toMatchObject({ status: 409 });

    const adopted = await make.document(processId, "adopted");
    const onAdopted = await make.amendment(adopted.id, head, "tabled");
    expect(await refusal(() => withdrawAmendment(ctx, head, { amendmentId: onAdopted.id }))).toMatchObject({ status: 409 });
    for (const id of [tabled.id, accepted.id, onAdopted.id])
      expect((await db.amendment.findUniqueOrThrow({ where: { id } })).status).not.toBe("withdrawn");
  });

  it("keeps another delegation's draft out of sight: 404, not 403", async () => {
    const head = await make.user(processId, "head");
    const otherHead = await make.user(processId, "head");
    const document = await make.document(processId, "amendments_open");
    const draft = await make.amendment(document.id, head, "draft");
    expect(await refusal(() => withdrawAmendment(ctx, otherHead, { amendmentId: draft.id }))).toMatchObject({ status: 404 });
  });
});
