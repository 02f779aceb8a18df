import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest } from "../../../tests/factories";
import { newSessionToken, sessionIdFor } from "./sessions";
import { signOut } from "./signOut";

// Signing out takes a cookie token, no input schema and no actor: it ends that session alone and
// has the user's open sockets re-checked; an unknown token changes nothing.
const { ctx, db, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

async function session(userId: string) {
  const token = newSessionToken();
  await db.session.create({ data: { id: sessionIdFor(token), userId, expiresAt: new Date(Date.now() + 3_600_000) } });
  return token;
}

describe("signOut", () => {
  it("ends the session of the token alone, and re-checks the user's sockets", async () => {
    const head = await make.user(processId, "head");
    const [laptop, phone] = [await session(head.userId), await session(head.userId)];
    const changed: string[] = [];
    ctx.events.on("user.accessChanged", (userId) => changed.push(userId));
    await signOut(ctx, laptop);
    expect((await db.session.findMany({ where: { userId: head.userId } })).map((row) => row.id)).toEqual([sessionIdFor(phone)]);
    expect(changed).toEqual([head.userId]);
  });

  it("does nothing for an unknown or already ended session", async () => {
    const head = await make.user(processId, "head");
    const token = await session(head.userId);
    const changed: string[] = [];
    ctx.events.on("user.accessChanged", (userId) => changed.push(userId));
    await signOut(ctx, newSessionToken());
    await signOut(ctx, "");
    expect(await db.session.count({ where: { userId: head.userId } })).toBe(1);
    await signOut(ctx, token);
    await signOut(ctx, token);
    expect(changed).toEqual([head.userId]);
  });
});
