import type { DomainContext } from "../kernel/context";
import { NotFound } from "../kernel/errors";

/** A user of the actor's process, with their participant; NotFound otherwise. */
export async function findManagedUser(ctx: DomainContext, processId: string, userId: string) {
  const user = await ctx.db.user.findFirst({ where: { id: userId, participant: { processId } }, include: { participant: true } });
  if (!user) throw new NotFound("User not found.");
  return user;
}
