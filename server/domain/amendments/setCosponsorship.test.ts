import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { setCosponsorship } from "./setCosponsorship";

const { ctx, db, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

describe("setCosponsorship", () => {
  it("records every join and leave, and a repeated join changes nothing", async () => {
    const proposer = await make.user(processId, "head");
    const sponsor = await make.user(processId, "head");
    const document = await make.document(processId, "amendments_open");
    const amendment = await make.amendment(document.id, proposer, "tabled");
    await setCosponsorship(ctx, sponsor, { amendmentId: amendment.id, join: true });
    await setCosponsorship(ctx, sponsor, { amendmentId: amendment.id, join: true });
    expect(await db.amendmentSponsor.count({ where: { amendmentId: amendment.id } })).toBe(1);
    await setCosponsorship(ctx, sponsor, { amendmentId: amendment.id, join: false });
    expect(await db.amendmentSponsor.count({ where: { amendmentId: amendment.id } })).toBe(0);
    const events = await db.amendmentSponsorEvent.findMany({ where: { amendmentId: amendment.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => event.action)).toEqual(["join", "leave"]);
  });

  it("refuses the proposing delegation, a delegate, an amendment that is not tabled, and form strings", async () => {
    const proposer = await make.user(processId, "head");
    const delegate = await make.user(processId, "delegate");
    const sponsor = await make.user(processId, "head");
    const document = await make.document(processId, "amendments_open");
    const tabled = await make.amendment(document.id, proposer, "tabled");
    expect(await refusal(() => setCosponsorship(ctx, proposer, { amendmentId: tabled.id, join: true }))).toEqual({
      status: 403,
      message: "The proposing delegation does not co-sponsor its own amendment.",
    });
    expect(await refusal(() => setCosponsorship(ctx, delegate, { amendmentId: tabled.id, join: true }))).toMatchObject({ status: 403 });
    const withdrawn = await make.amendment(document.id, proposer, "withdrawn");
    expect(await refusal(() => setCosponsorship(ctx, sponsor, { amendmentId: withdrawn.id, join: true }))).toEqual({
      status: 409,
      message: "Only a tabled amendment can be co-sponsored.",
    });
    // "true" is the form's business (the route helper turns it into a boolean), not the command's.
    const formString = { amendmentId: tabled.id, join: "true" } as unknown as { amendmentId: string; join: boolean };
    expect(await refusal(() => setCosponsorship(ctx, sponsor, formString))).toMatchObject({ status: 422 });
    expect(await db.amendmentSponsor.count({ where: { amendmentId: { in: [tabled.id, withdrawn.id] } } })).toBe(0);
  });
});
