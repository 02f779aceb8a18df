import type { Actor } from "../policies";
import type { DomainContext } from "../domain/kernel/context";
import { Unauthorized } from "../domain/kernel/errors";
import { loadAmendment } from "../domain/amendments/loadAmendment";

/**
 * The chair's decisions on one amendment, latest first: the one in force and any reopened
 * before it, with who decided, the wording applied, the reason, the amendments merged with it,
 * and the version that recorded its fate (after which it can no longer be reopened).
 */
export async function getAmendmentDecisions(ctx: DomainContext, actor: Actor | null, amendmentId: string) {
  if (!actor) throw new Unauthorized();
  const amendment = await loadAmendment(ctx, actor, amendmentId);
  if (amendment.status === "draft") return { decisions: [], fates: [] };
  const [decisions, fates] = await Promise.all([
    ctx.db.amendmentDecision.findMany({
      where: { documentId: amendment.documentId, amendmentIds: { contains: `"${amendmentId}"` } },
      orderBy: { decidedAt: "desc" },
    }),
    ctx.db.amendmentFate.findMany({
      where: { amendmentId },
      include: { version: { select: { id: true, label: true, issuedAt: true } } },
      orderBy: { version: { sequence: "asc" } },
    }),
  ]);
  const userIds = [...new Set(decisions.flatMap((decision) => [decision.decidedById, decision.reopenedById ?? ""]))];
  const otherIds = [
    ...new Set(decisions.flatMap((decision) => (JSON.parse(decision.amendmentIds) as string[]).filter((id) => id !== amendmentId))),
  ];
  const [users, others] = await Promise.all([
    ctx.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
    ctx.db.amendment.findMany({ where: { id: { in: otherIds } }, select: { id: true, participant: { select: { name: true } } } }),
  ]);
  const nameOf = new Map(users.map((user) => [user.id, user.name]));
  const proposerOf = new Map(others.map((other) => [other.id, other.participant.name]));
  return {
    decisions: decisions.map((decision) => ({
      id: decision.id,
      kind: decision.kind as "accept" | "accept_with_changes" | "merge" | "not_retain" | "resolve_options",
      wording: decision.wording,
      reason: decision.reason,
      decidedBy: nameOf.get(decision.decidedById) ?? "the Chair",
      decidedAt: decision.decidedAt.toISOString(),
      reopenedAt: decision.reopenedAt?.toISOString() ?? null,
      reopenedBy: decision.reopenedById ? (nameOf.get(decision.reopenedById) ?? null) : null,
      resultingBlockIds: JSON.parse(decision.resultingBlockIds) as string[],
      // A resolved option set names every option's amendment; none of them was merged.
      mergedWith: (decision.kind === "resolve_options" ? [] : (JSON.parse(decision.amendmentIds) as string[]))
        .filter((id) => id !== amendmentId)
        .map((id) => ({ id, proposer: proposerOf.get(id) ?? "" })),
      inBulk: decision.bulkId !== null,
    })),
    fates: fates.map((fate) => ({ version: fate.version.label, versionId: fate.version.id, fate: fate.fate, outdated: fate.outdated })),
  };
}
