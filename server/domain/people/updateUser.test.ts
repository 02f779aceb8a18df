import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { updateUser } from "./updateUser";

const { ctx, db, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

describe("updateUser", () => {
  it("renames a member and changes their delegation role, audits before and after, and re-checks their sockets", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const delegate = await make.user(processId, "delegate");
    const changed: string[] = [];
    ctx.events.on("user.accessChanged", (userId) => changed.push(userId));
    await updateUser(ctx, secretariat, { userId: delegate.userId, name: " Head of delegation ", delegationRole: "head" });
    expect(await db.user.findUniqueOrThrow({ where: { id: delegate.userId } })).toMatchObject({
      name: "Head of delegation",
      delegationRole: "head",
    });
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "user.update", subjectId: delegate.userId } });
    expect(JSON.parse(entry.details)).toEqual({
      before: { name: delegate.name, delegationRole: "delegate" },
      after: { name: "Head of delegation", delegationRole: "head" },
    });
    expect(changed).toEqual([delegate.userId]);
  });

  it("refuses anyone but the secretariat, with the reason", async () => {
    const chair = await make.user(processId, "chair");
    const delegate = await make.user(processId, "delegate");
    expect(await refusal(() => updateUser(ctx, chair, { userId: delegate.userId, name: "Promoted", delegationRole: "head" }))).toEqual({
      status: 403,
      message: "Only the secretariat manages participants and users.",
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: delegate.userId } })).toMatchObject({
      name: delegate.name,
      delegationRole: "delegate",
    });
  });

  it("refuses invalid input and a state member left without a delegation role, changing nothing", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const head = await make.user(processId, "head");
    await expect(updateUser(ctx, secretariat, { userId: head.userId, name: "   ", delegationRole: "head" })).rejects.toMatchObject({
      status: 422,
      fieldErrors: { name: "Required." },
    });
    await expect(updateUser(ctx, secretariat, { userId: head.userId, name: "No role", delegationRole: null })).rejects.toMatchObject({
      status: 422,
      fieldErrors: { delegationRole: "Choose head or delegate." },
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: head.userId } })).toMatchObject({ name: head.name, delegationRole: "head" });
    expect(await db.auditEntry.count({ where: { action: "user.update", subjectId: head.userId } })).toBe(0);
  });

  it("answers not found for a user that does not exist or belongs to another process", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const stranger = await make.user((await make.process()).id, "head");
    for (const userId of ["no-such-user", stranger.userId])
      expect(await refusal(() => updateUser(ctx, secretariat, { userId, name: "Renamed", delegationRole: "head" }))).toEqual({
        status: 404,
        message: "User not found.",
      });
    expect((await db.user.findUniqueOrThrow({ where: { id: stranger.userId } })).name).toBe(stranger.name);
  });
});
