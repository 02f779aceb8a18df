import type { DomainContext } from "../kernel/context";

/** Tells live listeners that a thread changed; the listener checks who may see it. */
export function emitThreadChanged(
  ctx: DomainContext,
  thread: { id: string; documentId: string; visibility: string; participantId: string; authorId: string },
) {
  ctx.events.emit("thread.changed", {
    documentId: thread.documentId,
    threadId: thread.id,
    visibility: thread.visibility,
    participantId: thread.participantId,
    authorId: thread.authorId,
  });
}
