import { Prisma } from "@prisma/client";
import type { Actor } from "../../policies";

/**
 * "amendment.read" as a database condition: amendments tabled at least once, plus the actor's
 * own delegation's drafts. tests/domain/visibility.test.ts proves it agrees with the policy row
 * for every role and every kind of amendment.
 */
export function visibleAmendmentsWhere(actor: Actor): Prisma.AmendmentWhereInput {
  return { OR: [{ tabledAt: { not: null } }, { participantId: actor.participantId }] };
}

/** The same condition as SQL over "Amendment" a (portable: SQLite today, Postgres later). */
export function visibleAmendmentsSql(actor: Actor): Prisma.Sql {
  return Prisma.sql`(a."tabledAt" IS NOT NULL OR a."participantId" = ${actor.participantId})`;
}
