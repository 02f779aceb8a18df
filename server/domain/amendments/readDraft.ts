import { JUSTIFICATION_FIELD } from "../../../app/editor/ydocFields";
import type { JSONContent } from "@tiptap/core";
import { listBlocks, yDocToJson } from "../../../app/editor/documentModel";
import type { DomainContext } from "../kernel/context";
import { draftRoom } from "../../../common/collab";

/** The current wording and justification in a delegation's drafting room. */
export async function readDraft(ctx: DomainContext, amendmentId: string) {
  return ctx.liveDocuments.read(draftRoom(amendmentId), (doc) => {
    const json = yDocToJson(doc);
    const blocks = listBlocks(json);
    return {
      content: (json.content ?? []) as JSONContent[],
      proposedText: blocks.map((block) => block.text).join("\n"),
      justification: doc.getText(JUSTIFICATION_FIELD).toString().trim(),
    };
  });
}
