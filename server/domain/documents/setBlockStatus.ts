import { z } from "zod";
import { FIELD_LIMITS } from "../../../common/limits";
import { BLOCK_STATUSES, STATUS_LABELS } from "../../../app/editor/blocks";
import { blockText, findBlock } from "../../../app/editor/yBlocks";
import { documentResource, type Actor } from "../../policies";
import { recordAudit } from "../kernel/audit";
import { authorize } from "../kernel/authorize";
import type { DomainContext } from "../kernel/context";
import { NotFound } from "../kernel/errors";
import { fields, parseInput } from "../kernel/validation";
import { findDocument } from "./findDocument";
import { listDocumentBlocks } from "../../../app/editor/documentModel";
import { documentRoom } from "../../../common/collab";

export const setBlockStatusInput = z.object({
  documentId: fields.id,
  blockId: z.string().trim().min(1).max(FIELD_LIMITS.id),
  status: z.enum(BLOCK_STATUSES, { message: "Choose a status." }),
});

/**
 * The chair (or secretariat) sets a paragraph's status: open, bracketed, agreed ad ref, agreed.
 * Applied on the server to the live text (every editor shows it at once), as the actor's edit,
 * and audited. An agreed paragraph is then locked: no edits (the collaboration endpoint refuses
 * them too), no new amendments, no decisions, until its status is set back.
 */
export async function setBlockStatus(ctx: DomainContext, actor: Actor, input: z.input<typeof setBlockStatusInput>) {
  const data = parseInput(setBlockStatusInput, input);
  const document = await findDocument(ctx, actor, data.documentId);
  authorize(actor, "block.setStatus", documentResource(document));
  const change = await ctx.liveDocuments.change(
    documentRoom(document.id),
    (doc) => {
      const found = findBlock(doc, data.blockId);
      if (!found) return null;
      const before = String(found.element.getAttribute("status") ?? "open");
      const number = listDocumentBlocks(doc).find((block) => block.id === data.blockId)?.number ?? null;
      if (before !== data.status) found.element.setAttribute("status", data.status);
      return { before, number, text: blockText(found.element) };
    },
    { userId: actor.userId, participantId: actor.participantId },
  );
  if (!change) throw new NotFound("That paragraph is no longer in the text.");
  if (change.before !== data.status) {
    await ctx.db.$transaction((tx) =>
      recordAudit(tx, actor, document.processId, {
        action: "block.setStatus",
        subjectType: "document",
        subjectId: document.id,
        details: { blockId: data.blockId, number: change.number, before: change.before, after: data.status },
      }),
    );
  }
  return { ...change, after: data.status, label: STATUS_LABELS[data.status] };
}
