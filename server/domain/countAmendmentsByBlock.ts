import type { Actor } from "../policies";
import type { DomainContext } from "./context";
import { getDocument } from "./getDocument";

/** Tabled amendments per block (the editor's badges), and the states that tabled any. */
export async function countAmendmentsByBlock(ctx: DomainContext, actor: Actor | null, documentId: string) {
  const { document } = await getDocument(ctx, actor, documentId);
  const [byBlock, proposers] = await Promise.all([
    ctx.db.amendment.groupBy({ by: ["targetBlockId"], where: { documentId: document.id, status: "tabled" }, _count: { _all: true } }),
    ctx.db.participant.findMany({
      where: { amendments: { some: { documentId: document.id, status: { not: "draft" } } } },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
  ]);
  return {
    counts: Object.fromEntries(byBlock.map((row) => [row.targetBlockId, row._count._all])) as Record<string, number>,
    proposers,
  };
}
