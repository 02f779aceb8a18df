import { z } from "zod";
import type { Actor } from "../policies";
import { authorizeProcess } from "../domain/kernel/authorize";
import type { DomainContext } from "../domain/kernel/context";
import { parseInput } from "../domain/kernel/validation";

const PAGE_SIZE = 100;
// Ids are 32-bit integers in the database; a larger "before" (1e308) is a bad request, not a query.
const listInput = z.object({ before: z.coerce.number().int().positive().max(2_147_483_647).optional() });

/** Newest first, paged by id so new entries never shift a page. */
export async function listAuditEntries(ctx: DomainContext, actor: Actor | null, input: unknown) {
  const { processId } = authorizeProcess(actor, "audit.read");
  const { before } = parseInput(listInput, input);
  const entries = await ctx.db.auditEntry.findMany({
    where: { processId, ...(before ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: PAGE_SIZE + 1,
  });
  const page = entries.slice(0, PAGE_SIZE);
  return { entries: page, nextBefore: entries.length > PAGE_SIZE ? page.at(-1)?.id ?? null : null };
}
