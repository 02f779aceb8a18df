import { listBlocks, yDocToJson } from "../../app/editor/documentModel";
import type { Actor } from "../policies";
import type { Stage } from "../policies/vocabulary";
import { authorize } from "./authorize";
import type { DomainContext } from "./context";
import { Unauthorized } from "./errors";
import { findDocument } from "./findDocument";
import { documentRoom } from "./rooms";

/** The blocks of a document's current text (id, kind, number, status, plain text). */
export async function getDocumentBlocks(ctx: DomainContext, actor: Actor | null, documentId: string) {
  if (!actor) throw new Unauthorized();
  const document = await findDocument(ctx, actor, documentId);
  authorize(actor, "document.read", { processId: document.processId, stage: document.stage as Stage });
  return ctx.liveDocuments.read(documentRoom(document.id), (doc) => listBlocks(yDocToJson(doc)));
}
