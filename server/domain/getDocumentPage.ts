import { listBlocks, renderDocumentHtml, yDocToJson } from "../../app/editor/documentModel";
import { abilitiesFor, type Actor } from "../policies";
import type { Stage } from "../policies/vocabulary";
import { authorize } from "./authorize";
import type { DomainContext } from "./context";
import { Unauthorized } from "./errors";
import { findDocument } from "./findDocument";
import { documentRoom } from "./rooms";

/** A document with its current text rendered on the server, readable before any script runs. */
export async function getDocumentPage(ctx: DomainContext, actor: Actor | null, documentId: string) {
  if (!actor) throw new Unauthorized();
  const document = await findDocument(ctx, actor, documentId);
  const resource = { processId: document.processId, stage: document.stage as Stage };
  authorize(actor, "document.read", resource);
  const room = documentRoom(document.id);
  const { html, blocks } = ctx.liveDocuments.read(room, (doc) => {
    const json = yDocToJson(doc);
    return { html: renderDocumentHtml(json), blocks: listBlocks(json) };
  });
  return { document, room, html, blockCount: blocks.length, abilities: abilitiesFor(actor, resource) };
}
