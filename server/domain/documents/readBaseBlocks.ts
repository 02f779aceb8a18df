import type { BlockSummary } from "../../../app/editor/documentModel";
import type { DomainContext } from "../kernel/context";
import { documentRoom } from "../../../common/collab";

/**
 * The current blocks of a document's base text, from the live copy or storage. Read once per state
 * of the text and shared (every compilation view, tabling and decision reads them): never mutate.
 * Made off the event loop for a long document (docs/decisions/118); `background` when nobody waits
 * for them (current diffs, edit sessions: docs/decisions/127).
 */
export async function readBaseBlocks(
  ctx: DomainContext,
  documentId: string,
  options: { background?: boolean } = {},
): Promise<readonly Readonly<BlockSummary>[]> {
  return ctx.liveDocuments.readView(documentRoom(documentId), "baseBlocks", options);
}
