import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { moveStage } from "./moveStage";

const NOW = new Date("2026-03-02T09:00:00Z");
const { ctx, db, make, close } = domainUnderTest({ now: () => NOW });
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

describe("moveStage", () => {
  it("opens amendments only until a deadline in the future, and records the deadline", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const document = await make.document(processId, "drafting");
    const open = { documentId: document.id, stage: "amendments_open" } as const;
    expect(await refusal(() => moveStage(ctx, secretariat, open))).toEqual({ status: 422, message: "Amendments open until a deadline." });
    expect(await refusal(() => moveStage(ctx, secretariat, { ...open, deadline: "2026-03-01T17:00:00Z" }))).toMatchObject({ status: 422 });
    expect((await db.document.findUniqueOrThrow({ where: { id: document.id } })).stage).toBe("drafting");

    await moveStage(ctx, secretariat, { ...open, deadline: "2026-03-09T17:00:00Z" });
    expect((await db.document.findUniqueOrThrow({ where: { id: document.id } })).stage).toBe("amendments_open");
    const deadline = await db.deadline.findFirstOrThrow({ where: { documentId: document.id } });
    expect(deadline).toMatchObject({ kind: "amendments_close", dueAt: new Date("2026-03-09T17:00:00Z"), firedAt: null });
  });

  it("is the secretariat's, along allowed moves only, and never to a stage that has its own command", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const chair = await make.user(processId, "chair");
    const document = await make.document(processId, "consolidation");
    expect(
      await refusal(() => moveStage(ctx, chair, { documentId: document.id, stage: "amendments_open", deadline: "2026-03-09T17:00:00Z" })),
    ).toEqual({
      status: 403,
      message: "Only the secretariat moves a document's stage.",
    });
    expect(await refusal(() => moveStage(ctx, secretariat, { documentId: document.id, stage: "drafting" }))).toMatchObject({ status: 409 });
    expect(await refusal(() => moveStage(ctx, secretariat, { documentId: document.id, stage: "silence_procedure" }))).toEqual({
      status: 409,
      message: "Put a version under silence from the lifecycle page.",
    });
    expect((await db.document.findUniqueOrThrow({ where: { id: document.id } })).stage).toBe("consolidation");
    expect(await db.deadline.count({ where: { documentId: document.id } })).toBe(0);
  });
});
