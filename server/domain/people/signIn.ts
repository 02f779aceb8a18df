import { z } from "zod";
import type { DomainContext } from "../kernel/context";
import { Validation } from "../kernel/errors";
import { verifyPassword } from "./passwords";
import { newSessionToken, sessionIdFor } from "./sessions";
import { parseInput } from "../kernel/validation";
import { recordAudit } from "../kernel/audit";
import { actorFromUser, actorUserInclude } from "./sessions";
import { FIELD_LIMITS } from "../../../common/limits";

export const signInInput = z.object({
  email: z.string().trim().toLowerCase().min(1, "Enter your email address.").max(FIELD_LIMITS.email),
  password: z.string().min(1, "Enter your password.").max(FIELD_LIMITS.password),
});

const WRONG_CREDENTIALS = "Wrong email or password.";

/**
 * Checks credentials and opens a server-side session. Each attempt first reserves its place
 * with the throttle (atomically, before the password is hashed); see signInThrottle.ts.
 */
export async function signIn(ctx: DomainContext, input: z.input<typeof signInInput>, clientIp: string) {
  const { email, password } = parseInput(signInInput, input);
  const reservation = await ctx.limits.signIn.reserve(email, clientIp);

  let user;
  let passwordMatches;
  try {
    user = await ctx.db.user.findUnique({ where: { email }, include: actorUserInclude });
    passwordMatches = await verifyPassword(user?.passwordHash ?? null, password);
  } catch (error) {
    await reservation.cancelled();
    throw error;
  }
  if (!user || !passwordMatches || user.disabledAt) {
    await reservation.failed();
    throw new Validation(user?.disabledAt && passwordMatches ? "This account is disabled." : WRONG_CREDENTIALS);
  }

  const token = newSessionToken();
  const expiresAt = new Date(ctx.now().getTime() + ctx.settings.sessionTtlHours * 3600_000);
  const actor = actorFromUser(user);
  await ctx.db.$transaction(async (tx) => {
    await tx.session.create({ data: { id: sessionIdFor(token), userId: user.id, expiresAt } });
    await recordAudit(tx, actor, actor.processId, { action: "session.signIn", subjectType: "user", subjectId: user.id });
  });
  await reservation.succeeded();
  return { token, expiresAt, actor };
}
