import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMIT_SETTINGS } from "../limits";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { hashPassword } from "./passwords";
import { signIn } from "./signIn";

// Sign-in throttling (docs/decisions/016) as the command applies it, with the database store the
// server uses: three failures from one address lock that account there, not elsewhere.
const limits = { ...DEFAULT_LIMIT_SETTINGS, signIn: { ...DEFAULT_LIMIT_SETTINGS.signIn, maxFailuresPerAccountAndAddress: 3 } };
const { ctx, db, make, close } = domainUnderTest({ limits });
const PASSWORD = "correct horse battery";
let email = "";
beforeAll(async () => {
  const processId = (await make.process()).id;
  const user = await make.user(processId, "head");
  email = (await db.user.update({ where: { id: user.userId }, data: { passwordHash: await hashPassword(PASSWORD) } })).email;
});
afterAll(close);

describe("signIn", () => {
  it("opens a session for the right password, whatever the email's case", async () => {
    const session = await signIn(ctx, { email: email.toUpperCase(), password: PASSWORD }, "10.0.0.1");
    expect(session.actor.email).toBe(email);
    expect(await db.session.count({ where: { userId: session.actor.userId } })).toBe(1);
  });

  it("locks the account for that address after the allowed failures, even for the right password, while another address still gets in", async () => {
    for (let attempt = 0; attempt < 3; attempt++)
      expect(await refusal(() => signIn(ctx, { email, password: "wrong password" }, "10.0.0.2"))).toEqual({
        status: 422,
        message: "Wrong email or password.",
      });
    expect(await refusal(() => signIn(ctx, { email, password: PASSWORD }, "10.0.0.2"))).toMatchObject({ status: 429 });
    const elsewhere = await signIn(ctx, { email, password: PASSWORD }, "10.0.0.3");
    expect(elsewhere.actor.email).toBe(email);
  });
});
