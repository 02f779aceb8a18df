import type { DomainContext } from "../kernel/context";

/**
 * Who hears of what happens to amendments: for each amendment, the active users of its
 * proposing state, its co-sponsors and every state with a position on it.
 */
export async function concernedUsers(ctx: DomainContext, amendmentIds: readonly string[]): Promise<Map<string, string[]>> {
  const ids = [...new Set(amendmentIds)];
  const [amendments, sponsors, positions] = await Promise.all([
    ctx.db.amendment.findMany({ where: { id: { in: ids } }, select: { id: true, participantId: true } }),
    ctx.db.amendmentSponsor.findMany({ where: { amendmentId: { in: ids } }, select: { amendmentId: true, participantId: true } }),
    ctx.db.position.findMany({ where: { amendmentId: { in: ids } }, select: { amendmentId: true, participantId: true } }),
  ]);
  const participantsOf = new Map<string, Set<string>>();
  for (const row of [
    ...amendments.map((amendment) => ({ amendmentId: amendment.id, participantId: amendment.participantId })),
    ...sponsors,
    ...positions,
  ]) {
    const set = participantsOf.get(row.amendmentId) ?? new Set<string>();
    set.add(row.participantId);
    participantsOf.set(row.amendmentId, set);
  }
  const participantIds = new Set([...participantsOf.values()].flatMap((set) => [...set]));
  const users = await ctx.db.user.findMany({
    where: { participantId: { in: [...participantIds] }, disabledAt: null },
    select: { id: true, participantId: true },
  });
  const usersOf = new Map<string, string[]>();
  for (const user of users) usersOf.set(user.participantId, [...(usersOf.get(user.participantId) ?? []), user.id]);
  return new Map([...participantsOf].map(([amendmentId, set]) => [amendmentId, [...set].flatMap((id) => usersOf.get(id) ?? [])]));
}
