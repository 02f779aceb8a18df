import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { FIELD_LIMITS } from "../../../common/limits";
import { DEFAULT_LIMIT_SETTINGS } from "../limits";
import { hashPassword, verifyPassword } from "./passwords";
import { resetPassword } from "./resetPassword";
import { signIn } from "./signIn";

// Two failures from new addresses stop an account being guessed from a third (docs/decisions/016),
// so a reset can be seen to give the account a fresh start.
const limits = { ...DEFAULT_LIMIT_SETTINGS, signIn: { ...DEFAULT_LIMIT_SETTINGS.signIn, maxFailuresPerAccountFromNewAddresses: 2 } };
const { ctx, db, make, close } = domainUnderTest({ limits });
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

const OLD = "the old password";
const NEW = "a brand new password";

async function memberWithPassword() {
  const member = await make.user(processId, "head");
  await db.user.update({ where: { id: member.userId }, data: { passwordHash: await hashPassword(OLD) } });
  return member;
}

describe("resetPassword", () => {
  it("sets the new password, ends every session, gives the account a fresh start at sign-in and audits it", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const member = await memberWithPassword();
    await signIn(ctx, { email: member.email, password: OLD }, "10.0.0.1");
    for (const address of ["10.0.1.1", "10.0.1.2"]) await refusal(() => signIn(ctx, { email: member.email, password: "wrong" }, address));
    expect(await refusal(() => signIn(ctx, { email: member.email, password: OLD }, "10.0.1.3"))).toMatchObject({ status: 429 });
    const changed: string[] = [];
    ctx.events.on("user.accessChanged", (userId) => changed.push(userId));

    await resetPassword(ctx, secretariat, { userId: member.userId, password: NEW });

    const stored = await db.user.findUniqueOrThrow({ where: { id: member.userId } });
    expect([await verifyPassword(stored.passwordHash, NEW), await verifyPassword(stored.passwordHash, OLD)]).toEqual([true, false]);
    expect(await db.session.count({ where: { userId: member.userId } })).toBe(0);
    expect(changed).toEqual([member.userId]);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "user.resetPassword", subjectId: member.userId } });
    expect(JSON.parse(entry.details)).toEqual({ name: member.name });
    expect(entry.details).not.toContain(NEW);
    // A new address that was refused before may sign in at once.
    expect((await signIn(ctx, { email: member.email, password: NEW }, "10.0.1.3")).actor.userId).toBe(member.userId);
  });

  it("refuses anyone but the secretariat, with the reason, and the member's own head", async () => {
    const member = await memberWithPassword();
    const colleague = await make.user(processId, "head", member.participantId);
    for (const actor of [member, colleague])
      expect(await refusal(() => resetPassword(ctx, actor, { userId: member.userId, password: NEW }))).toEqual({
        status: 403,
        message: "Only the secretariat manages participants and users.",
      });
    expect(await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: member.userId } })).passwordHash, OLD)).toBe(true);
  });

  it("refuses a password that is too short or too long, keeping the old one and the sessions", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const member = await memberWithPassword();
    await signIn(ctx, { email: member.email, password: OLD }, "10.0.0.3");
    for (const password of ["short", "x".repeat(FIELD_LIMITS.password + 1)])
      expect(await refusal(() => resetPassword(ctx, secretariat, { userId: member.userId, password }))).toEqual({
        status: 422,
        message: "Please correct the highlighted fields.",
      });
    expect(await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: member.userId } })).passwordHash, OLD)).toBe(true);
    expect(await db.session.count({ where: { userId: member.userId } })).toBe(1);
  });

  it("answers not found for a user that does not exist or belongs to another process", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const stranger = await make.user((await make.process()).id, "head");
    for (const userId of ["no-such-user", stranger.userId])
      expect(await refusal(() => resetPassword(ctx, secretariat, { userId, password: NEW }))).toEqual({
        status: 404,
        message: "User not found.",
      });
    expect((await db.user.findUniqueOrThrow({ where: { id: stranger.userId } })).passwordHash).toBe("not-used");
  });
});
