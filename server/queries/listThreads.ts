import { z } from "zod";
import { can, commentResource, threadResource, type Actor } from "../policies";
import { THREAD_VISIBILITIES } from "../../common/vocabulary";
import { resolveAnchor } from "../domain/comments/anchors";
import type { DomainContext } from "../domain/kernel/context";
import { getDocument } from "../domain/documents/getDocument";
import { readBaseBlocks } from "../domain/documents/readBaseBlocks";
import { documentRoom } from "../../common/collab";
import { visibleThreadsWhere } from "../domain/comments/threadAccess";
import { fields, parseInput } from "../domain/kernel/validation";
import { threadColumns } from "../domain/kernel/vocabularyColumns";

/** The comments panel's filters, from its URL (`?block=&participant=&visibility=&state=`). */
export const threadFilterInput = z.object({
  blockId: fields.id.optional(),
  participantId: fields.id.optional(),
  visibility: z.enum(THREAD_VISIBILITIES).optional(),
  state: z.enum(["open", "resolved", "all"]).default("all"),
  amendmentId: fields.id.optional(),
});

/**
 * The threads of a document the actor may see (filtered in the query itself), with where each
 * range anchor is now, the comments and their edit history, and what the actor may do.
 */
export async function listThreads(
  ctx: DomainContext,
  actor: Actor | null,
  documentId: string,
  filters: z.input<typeof threadFilterInput> = {},
) {
  const { document, me } = await getDocument(ctx, actor, documentId);
  const { blockId, participantId, visibility, state, amendmentId } = parseInput(threadFilterInput, filters);
  const threads = await ctx.db.commentThread.findMany({
    where: {
      documentId: document.id,
      ...visibleThreadsWhere(me),
      ...(blockId ? { blockId } : {}),
      ...(participantId ? { participantId } : {}),
      ...(visibility ? { visibility } : {}),
      ...(amendmentId ? { amendmentId } : {}),
      ...(state === "open" ? { resolvedAt: null } : state === "resolved" ? { resolvedAt: { not: null } } : {}),
    },
    orderBy: { createdAt: "asc" },
    include: {
      participant: { select: { id: true, name: true, kind: true, colour: true } },
      comments: {
        orderBy: { createdAt: "asc" },
        include: {
          author: { select: { name: true } },
          participant: { select: { id: true, name: true, kind: true, colour: true } },
          edits: { orderBy: { id: "asc" }, select: { previousBody: true, editedAt: true } },
        },
      },
    },
  });
  // Defence in depth: the query already left out what the actor may not see.
  const visible = threads.filter((thread) => can(me, "thread.read", threadResource(thread, document)));
  // The block list is the shared view, made off the event loop for a long document (decision 118); the
  // document itself is read only when a thread is anchored to a range in it.
  const numbers = new Map((await readBaseBlocks(ctx, document.id)).map((block) => [block.id, block.number ?? block.kind]));
  const anchors = visible.some((thread) => thread.anchorStart && thread.anchorEnd)
    ? await ctx.liveDocuments.read(documentRoom(document.id), (doc) =>
        visible.map((thread) =>
          thread.anchorStart && thread.anchorEnd ? resolveAnchor(doc, thread.blockId, thread.anchorStart, thread.anchorEnd) : null,
        ),
      )
    : visible.map(() => null);
  return visible.map((thread, index) => {
    const resource = threadResource(thread, document);
    const anchor = anchors[index] ?? null;
    return {
      id: thread.id,
      blockId: thread.blockId,
      blockLabel: numbers.get(thread.blockId) ?? null,
      quote: thread.quote,
      anchor: anchor?.status === "anchored" ? { start: anchor.start, end: anchor.end, text: anchor.text } : null,
      orphaned: anchor?.status === "orphaned" || !numbers.has(thread.blockId),
      visibility: threadColumns(thread).visibility,
      participant: thread.participant,
      amendmentId: thread.amendmentId,
      resolved: thread.resolvedAt !== null,
      createdAt: thread.createdAt.toISOString(),
      canReply: can(me, "thread.reply", resource),
      canResolve: can(me, "thread.resolve", resource),
      comments: thread.comments.map((comment) => ({
        id: comment.id,
        authorName: comment.author.name,
        participant: comment.participant,
        authorRole: comment.authorRole,
        body: comment.body,
        createdAt: comment.createdAt.toISOString(),
        editedAt: comment.editedAt?.toISOString() ?? null,
        edits: comment.edits.map((edit) => ({ previousBody: edit.previousBody, editedAt: edit.editedAt.toISOString() })),
        canEdit: can(me, "comment.edit", commentResource(comment, thread, document)),
      })),
    };
  });
}

export type ThreadView = Awaited<ReturnType<typeof listThreads>>[number];
