import type { Actor } from "../../policies";
import { authorizeProcess } from "../kernel/authorize";
import type { DomainContext } from "../kernel/context";

/**
 * The actor marks all their unread notifications read ("Mark all as read"). A write, so a
 * command: queries never write (docs/decisions/025). Only the actor's own, at the domain's clock.
 */
export async function markNotificationsRead(ctx: DomainContext, actor: Actor): Promise<number> {
  const { userId } = authorizeProcess(actor, "process.read");
  const { count } = await ctx.db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: ctx.now() } });
  return count;
}
