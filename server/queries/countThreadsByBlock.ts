import type { Actor } from "../policies";
import type { DomainContext } from "../domain/kernel/context";
import { visibleThreadsWhere } from "../domain/comments/threadAccess";

/** Open threads the actor may see, per block (the editor's comment badges). For a document already authorised. */
export async function countThreadsByBlock(ctx: DomainContext, actor: Actor, documentId: string) {
  const rows = await ctx.db.commentThread.groupBy({
    by: ["blockId"],
    where: { documentId, resolvedAt: null, ...visibleThreadsWhere(actor) },
    _count: { _all: true },
  });
  return Object.fromEntries(rows.map((row) => [row.blockId, row._count._all])) as Record<string, number>;
}
