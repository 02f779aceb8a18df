import type { DomainContext } from "../domain/kernel/context";

/** Tabled amendments per block (the editor's badges), and the states that tabled any. For a document already authorised. */
export async function countAmendmentsByBlock(ctx: DomainContext, documentId: string) {
  const [byBlock, proposers] = await Promise.all([
    ctx.db.amendment.groupBy({ by: ["targetBlockId"], where: { documentId, status: "tabled" }, _count: { _all: true } }),
    ctx.db.participant.findMany({
      // Tabled at least once: a draft withdrawn before tabling stays private to its delegation.
      where: { amendments: { some: { documentId, tabledAt: { not: null } } } },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
  ]);
  return {
    counts: Object.fromEntries(byBlock.map((row) => [row.targetBlockId, row._count._all])) as Record<string, number>,
    proposers,
  };
}
