import type { Actor } from "../policies";
import type { DomainContext } from "./context";
import { getDocument } from "./getDocument";
import { visibleThreadsWhere } from "./threadAccess";

/** Open threads the actor may see, per block (the editor's comment badges). */
export async function countThreadsByBlock(ctx: DomainContext, actor: Actor | null, documentId: string) {
  const { document } = await getDocument(ctx, actor, documentId);
  const rows = await ctx.db.commentThread.groupBy({
    by: ["blockId"],
    where: { documentId: document.id, resolvedAt: null, ...visibleThreadsWhere(actor!) },
    _count: { _all: true },
  });
  return Object.fromEntries(rows.map((row) => [row.blockId, row._count._all])) as Record<string, number>;
}
