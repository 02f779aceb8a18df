import { amendmentResource, can, type Actor } from "../policies";
import type { DomainContext } from "../domain/kernel/context";
import { getDocument } from "../domain/documents/getDocument";
import { loadAmendmentRecords } from "../domain/amendments/loadAmendmentRecords";
import { attributionLine, presentAmendments, type AmendmentView } from "./presentAmendments";
import { readBaseBlocks } from "../domain/documents/readBaseBlocks";

/** Only what the compilation shows of an amendment: the page carries thousands of them. */
function compiled(view: AmendmentView) {
  const alternative = view.operation === "alternative";
  return {
    id: view.id,
    operation: view.operation,
    colour: view.proposer.colour,
    proposer: view.proposer.name,
    provisionalLabel: view.provisionalLabel,
    outdated: view.outdated,
    diff: alternative ? [] : view.diff,
    baseText: alternative ? view.baseText : "",
    proposedText: alternative || view.targetMissing ? view.proposedText : "",
    targetNumberWhenTabled: view.targetNumberWhenTabled,
    justification: view.justification,
    attribution: attributionLine(view),
  };
}

/**
 * The compilation text: the whole document with every tabled amendment under its block,
 * attributed. This is the text chairs and delegations negotiate from.
 */
export async function getCompilation(ctx: DomainContext, actor: Actor | null, documentId: string) {
  const { document, me } = await getDocument(ctx, actor, documentId);
  const { records, participants } = await loadAmendmentRecords(ctx, me, { documentId: document.id, status: "tabled" });
  const blocks = await readBaseBlocks(ctx, document.id);
  const views = presentAmendments(records, participants, blocks);
  const byBlock = new Map<string, ReturnType<typeof compiled>[]>();
  for (const view of views) {
    const list = byBlock.get(view.targetBlockId) ?? [];
    list.push(compiled(view));
    byBlock.set(view.targetBlockId, list);
  }
  return {
    document: { id: document.id, title: document.title, symbol: document.symbol, language: document.language },
    blocks: blocks.map((block) => ({ ...block, amendments: byBlock.get(block.id) ?? [] })),
    orphans: views.filter((view) => view.targetMissing).map(compiled),
    amendmentCount: views.length,
    // Every compiled amendment is tabled and public: one check answers for all of them.
    canDecide: can(
      me,
      "amendment.decide",
      amendmentResource({ id: "compiled", participantId: "compiled", status: "tabled", tabledAt: ctx.now() }, document),
    ),
    generatedAt: ctx.now().toISOString(),
  };
}
