import { amendmentResource, can, documentResource, type Actor } from "../policies";
import type { DomainContext } from "../domain/kernel/context";
import { getDocument } from "../domain/documents/getDocument";
import { loadAmendmentRecords } from "../domain/amendments/loadAmendmentRecords";
import { attributionLine, presentAmendments, type AmendmentView } from "./presentAmendments";
import { readBaseBlocks } from "../domain/documents/readBaseBlocks";
import { compilationSections } from "./compilationSections";
import { isCoarse } from "../../app/editor/diff";
import type { AmendmentOperation } from "../../common/vocabulary";

/** A word diff as the compilation page carries it: "=" unchanged, "+" inserted, "-" deleted. */
export type CompactDiffPart = ["=" | "+" | "-", string];

const PART_MARK = { same: "=", inserted: "+", deleted: "-" } as const;

/**
 * Only what the compilation shows of an amendment: the page carries hundreds of them, twice (the
 * markup and the data it hydrates from), so what is absent is left out rather than sent empty.
 */
export interface CompiledAmendment {
  id: string;
  operation: AmendmentOperation;
  colour: string;
  proposer: string;
  provisionalLabel?: string;
  outdated?: true;
  /** The word diff (every operation but an alternative). */
  parts?: CompactDiffPart[];
  /** Changed too much to show word by word (see diff.ts). */
  coarse?: true;
  /** An alternative's two wordings; the proposed text alone for an amendment whose paragraph is gone. */
  baseText?: string;
  proposedText?: string;
  targetNumberWhenTabled?: string;
  justification?: string;
  attribution: string;
}

function compiled(view: AmendmentView): CompiledAmendment {
  const alternative = view.operation === "alternative";
  return {
    id: view.id,
    operation: view.operation,
    colour: view.proposer.colour,
    proposer: view.proposer.name,
    provisionalLabel: view.provisionalLabel ?? undefined,
    outdated: view.outdated ? true : undefined,
    parts: alternative ? undefined : view.diff.map((part): CompactDiffPart => [PART_MARK[part.kind], part.text]),
    coarse: !alternative && isCoarse(view.diff) ? true : undefined,
    baseText: alternative ? view.baseText : undefined,
    proposedText: alternative || view.targetMissing ? view.proposedText : undefined,
    targetNumberWhenTabled: view.targetNumberWhenTabled ?? undefined,
    justification: view.justification || undefined,
    attribution: attributionLine(view),
  };
}

export interface CompilationOptions {
  /** The section to show with its amendments (1-based), or "all" for the whole compilation (printing). */
  section?: number | "all";
  /** The clean text: the whole text, no amendments loaded. */
  clean?: boolean;
}

/**
 * The compilation text: the document with every tabled amendment under its block, attributed.
 * This is the text chairs and delegations negotiate from. With thousands of amendments the page
 * shows one section at a time (compilationSections.ts) and loads only that section's amendments;
 * "all" and the clean text cover the whole document.
 */
export async function getCompilation(ctx: DomainContext, actor: Actor | null, documentId: string, options: CompilationOptions = {}) {
  const { document, me } = await getDocument(ctx, actor, documentId);
  const [blocks, counted] = await Promise.all([
    readBaseBlocks(ctx, document.id),
    // Tabled amendments are public: counting them needs no visibility filter.
    ctx.db.amendment.groupBy({ by: ["targetBlockId"], where: { documentId: document.id, status: "tabled" }, _count: { _all: true } }),
  ]);
  const countByBlock = new Map(counted.map((row) => [row.targetBlockId, row._count._all]));
  const present = new Set(blocks.map((block) => block.id));
  const orphanBlockIds = [...countByBlock.keys()].filter((id) => !present.has(id));
  const sections = compilationSections(blocks, countByBlock);
  const wanted: number | "all" =
    options.section === "all" ? "all" : Math.min(Math.max(1, Math.trunc(options.section ?? 1) || 1), sections.length || 1);
  const shown = wanted === "all" || options.clean ? null : sections[wanted - 1];
  const lastShown = wanted === "all" || wanted === sections.length;
  const shownBlocks = shown ? blocks.filter((block) => shown.blockIds.includes(block.id)) : blocks;
  let views: AmendmentView[] = [];
  if (!options.clean) {
    const blockIds = shown ? [...shown.blockIds, ...(lastShown ? orphanBlockIds : [])] : null;
    const filter = { documentId: document.id, status: "tabled", ...(blockIds ? { targetBlockIds: blockIds } : {}) };
    const { records, participants } = await loadAmendmentRecords(ctx, me, filter);
    views = presentAmendments(records, participants, blocks);
  }
  const byBlock = new Map<string, CompiledAmendment[]>();
  for (const view of views) {
    if (view.targetMissing) continue;
    const list = byBlock.get(view.targetBlockId) ?? [];
    list.push(compiled(view));
    byBlock.set(view.targetBlockId, list);
  }
  return {
    document: { id: document.id, title: document.title, symbol: document.symbol, language: document.language },
    sections: sections.map(({ index, label, amendmentCount }) => ({ index, label, amendmentCount })),
    section: wanted,
    clean: Boolean(options.clean),
    blocks: shownBlocks.map(({ id, kind, number, status, text, options }) => ({
      id,
      kind,
      number,
      status,
      text,
      options: options ?? [],
      amendments: byBlock.get(id) ?? [],
    })),
    orphans: views.filter((view) => view.targetMissing).map(compiled),
    orphanCount: orphanBlockIds.reduce((sum, id) => sum + (countByBlock.get(id) ?? 0), 0),
    amendmentCount: counted.reduce((sum, row) => sum + row._count._all, 0),
    // Every compiled amendment is tabled and public: one check answers for all of them.
    canDecide: can(
      me,
      "amendment.decide",
      amendmentResource({ id: "compiled", participantId: "compiled", status: "tabled", tabledAt: ctx.now() }, document),
    ),
    canResolveOptions: can(me, "block.resolveOptions", documentResource(document)),
    generatedAt: ctx.now().toISOString(),
  };
}
