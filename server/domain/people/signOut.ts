import type { DomainContext } from "../kernel/context";
import { sessionIdFor } from "./sessions";

export async function signOut(ctx: DomainContext, token: string) {
  const session = await ctx.db.session.findUnique({ where: { id: sessionIdFor(token) } });
  if (!session) return;
  await ctx.db.session.delete({ where: { id: session.id } });
  ctx.events.emit("user.accessChanged", session.userId);
}
