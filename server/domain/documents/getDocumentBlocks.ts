import { listDocumentBlocks } from "../../../app/editor/documentModel";
import type { Actor } from "../../policies";
import type { DomainContext } from "../kernel/context";
import { getDocument } from "./getDocument";
import { documentRoom } from "./rooms";

/** The blocks of a document's current text (id, kind, number, status, plain text). */
export async function getDocumentBlocks(ctx: DomainContext, actor: Actor | null, documentId: string) {
  const { document } = await getDocument(ctx, actor, documentId);
  return ctx.liveDocuments.read(documentRoom(document.id), listDocumentBlocks);
}
