import type { Actor } from "../policies";
import { authorizeProcess } from "../domain/kernel/authorize";
import type { DomainContext } from "../domain/kernel/context";
import { readBaseBlocks } from "../domain/documents/readBaseBlocks";
import { AMENDMENT_FATE_NAMES, carriedForwardSince } from "../../common/vocabulary";

const DECIDED_WORDS: Record<string, string> = {
  accepted: "Accepted",
  accepted_with_changes: "Accepted with changes",
  merged: "Merged into a compromise",
  not_retained: "Not retained",
  withdrawn: "Withdrawn",
  tabled: "Undecided",
};

/**
 * "Where did my proposal go" (docs/decisions/029): every amendment the actor's state proposed or
 * co-sponsored, across versions: its fate in each version, the version where it was settled,
 * the decision's reason, and where the resulting wording (or the compromise) now stands.
 */
export async function getProposalTrail(ctx: DomainContext, actor: Actor | null) {
  const me = authorizeProcess(actor, "process.read");
  const amendments = await ctx.db.amendment.findMany({
    where: {
      document: { processId: me.processId },
      tabledAt: { not: null },
      OR: [{ participantId: me.participantId }, { sponsors: { some: { participantId: me.participantId } } }],
    },
    include: {
      document: { select: { id: true, title: true, symbol: true } },
      participant: { select: { name: true } },
      revisions: { orderBy: { number: "desc" }, take: 1, select: { baseNumber: true, proposedText: true } },
      fates: { include: { version: { select: { id: true, label: true, sequence: true, documentId: true } } } },
    },
    orderBy: [{ documentId: "asc" }, { tabledAt: "asc" }],
  });
  const decisionIds = [...new Set(amendments.map((amendment) => amendment.decisionId).filter((id): id is string => id !== null))];
  const decisions = await ctx.db.amendmentDecision.findMany({ where: { id: { in: decisionIds } } });
  const decisionById = new Map(decisions.map((decision) => [decision.id, decision]));
  const versions = await ctx.db.version.findMany({
    where: { documentId: { in: [...new Set(amendments.map((amendment) => amendment.documentId))] } },
    select: { id: true, documentId: true, sequence: true, label: true },
    orderBy: { sequence: "asc" },
  });
  const numbersByDocument = new Map<string, Map<string, string | null>>();
  // Alternatives accepted into an option set: the option each one is now, while the set is open.
  const openOption = new Map<string, string>();
  for (const documentId of new Set(amendments.map((amendment) => amendment.documentId))) {
    const blocks = await readBaseBlocks(ctx, documentId);
    numbersByDocument.set(documentId, new Map(blocks.map((block) => [block.id, block.number])));
    for (const block of blocks)
      for (const option of block.options ?? []) if (option.amendmentId) openOption.set(option.amendmentId, `Option ${option.key}`);
  }
  // …and, once the chair resolved a set, whether it kept this amendment's option.
  const alternatives = amendments.filter((amendment) => amendment.operation === "alternative" && amendment.decisionId);
  const resolutions =
    alternatives.length === 0
      ? []
      : await ctx.db.amendmentDecision.findMany({
          where: {
            kind: "resolve_options",
            reopenedAt: null,
            OR: alternatives.map((amendment) => ({ amendmentIds: { contains: `"${amendment.id}"` } })),
          },
          orderBy: { decidedAt: "desc" },
        });
  const optionOutcome = (amendment: (typeof amendments)[number], accepted: string | null) => {
    if (amendment.operation !== "alternative" || !accepted) return "";
    const open = openOption.get(amendment.id);
    if (open) return `; offered as ${open}, the Chair has not chosen between the options yet`;
    const resolution = resolutions.find((each) => (JSON.parse(each.amendmentIds) as string[]).includes(amendment.id));
    if (!resolution) return "";
    return resolution.wording === accepted
      ? "; the Chair resolved the options in its favour"
      : "; the Chair resolved the options to another wording";
  };

  return amendments.map((amendment) => {
    const fates = [...amendment.fates].sort((a, b) => a.version.sequence - b.version.sequence);
    const settled = fates.find((fate) => fate.fate !== "carried_forward") ?? null;
    const decision = amendment.decisionId ? (decisionById.get(amendment.decisionId) ?? null) : null;
    const previous = settled
      ? versions.filter((version) => version.documentId === amendment.documentId && version.sequence < settled.version.sequence).at(-1)
      : undefined;
    const numbers = numbersByDocument.get(amendment.documentId)!;
    const resulting = decision
      ? (JSON.parse(decision.resultingBlockIds) as string[]).map((blockId) => ({
          blockId,
          number: numbers.get(blockId) ?? null,
          present: numbers.has(blockId),
        }))
      : [];
    const fate = settled
      ? `${AMENDMENT_FATE_NAMES[settled.fate] ?? settled.fate} in ${settled.version.label}`
      : amendment.status === "tabled"
        ? fates.length > 0
          ? carriedForwardSince(fates[0]!.version.label)
          : "Undecided"
        : `${DECIDED_WORDS[amendment.status] ?? amendment.status}; the next version will record it`;
    const summary = fate + optionOutcome(amendment, decision?.wording ?? null);
    return {
      id: amendment.id,
      document: amendment.document,
      role: amendment.participantId === me.participantId ? ("proposer" as const) : ("co-sponsor" as const),
      proposer: amendment.participant.name,
      operation: amendment.operation,
      status: amendment.status,
      target: numbers.get(amendment.targetBlockId) ?? amendment.revisions[0]?.baseNumber ?? null,
      proposedText: amendment.revisions[0]?.proposedText ?? "",
      summary,
      settledIn: settled ? { versionId: settled.version.id, label: settled.version.label, previousVersionId: previous?.id ?? null } : null,
      history: fates.map((fate) => ({
        version: fate.version.label,
        fate: AMENDMENT_FATE_NAMES[fate.fate] ?? fate.fate,
        outdated: fate.outdated,
      })),
      decision: decision
        ? {
            kind: decision.kind,
            reason: decision.reason,
            wording: decision.wording,
            decidedAt: decision.decidedAt.toISOString(),
            mergedWith: (JSON.parse(decision.amendmentIds) as string[]).filter((id) => id !== amendment.id),
          }
        : null,
      resulting,
    };
  });
}
