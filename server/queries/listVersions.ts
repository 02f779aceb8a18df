import { documentResource, type Actor } from "../policies";
import { authorize } from "../domain/kernel/authorize";
import type { DomainContext } from "../domain/kernel/context";
import { getDocument } from "../domain/documents/getDocument";

/** The versions of a document, oldest first, with what the actor may do (issue one). */
export async function listVersions(ctx: DomainContext, actor: Actor | null, documentId: string) {
  const { document, me } = await getDocument(ctx, actor, documentId);
  const versions = await ctx.db.version.findMany({
    where: { documentId: document.id },
    orderBy: { sequence: "asc" },
    select: {
      id: true,
      label: true,
      sequence: true,
      final: true,
      contentHash: true,
      note: true,
      issuedAt: true,
      issuedById: true,
      _count: { select: { fates: true } },
    },
  });
  const issuers = await ctx.db.user.findMany({
    where: { id: { in: versions.map((version) => version.issuedById) } },
    select: { id: true, name: true },
  });
  const nameOf = new Map(issuers.map((user) => [user.id, user.name]));
  const last = versions.at(-1);
  const nextLabel = last?.final ? null : last ? `Rev.${last.sequence + 1}` : "Zero draft";
  let canIssue = false;
  try {
    authorize(me, "revision.issue", documentResource(document));
    canIssue = nextLabel !== null;
  } catch {
    canIssue = false;
  }
  return {
    document: { id: document.id, title: document.title, symbol: document.symbol, language: document.language, stage: document.stage },
    versions: versions.map((version) => ({
      id: version.id,
      label: version.label,
      final: version.final,
      contentHash: version.contentHash,
      note: version.note,
      issuedAt: version.issuedAt.toISOString(),
      issuedBy: nameOf.get(version.issuedById) ?? "",
      amendments: version._count.fates,
    })),
    nextLabel,
    canIssue,
  };
}
