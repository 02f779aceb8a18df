import { whyNot, type Actor } from "../policies";
import type { DomainContext } from "../domain/kernel/context";
import { countAmendmentsByBlock } from "./countAmendmentsByBlock";
import { countThreadsByBlock } from "./countThreadsByBlock";
import { getDocument } from "../domain/documents/getDocument";
import { documentRoom } from "../../common/collab";
import { getStageInfo } from "./getStageInfo";
import { blockLabels } from "../../app/editor/documentModel";

/**
 * A document with its current text rendered on the server, readable before any script runs,
 * and the badge counts of its amendments and of the comment threads the actor may see.
 */
export async function getDocumentPage(ctx: DomainContext, actor: Actor | null, documentId: string) {
  const { document, abilities, me, resource, closedNotice } = await getDocument(ctx, actor, documentId);
  const room = documentRoom(document.id);
  // Made off the event loop for a long document (docs/decisions/118).
  const { html, blocks } = await ctx.liveDocuments.readView(room, "documentPage");
  const [participants, amendments, commentCounts, stageInfo] = await Promise.all([
    ctx.db.participant.findMany({ where: { processId: document.processId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    countAmendmentsByBlock(ctx, document.id),
    countThreadsByBlock(ctx, me, document.id),
    getStageInfo(ctx, me, document.id),
  ]);
  const editRefusal = whyNot(me, "document.editBase", resource);
  return {
    document,
    room,
    html,
    blocks: blockLabels(blocks),
    abilities,
    editRefusal,
    closedNotice,
    participants,
    ...amendments,
    commentCounts,
    stageInfo,
  };
}
