import { z } from "zod";
import { compareVersions, type KnownResolution } from "../../app/editor/compare";
import type { Actor } from "../policies";
import type { DomainContext } from "../domain/kernel/context";
import { NotFound } from "../domain/kernel/errors";
import { fields, parseInput } from "../domain/kernel/validation";
import { getDocument } from "../domain/documents/getDocument";
import type { Effect } from "../domain/amendments/decisionText";
import { RESOLVE_OPTIONS, chosenOption } from "../domain/amendments/resolveOptionSet";
import { editorsBetween, roomAuthorship } from "../domain/versions/editAttribution";

/** The two versions to compare and the state filter, from the compare page's URL. */
export const compareInput = z.object({
  from: fields.id,
  to: fields.id,
  /** Only blocks touched by this state's amendments (proposed or co-sponsored). */
  state: fields.id.optional(),
});

type Issued = { id: string; issuedAt: Date };

/** The decisions in force between two versions: taken after the older, not reopened before the newer. */
const decidedBetween = (documentId: string, older: Issued, newer: Issued) => ({
  documentId,
  decidedAt: { gt: older.issuedAt, lte: newer.issuedAt },
  OR: [{ reopenedAt: null }, { reopenedAt: { gt: newer.issuedAt } }],
});

/** The option each option set resolved between two versions was resolved to, by block id (the last resolution wins). */
async function resolutionsBetween(ctx: DomainContext, documentId: string, older: Issued, newer: Issued) {
  const decisions = await ctx.db.amendmentDecision.findMany({
    where: { ...decidedBetween(documentId, older, newer), kind: RESOLVE_OPTIONS },
    orderBy: { decidedAt: "asc" },
    select: { effects: true, wording: true, reason: true },
  });
  const known = new Map<string, KnownResolution>();
  for (const decision of decisions) {
    const chosen = chosenOption(decision.effects, decision.wording);
    const blockId = touchedBlocks(decision.effects)[0];
    if (chosen && blockId)
      known.set(blockId, { key: chosen.key, attribution: chosen.attribution, text: chosen.text, reason: decision.reason });
  }
  return known;
}

/**
 * The comparison of a pair of versions and who edited which block between them: versions never
 * change, so each pair is computed once and kept (a few pairs, least recently used out), never
 * per view.
 */
const PAIRS = 16;
const pairs = new Map<string, Promise<{ rows: ReturnType<typeof compareVersions>; editors: Map<string, Set<string>> }>>();
function comparedPair(ctx: DomainContext, documentId: string, language: string, from: Issued, to: Issued, forward: boolean) {
  const [fromId, toId] = [from.id, to.id];
  const key = `${fromId}\u0000${toId}`;
  let pair = pairs.get(key);
  if (pair) {
    pairs.delete(key);
    pairs.set(key, pair);
    return pair;
  }
  pair = (async () => {
    const [before, after] = await Promise.all(
      [fromId, toId].map((id) =>
        ctx.db.version.findUniqueOrThrow({ where: { id }, select: { yState: true, blocks: { orderBy: { position: "asc" } } } }),
      ),
    );
    const [older, newer] = forward ? [from, to] : [to, from];
    // Resolutions are read only forwards: from a later version to an earlier one a set reappears.
    const known = forward ? await resolutionsBetween(ctx, documentId, older, newer) : new Map<string, KnownResolution>();
    const rows = compareVersions(before!.blocks, after!.blocks, language, known);
    const [olderState, newerState] = forward ? [before!, after!] : [after!, before!];
    const editors = editorsBetween(
      new Uint8Array(olderState.yState),
      new Uint8Array(newerState.yState),
      await roomAuthorship(ctx, documentId),
    );
    return { rows, editors };
  })();
  pairs.set(key, pair);
  void pair.catch(() => pairs.delete(key));
  while (pairs.size > PAIRS) pairs.delete(pairs.keys().next().value!);
  return pair;
}

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
export async function compareDocumentVersions(
  ctx: DomainContext,
  actor: Actor | null,
  documentId: string,
  query: z.input<typeof compareInput>,
) {
  const { document } = await getDocument(ctx, actor, documentId);
  const input = parseInput(compareInput, query);
  const versions = await ctx.db.version.findMany({
    where: { documentId: document.id, id: { in: [input.from, input.to] } },
    select: { id: true, label: true, sequence: true, issuedAt: true },
  });
  const from = versions.find((version) => version.id === input.from);
  const to = versions.find((version) => version.id === input.to);
  if (!from || !to) throw new NotFound("Version not found.");
  const [older, newer] = from.sequence <= to.sequence ? [from, to] : [to, from];

  const { rows, editors } = await comparedPair(ctx, document.id, document.language, from, to, older.id === from.id);
  const decisions = await ctx.db.amendmentDecision.findMany({
    where: decidedBetween(document.id, older, newer),
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
    for (const blockId of new Set(touchedBlocks(decision.effects))) {
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
  // Participants' own edits (typing, deleting, formatting) count as touching the paragraph too.
  const editedBy = new Map<string, Set<string>>();
  for (const [blockId, participants] of editors) {
    for (const participantId of participants) {
      const set = byState.get(participantId) ?? new Set<string>();
      set.add(blockId);
      byState.set(participantId, set);
      editedBy.set(participantId, (editedBy.get(participantId) ?? new Set()).add(blockId));
    }
  }
  const stateBlocks = input.state ? (byState.get(input.state) ?? new Set<string>()) : null;
  const states = await ctx.db.participant.findMany({
    where: { id: { in: [...byState.keys()] } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  const nameOf = new Map(states.map((each) => [each.id, each.name]));
  const shown = rows
    .filter((row) => !stateBlocks || stateBlocks.has(row.blockId))
    .map((row) => ({
      ...row,
      decisions: row.change === "unchanged" && !row.moved ? [] : (attribution.get(row.blockId) ?? []),
      /** Participants whose own edits changed the paragraph between the two versions. */
      editors: [...(editors.get(row.blockId) ?? [])]
        .map((id) => ({ id, name: nameOf.get(id) ?? "" }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }));
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
