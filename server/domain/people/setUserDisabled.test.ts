import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { setUserDisabled } from "./setUserDisabled";

const { ctx, db, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

const session = (userId: string) =>
  db.session.create({ data: { id: `session-${userId}`, userId, expiresAt: new Date(Date.now() + 3_600_000) } });

describe("setUserDisabled", () => {
  it("disables a user: sessions ended, office released, sockets re-checked, audited; enabling restores access but not the office", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const chair = await make.user(processId, "chair");
    await session(chair.userId);
    const changed: string[] = [];
    ctx.events.on("user.accessChanged", (userId) => changed.push(userId));

    await setUserDisabled(ctx, secretariat, { userId: chair.userId, disabled: true });
    const disabled = await db.user.findUniqueOrThrow({ where: { id: chair.userId } });
    expect(disabled.disabledAt).toBeInstanceOf(Date);
    expect(disabled.office).toBeNull();
    expect(await db.session.count({ where: { userId: chair.userId } })).toBe(0);

    await setUserDisabled(ctx, secretariat, { userId: chair.userId, disabled: false });
    expect(await db.user.findUniqueOrThrow({ where: { id: chair.userId } })).toMatchObject({ disabledAt: null, office: null });
    expect(changed).toEqual([chair.userId, chair.userId]);
    const entries = await db.auditEntry.findMany({ where: { subjectId: chair.userId }, orderBy: { id: "asc" } });
    expect(entries.map((entry) => [entry.action, JSON.parse(entry.details)])).toEqual([
      ["user.disable", { name: chair.name, releasedOffice: "chair" }],
      ["user.enable", { name: chair.name }],
    ]);
  });

  it("refuses anyone but the secretariat, with the reason, and the secretariat disabling itself", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const head = await make.user(processId, "head");
    const delegate = await make.user(processId, "delegate", head.participantId);
    expect(await refusal(() => setUserDisabled(ctx, head, { userId: delegate.userId, disabled: true }))).toEqual({
      status: 403,
      message: "Only the secretariat manages participants and users.",
    });
    expect(await refusal(() => setUserDisabled(ctx, secretariat, { userId: secretariat.userId, disabled: true }))).toEqual({
      status: 422,
      message: "You cannot disable your own account.",
    });
    const users = await db.user.findMany({ where: { id: { in: [delegate.userId, secretariat.userId] } } });
    expect(users.map((user) => user.disabledAt)).toEqual([null, null]);
  });

  it("refuses a form string for the flag (the route helper parses checkboxes), disabling nobody", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const head = await make.user(processId, "head");
    const formString = { userId: head.userId, disabled: "on" } as unknown as { userId: string; disabled: boolean };
    await expect(setUserDisabled(ctx, secretariat, formString)).rejects.toMatchObject({
      status: 422,
      fieldErrors: { disabled: "Expected true or false." },
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: head.userId } })).disabledAt).toBeNull();
  });

  it("answers not found for a user that does not exist or belongs to another process", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const stranger = await make.user((await make.process()).id, "head");
    for (const userId of ["no-such-user", stranger.userId])
      expect(await refusal(() => setUserDisabled(ctx, secretariat, { userId, disabled: true }))).toEqual({
        status: 404,
        message: "User not found.",
      });
    expect((await db.user.findUniqueOrThrow({ where: { id: stranger.userId } })).disabledAt).toBeNull();
  });
});
