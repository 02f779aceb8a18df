import { listDocumentBlocks } from "../../../app/editor/documentModel";
import type { DomainContext } from "../kernel/context";
import { documentRoom } from "../../../common/collab";

/** The current blocks of a document's base text, from the live copy or storage. */
export async function readBaseBlocks(ctx: DomainContext, documentId: string) {
  return ctx.liveDocuments.read(documentRoom(documentId), listDocumentBlocks);
}
