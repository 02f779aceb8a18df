import type { Actor } from "../../policies";
import type { DomainContext } from "../kernel/context";
import { actorFromUser, actorUserInclude, sessionIdFor } from "./sessions";

/** The actor behind a session cookie, or null when the session is unknown, expired or disabled. */
export async function getActorForSession(ctx: DomainContext, token: string | undefined): Promise<Actor | null> {
  return (await getSessionActor(ctx, token))?.actor ?? null;
}

/** The actor and when the session expires: long-lived connections close at that moment. */
export async function getSessionActor(ctx: DomainContext, token: string | undefined): Promise<{ actor: Actor; expiresAt: Date } | null> {
  if (!token) return null;
  const session = await ctx.db.session.findUnique({
    where: { id: sessionIdFor(token) },
    include: { user: { include: actorUserInclude } },
  });
  if (!session || session.expiresAt <= ctx.now() || session.user.disabledAt) return null;
  return { actor: actorFromUser(session.user), expiresAt: session.expiresAt };
}
