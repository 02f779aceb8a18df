import type { Actor } from "../policies";
import { authorizeProcess } from "../domain/kernel/authorize";
import type { DomainContext } from "../domain/kernel/context";

export async function listNotifications(ctx: DomainContext, actor: Actor | null) {
  const { userId } = authorizeProcess(actor, "process.read");
  return ctx.db.notification.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: 100 });
}

export async function countUnreadNotifications(ctx: DomainContext, actor: Actor | null) {
  const { userId } = authorizeProcess(actor, "process.read");
  return ctx.db.notification.count({ where: { userId, readAt: null } });
}
