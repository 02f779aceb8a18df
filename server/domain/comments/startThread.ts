import { TEXT_LIMITS, FIELD_LIMITS } from "../../../common/limits";
import { z } from "zod";
import { takeCommentPoint } from "./commentRate";
import { documentResource, roleOf, type Actor } from "../../policies";
import { THREAD_VISIBILITIES } from "../../../common/vocabulary";
import { blockText, createAnchor, findBlockElement } from "./anchors";
import { authorize } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import { commentBody } from "./commentBody";
import type { DomainContext } from "../kernel/context";
import { emitThreadChanged } from "./emitThreadChanged";
import { Validation } from "../kernel/errors";
import { findDocument } from "../documents/findDocument";
import { notifyMentions } from "./notifyMentions";
import { documentRoom } from "../../../common/collab";
import { fields, parseInput } from "../kernel/validation";

export const startInput = z
  .object({
    documentId: fields.id,
    blockId: z.string().trim().min(1, "Choose a paragraph.").max(FIELD_LIMITS.id),
    visibility: z.enum(THREAD_VISIBILITIES, { message: "Choose who sees this thread." }),
    body: commentBody,
    start: z.coerce.number().int().min(0).optional(),
    end: z.coerce.number().int().min(0).optional(),
    quote: z
      .string()
      .max(TEXT_LIMITS.quote, `Select at most ${TEXT_LIMITS.quote.toLocaleString("en")} characters.`)
      .default(""),
    amendmentId: fields.optional(fields.id),
  })
  .refine((input) => (input.start === undefined) === (input.end === undefined), {
    message: "A range needs a start and an end.",
    path: ["quote"],
  });

/**
 * Starts a thread on a block, or on a range of words: the range is anchored with Yjs relative
 * positions in the live text, so it follows later edits, and its words are kept as the quote.
 */
export async function startThread(ctx: DomainContext, actor: Actor, input: z.input<typeof startInput>) {
  const data = parseInput(startInput, input);
  const document = await findDocument(ctx, actor, data.documentId);
  authorize(actor, "comment.create", documentResource(document));
  await takeCommentPoint(ctx, actor);
  if (data.amendmentId) {
    const amendment = await ctx.db.amendment.findFirst({
      where: { id: data.amendmentId, documentId: document.id, tabledAt: { not: null } },
    });
    if (!amendment) throw new Validation("That amendment is not tabled on this document.", { amendmentId: "Unknown amendment." });
  }
  const anchor = await ctx.liveDocuments.read(documentRoom(document.id), (doc) => {
    const block = findBlockElement(doc, data.blockId);
    if (!block) throw new Validation("That paragraph is no longer in the text.", { blockId: "No such paragraph." });
    if (data.start === undefined || data.end === undefined || data.quote.trim() === "") return null;
    const start = locateQuote(blockText(block), data.quote, data.start);
    if (start === null)
      throw new Validation("The words you selected have just changed. Select them again.", { quote: "Not in the text any more." });
    return { ...createAnchor(block, start, start + data.quote.length), quote: data.quote };
  });
  const visibility = data.visibility;
  const { thread, comment } = await ctx.db.$transaction(async (tx) => {
    const thread = await tx.commentThread.create({
      data: {
        documentId: document.id,
        blockId: data.blockId,
        anchorStart: anchor?.start ?? null,
        anchorEnd: anchor?.end ?? null,
        quote: anchor?.quote ?? "",
        visibility,
        participantId: actor.participantId,
        authorId: actor.userId,
        amendmentId: data.amendmentId ?? null,
      },
    });
    const comment = await tx.comment.create({
      data: { threadId: thread.id, authorId: actor.userId, participantId: actor.participantId, authorRole: roleOf(actor), body: data.body },
    });
    await notifyMentions(ctx, tx, actor, { body: data.body, thread, document, commentId: comment.id });
    await recordAudit(tx, actor, document.processId, {
      action: "thread.start",
      subjectType: "thread",
      subjectId: thread.id,
      details: { document: document.symbol, blockId: data.blockId, visibility, quote: anchor?.quote ?? null },
    });
    return { thread, comment };
  });
  emitThreadChanged(ctx, thread);
  return { thread, comment };
}

/**
 * The selection was made on the author's copy, which may lag the live text by an edit: take the
 * occurrence of the quoted words nearest to where they were selected.
 */
export function locateQuote(text: string, quote: string, near: number): number | null {
  let best: number | null = null;
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) {
    if (best === null || Math.abs(at - near) < Math.abs(best - near)) best = at;
  }
  return best;
}
