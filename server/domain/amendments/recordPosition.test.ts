import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { recordPosition } from "./recordPosition";

const { ctx, db, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

const positionsOn = (amendmentId: string) => db.position.findMany({ where: { amendmentId } });

describe("recordPosition", () => {
  it("records a state's stance, changes it, announces it, and audits before and after", async () => {
    const proposer = await make.user(processId, "head");
    const head = await make.user(processId, "head");
    const document = await make.document(processId, "amendments_open");
    const amendment = await make.amendment(document.id, proposer, "tabled");
    const announced: string[] = [];
    ctx.events.on("amendment.changed", (event) => announced.push(event.amendmentId));

    await recordPosition(ctx, head, { amendmentId: amendment.id, stance: "reservation", note: " Awaiting the capital. " });
    await recordPosition(ctx, head, { amendmentId: amendment.id, stance: "supports" });
    expect(await positionsOn(amendment.id)).toEqual([
      expect.objectContaining({ participantId: head.participantId, stance: "supports", note: "", userId: head.userId }),
    ]);
    expect(announced).toEqual([amendment.id, amendment.id]);
    const entries = await db.auditEntry.findMany({
      where: { action: "amendment.position", subjectId: amendment.id },
      orderBy: { id: "asc" },
    });
    expect(entries.map((entry) => JSON.parse(entry.details))).toEqual([
      { before: null, after: { stance: "reservation", note: "Awaiting the capital." } },
      { before: { stance: "reservation", note: "Awaiting the capital." }, after: { stance: "supports", note: "" } },
    ]);
  });

  it("refuses a delegate, an observer and the proposing delegation, with the reason", async () => {
    const proposer = await make.user(processId, "head");
    const document = await make.document(processId, "amendments_open");
    const amendment = await make.amendment(document.id, proposer, "tabled");
    for (const role of ["delegate", "observer"] as const) {
      const actor = await make.user(processId, role);
      expect(await refusal(() => recordPosition(ctx, actor, { amendmentId: amendment.id, stance: "opposes" }))).toEqual({
        status: 403,
        message: "Only heads of delegation record their state's position.",
      });
    }
    expect(await refusal(() => recordPosition(ctx, proposer, { amendmentId: amendment.id, stance: "supports" }))).toEqual({
      status: 403,
      message: "The proposing delegation does not take a position on its own amendment.",
    });
    expect(await positionsOn(amendment.id)).toEqual([]);
  });

  it("refuses an unknown stance and an over-long note, storing nothing", async () => {
    const proposer = await make.user(processId, "head");
    const head = await make.user(processId, "head");
    const document = await make.document(processId, "amendments_open");
    const amendment = await make.amendment(document.id, proposer, "tabled");
    await expect(recordPosition(ctx, head, { amendmentId: amendment.id, stance: "abstains" as "supports" })).rejects.toMatchObject({
      status: 422,
      fieldErrors: { stance: "Choose supports, opposes, reservation or pending instructions." },
    });
    await expect(
      recordPosition(ctx, head, { amendmentId: amendment.id, stance: "opposes", note: "x".repeat(100_000) }),
    ).rejects.toMatchObject({
      status: 422,
      fieldErrors: { note: expect.stringMatching(/^At most [\d,]+ characters\.$/) },
    });
    expect(await positionsOn(amendment.id)).toEqual([]);
  });

  it("answers not found for an unknown amendment and for another delegation's draft", async () => {
    const proposer = await make.user(processId, "head");
    const head = await make.user(processId, "head");
    const document = await make.document(processId, "amendments_open");
    const draft = await make.amendment(document.id, proposer, "draft");
    for (const amendmentId of ["no-such-amendment", draft.id])
      expect(await refusal(() => recordPosition(ctx, head, { amendmentId, stance: "supports" }))).toEqual({
        status: 404,
        message: "Amendment not found.",
      });
    expect(await positionsOn(draft.id)).toEqual([]);
  });

  it("takes positions on tabled amendments only, and none once the text is closed", async () => {
    const proposer = await make.user(processId, "head");
    const head = await make.user(processId, "head");
    const open = await make.document(processId, "consolidation");
    for (const status of ["accepted", "not_retained", "withdrawn"] as const) {
      const decided = await make.amendment(open.id, proposer, status);
      expect(await refusal(() => recordPosition(ctx, head, { amendmentId: decided.id, stance: "supports" }))).toEqual({
        status: 409,
        message: "Positions are taken on tabled amendments only.",
      });
    }
    const adopted = await make.document(processId, "adopted");
    const tabled = await make.amendment(adopted.id, proposer, "tabled");
    expect(await refusal(() => recordPosition(ctx, head, { amendmentId: tabled.id, stance: "supports" }))).toEqual({
      status: 409,
      message: "This document is adopted: its text, amendments and comments are closed.",
    });
    expect(await db.position.count({ where: { participantId: head.participantId } })).toBe(0);
  });
});
