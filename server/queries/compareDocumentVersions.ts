import { z } from "zod";
import { compareVersions } from "../../app/editor/compare";
import type { Actor } from "../policies";
import type { DomainContext } from "../domain/kernel/context";
import { NotFound } from "../domain/kernel/errors";
import { fields, parseInput } from "../domain/kernel/validation";
import { getDocument } from "../domain/documents/getDocument";
import type { Effect } from "../domain/amendments/decisionText";

const compareInput = z.object({
  from: fields.id,
  to: fields.id,
  /** Only blocks touched by this state's amendments (proposed or co-sponsored). */
  state: fields.id.optional(),
});

/** Every block a decision touched: changed, inserted or deleted. */
function touchedBlocks(effectsJson: string): string[] {
  try {
    return (JSON.parse(effectsJson) as Effect[]).flatMap((effect) =>
      effect.kind === "insert" ? [effect.afterBlockId, ...effect.blockIds] : [effect.blockId],
    );
  } catch {
    return [];
  }
}

/**
 * Two versions of a document compared block by block (aligned by stable id: inserted, deleted,
 * moved, changed), with word-level diffs and, for each changed block, the chair's decisions
 * between the two versions that produced the change and whose amendments they were.
 */
export async function compareDocumentVersions(ctx: DomainContext, actor: Actor | null, documentId: string, query: unknown) {
  const { document } = await getDocument(ctx, actor, documentId);
  const input = parseInput(compareInput, query);
  const versions = await ctx.db.version.findMany({
    where: { documentId: document.id, id: { in: [input.from, input.to] } },
    select: { id: true, label: true, sequence: true, issuedAt: true, blocks: { orderBy: { position: "asc" } } },
  });
  const from = versions.find((version) => version.id === input.from);
  const to = versions.find((version) => version.id === input.to);
  if (!from || !to) throw new NotFound("Version not found.");
  const [older, newer] = from.sequence <= to.sequence ? [from, to] : [to, from];

  const rows = compareVersions(from.blocks, to.blocks, document.language);
  const decisions = await ctx.db.amendmentDecision.findMany({
    where: {
      documentId: document.id,
      decidedAt: { gt: older.issuedAt, lte: newer.issuedAt },
      OR: [{ reopenedAt: null }, { reopenedAt: { gt: newer.issuedAt } }],
    },
    orderBy: { decidedAt: "asc" },
  });
  const amendmentIds = [...new Set(decisions.flatMap((decision) => JSON.parse(decision.amendmentIds) as string[]))];
  const amendments = await ctx.db.amendment.findMany({
    where: { id: { in: amendmentIds } },
    select: { id: true, participantId: true, participant: { select: { name: true } }, sponsors: { select: { participantId: true } } },
  });
  const amendmentById = new Map(amendments.map((amendment) => [amendment.id, amendment]));
  const attribution = new Map<string, { decisionId: string; kind: string; amendments: { id: string; proposer: string }[] }[]>();
  const byState = new Map<string, Set<string>>();
  for (const decision of decisions) {
    const ids = JSON.parse(decision.amendmentIds) as string[];
    const entry = {
      decisionId: decision.id,
      kind: decision.kind,
      amendments: ids.map((id) => ({ id, proposer: amendmentById.get(id)?.participant.name ?? "" })),
    };
    for (const blockId of touchedBlocks(decision.effects)) {
      const list = attribution.get(blockId) ?? [];
      list.push(entry);
      attribution.set(blockId, list);
      for (const id of ids) {
        const amendment = amendmentById.get(id);
        for (const participantId of [amendment?.participantId, ...(amendment?.sponsors.map((sponsor) => sponsor.participantId) ?? [])]) {
          if (!participantId) continue;
          const set = byState.get(participantId) ?? new Set<string>();
          set.add(blockId);
          byState.set(participantId, set);
        }
      }
    }
  }
  const stateBlocks = input.state ? (byState.get(input.state) ?? new Set<string>()) : null;
  const states = await ctx.db.participant.findMany({
    where: { id: { in: [...byState.keys()] } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  const shown = rows
    .filter((row) => !stateBlocks || stateBlocks.has(row.blockId))
    .map((row) => ({ ...row, decisions: row.change === "unchanged" && !row.moved ? [] : (attribution.get(row.blockId) ?? []) }));
  return {
    document: { id: document.id, title: document.title, symbol: document.symbol, language: document.language },
    from: { id: from.id, label: from.label },
    to: { id: to.id, label: to.label },
    rows: shown,
    summary: {
      changed: rows.filter((row) => row.change === "changed").length,
      inserted: rows.filter((row) => row.change === "inserted").length,
      deleted: rows.filter((row) => row.change === "deleted").length,
      moved: rows.filter((row) => row.moved).length,
    },
    states,
    state: input.state ?? null,
  };
}
