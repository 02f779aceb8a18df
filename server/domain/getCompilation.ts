import type { Actor } from "../policies";
import type { DomainContext } from "./context";
import { getDocument } from "./getDocument";
import { loadAmendmentRecords } from "./loadAmendmentRecords";
import { attributionLine, presentAmendments, type AmendmentView } from "./presentAmendments";
import { readBaseBlocks } from "./readBaseBlocks";

/**
 * The compilation text: the whole document with every tabled amendment under its block,
 * attributed. This is the text chairs and delegations negotiate from.
 */
export async function getCompilation(ctx: DomainContext, actor: Actor | null, documentId: string) {
  const { document } = await getDocument(ctx, actor, documentId);
  const { records, participants } = await loadAmendmentRecords(ctx, document.processId, { documentId: document.id, status: "tabled" });
  const blocks = readBaseBlocks(ctx, document.id);
  const views = presentAmendments(records, participants, blocks, document.language);
  const byBlock = new Map<string, (AmendmentView & { attribution: string })[]>();
  for (const view of views) {
    const list = byBlock.get(view.targetBlockId) ?? [];
    list.push({ ...view, attribution: attributionLine(view) });
    byBlock.set(view.targetBlockId, list);
  }
  const orphans = views.filter((view) => view.targetMissing).map((view) => ({ ...view, attribution: attributionLine(view) }));
  return {
    document,
    blocks: blocks.map((block) => ({ ...block, amendments: byBlock.get(block.id) ?? [] })),
    orphans,
    amendmentCount: views.length,
    generatedAt: ctx.now().toISOString(),
  };
}
