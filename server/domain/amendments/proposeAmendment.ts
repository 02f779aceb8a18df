import { YJS_FIELD } from "../../../app/editor/ydocFields";
import { FIELD_LIMITS } from "../../../common/limits";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { z } from "zod";
import { block, editorSchema } from "../../../app/editor/documentModel";
import { documentResource, type Actor } from "../../policies";
import { AMENDMENT_OPERATIONS } from "../../../common/vocabulary";
import { emitAmendmentChanged } from "./emitAmendmentChanged";
import { checkOperationFits } from "./operations";
import { authorize } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { findDocument } from "../documents/findDocument";
import { readBaseBlocks } from "../documents/readBaseBlocks";
import { draftRoom } from "../../../common/collab";
import { fields, parseInput } from "../kernel/validation";

export const proposeInput = z.object({
  documentId: fields.id,
  targetBlockId: z.string().trim().min(1, "Choose a paragraph.").max(FIELD_LIMITS.id),
  operation: z.enum(AMENDMENT_OPERATIONS, { message: "Choose replace, insert after, delete or alternative." }),
});

/**
 * Opens a draft amendment in the delegation's private drafting space. The draft room starts
 * with the target's wording (replace, alternative) or an empty block (insert after), written
 * by the server so no client ever inserts default content.
 */
export async function proposeAmendment(ctx: DomainContext, actor: Actor, input: z.input<typeof proposeInput>) {
  const { documentId, targetBlockId, operation } = parseInput(proposeInput, input);
  const document = await findDocument(ctx, actor, documentId);
  authorize(actor, "amendment.draft", documentResource(document));
  const target = checkOperationFits(await readBaseBlocks(ctx, document.id), targetBlockId, operation);

  const amendment = await ctx.db.$transaction(async (tx) => {
    const amendment = await tx.amendment.create({
      data: { documentId, participantId: actor.participantId, targetBlockId, operation, createdById: actor.userId },
    });
    await recordAudit(tx, actor, document.processId, {
      action: "amendment.draft",
      subjectType: "amendment",
      subjectId: amendment.id,
      details: { document: document.symbol, target: target.number ?? target.kind, operation },
    });
    return amendment;
  });
  const insertedKind = target.kind === "goal" ? "actionPoint" : target.kind === "title" ? "heading" : target.kind;
  const startingBlock =
    operation === "delete" ? [] : operation === "insert_after" ? [block(insertedKind, "")] : [block(target.kind, target.text)];
  await ctx.liveDocuments.change(draftRoom(amendment.id), (doc) => {
    if (startingBlock.length > 0)
      prosemirrorJSONToYXmlFragment(editorSchema(), { type: "doc", content: startingBlock }, doc.getXmlFragment(YJS_FIELD));
  });
  emitAmendmentChanged(ctx, amendment);
  return amendment;
}
