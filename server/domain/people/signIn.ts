import { z } from "zod";
import type { DomainContext } from "../kernel/context";
import { TooManyRequests, Validation } from "../kernel/errors";
import { verifyPassword } from "./passwords";
import { newSessionToken, sessionIdFor } from "./sessions";
import { parseInput } from "../kernel/validation";
import { recordAudit } from "../kernel/audit";
import { actorFromUser, actorUserInclude } from "./sessions";

const signInInput = z.object({
  email: z.string().trim().toLowerCase().min(1, "Enter your email address.").max(254),
  password: z.string().min(1, "Enter your password.").max(200),
});

const WRONG_CREDENTIALS = "Wrong email or password.";

/**
 * Checks credentials and opens a server-side session. Failures are counted per account and per
 * client address; past the limit every attempt is refused until the window has passed.
 */
export async function signIn(ctx: DomainContext, input: unknown, clientIp: string) {
  const { email, password } = parseInput(signInInput, input);
  const keys = [`email:${email}`, `ip:${clientIp}`];
  await refuseWhenThrottled(ctx, email, clientIp);

  const user = await ctx.db.user.findUnique({ where: { email }, include: actorUserInclude });
  const passwordMatches = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !passwordMatches || user.disabledAt) {
    await ctx.db.loginAttempt.createMany({ data: keys.map((key) => ({ key, createdAt: ctx.now() })) });
    throw new Validation(user?.disabledAt && passwordMatches ? "This account is disabled." : WRONG_CREDENTIALS);
  }

  const token = newSessionToken();
  const expiresAt = new Date(ctx.now().getTime() + ctx.settings.sessionTtlHours * 3600_000);
  const actor = actorFromUser(user);
  await ctx.db.$transaction(async (tx) => {
    await tx.loginAttempt.deleteMany({ where: { key: keys[0] } });
    await tx.session.create({ data: { id: sessionIdFor(token), userId: user.id, expiresAt } });
    await recordAudit(tx, actor, actor.processId, { action: "session.signIn", subjectType: "user", subjectId: user.id });
  });
  return { token, expiresAt, actor };
}

async function refuseWhenThrottled(ctx: DomainContext, email: string, clientIp: string) {
  const { loginWindowMinutes, loginMaxFailuresPerAccount, loginMaxFailuresPerIp } = ctx.settings;
  const windowStart = new Date(ctx.now().getTime() - loginWindowMinutes * 60_000);
  for (const [key, limit] of [
    [`email:${email}`, loginMaxFailuresPerAccount],
    [`ip:${clientIp}`, loginMaxFailuresPerIp],
  ] as const) {
    const where = { key, createdAt: { gte: windowStart } };
    const failures = await ctx.db.loginAttempt.count({ where });
    if (failures < limit) continue;
    const oldest = await ctx.db.loginAttempt.findFirst({ where, orderBy: { createdAt: "asc" } });
    const retryAt = (oldest?.createdAt ?? ctx.now()).getTime() + loginWindowMinutes * 60_000;
    const retryAfterSeconds = Math.max(1, Math.ceil((retryAt - ctx.now().getTime()) / 1000));
    throw new TooManyRequests(
      `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`,
      retryAfterSeconds,
    );
  }
}
