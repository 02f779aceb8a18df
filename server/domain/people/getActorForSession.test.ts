import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest } from "../../../tests/factories";
import { getActorForSession, getSessionActor } from "./getActorForSession";
import { newSessionToken, sessionIdFor } from "./sessions";

// The actor behind a session cookie, in process on a real database with the domain's clock: a
// live session gives its user as an actor (and when it ends); an unknown, expired or ended
// session, or a disabled user, gives nobody.
let clock = new Date("2026-11-26T09:00:00Z");
const { ctx, db, make, close } = domainUnderTest({ now: () => clock });
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

async function session(userId: string, expiresAt = new Date(clock.getTime() + 3_600_000)) {
  const token = newSessionToken();
  await db.session.create({ data: { id: sessionIdFor(token), userId, expiresAt } });
  return { token, expiresAt };
}

describe("getActorForSession / getSessionActor", () => {
  it("gives the session's user as an actor, and when the session ends", async () => {
    const chair = await make.user(processId, "chair");
    const { token, expiresAt } = await session(chair.userId);
    expect(await getActorForSession(ctx, token)).toEqual(chair);
    expect(await getSessionActor(ctx, token)).toEqual({ actor: chair, expiresAt });
    expect(chair).toMatchObject({ processId, office: "chair", delegationRole: "head", participantKind: "state" });
  });

  it("gives nobody for no token, an unknown token, an expired session, or a disabled user", async () => {
    const head = await make.user(processId, "head");
    const { token } = await session(head.userId);
    expect(await getActorForSession(ctx, undefined)).toBeNull();
    expect(await getActorForSession(ctx, "")).toBeNull();
    expect(await getActorForSession(ctx, newSessionToken())).toBeNull();
    // The stored id is the token's hash: the hash itself is not a token.
    expect(await getActorForSession(ctx, sessionIdFor(token))).toBeNull();

    const ending = await session(head.userId, new Date(clock.getTime() + 60_000));
    expect(await getActorForSession(ctx, ending.token)).toEqual(head);
    const start = clock;
    clock = new Date(start.getTime() + 60_000);
    try {
      expect(await getSessionActor(ctx, ending.token)).toBeNull();
      expect(await getActorForSession(ctx, token)).toEqual(head);
    } finally {
      clock = start;
    }

    await db.user.update({ where: { id: head.userId }, data: { disabledAt: clock } });
    expect(await getActorForSession(ctx, token)).toBeNull();
    expect(await getSessionActor(ctx, token)).toBeNull();
  });
});
