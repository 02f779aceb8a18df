import type { Prisma } from "@prisma/client";
import type { DomainContext } from "./context";
import type { AmendmentRecord, ParticipantRef } from "./presentAmendments";

/**
 * Loads amendments with their latest revision, co-sponsors and positions in four flat queries
 * (no per-row relation loading: a compilation has thousands of amendments and tens of
 * thousands of positions), plus the process' participants to name them.
 */
export async function loadAmendmentRecords(ctx: DomainContext, processId: string, where: Prisma.AmendmentWhereInput) {
  const [amendments, revisions, sponsors, positions, participants] = await Promise.all([
    ctx.db.amendment.findMany({
      where,
      select: { id: true, documentId: true, participantId: true, targetBlockId: true, operation: true, status: true, tabledAt: true, createdAt: true },
      orderBy: [{ tabledAt: "asc" }, { createdAt: "asc" }],
    }),
    ctx.db.amendmentRevision.findMany({
      where: { amendment: where },
      select: { amendmentId: true, number: true, proposedText: true, baseText: true, baseNumber: true, justification: true, diffJson: true },
    }),
    ctx.db.amendmentSponsor.findMany({ where: { amendment: where }, select: { amendmentId: true, participantId: true }, orderBy: { joinedAt: "asc" } }),
    ctx.db.position.findMany({ where: { amendment: where }, select: { amendmentId: true, participantId: true, stance: true, note: true } }),
    ctx.db.participant.findMany({ where: { processId }, select: { id: true, name: true, code: true, colour: true } }),
  ]);
  const latest = new Map<string, (typeof revisions)[number]>();
  for (const revision of revisions) {
    const current = latest.get(revision.amendmentId);
    if (!current || current.number < revision.number) latest.set(revision.amendmentId, revision);
  }
  const group = <T extends { amendmentId: string }>(rows: T[]) => {
    const grouped = new Map<string, T[]>();
    for (const row of rows) {
      const list = grouped.get(row.amendmentId);
      if (list) list.push(row);
      else grouped.set(row.amendmentId, [row]);
    }
    return grouped;
  };
  const sponsorsBy = group(sponsors);
  const positionsBy = group(positions);
  const records: AmendmentRecord[] = amendments.map((amendment) => ({
    ...amendment,
    revision: latest.get(amendment.id) ?? null,
    sponsorIds: (sponsorsBy.get(amendment.id) ?? []).map((sponsor) => sponsor.participantId),
    positions: positionsBy.get(amendment.id) ?? [],
  }));
  return { records, participants: new Map<string, ParticipantRef>(participants.map((participant) => [participant.id, participant])) };
}
