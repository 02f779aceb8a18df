import type { DomainContext } from "../kernel/context";
import { providerOf } from "../../db/client";
import { jsonValues, rawQuery, rawSqlOf } from "../kernel/rawSql";

/**
 * Who hears of what happens to amendments: for each amendment, the active users of its
 * proposing state, its co-sponsors and every state with a position on it (in that order, each
 * user once).
 *
 * One raw query: a bulk of decisions asks for up to 500 amendments, and four typed reads
 * (amendments, sponsors, positions, users) cost Prisma about 17 ms for 100 of them.
 */
export async function concernedUsers(ctx: DomainContext, amendmentIds: readonly string[]): Promise<Map<string, string[]>> {
  const ids = [...new Set(amendmentIds)];
  const usersOf = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return usersOf;
  const idList = jsonValues(providerOf(ctx.db), ids);
  const rows = await rawQuery<{ amendmentId: string; userId: string }>(await rawSqlOf(ctx.db), [
    'SELECT c."amendmentId", u."id" AS "userId" FROM (',
    'SELECT "id" AS "amendmentId", "participantId", 0 AS "rank" FROM "Amendment" WHERE "id" IN (',
    ...idList,
    ') UNION ALL SELECT "amendmentId", "participantId", 1 AS "rank" FROM "AmendmentSponsor" WHERE "amendmentId" IN (',
    ...idList,
    ') UNION ALL SELECT "amendmentId", "participantId", 2 AS "rank" FROM "Position" WHERE "amendmentId" IN (',
    ...idList,
    ')) c JOIN "User" u ON u."participantId" = c."participantId" AND u."disabledAt" IS NULL',
    ' ORDER BY c."amendmentId", c."rank", c."participantId", u."id"',
  ]);
  for (const { amendmentId, userId } of rows) {
    const users = usersOf.get(amendmentId)!;
    if (!users.includes(userId)) users.push(userId);
  }
  return usersOf;
}
