import type { Actor } from "../../policies";
import type { DomainContext } from "../kernel/context";
import { inWords, takePoint } from "../kernel/rateLimits";

/**
 * One point per comment written (new thread, reply or edit) from the user's per-minute budget:
 * past it, 429 with a clear message, and the form keeps what was typed.
 */
export async function takeCommentPoint(ctx: DomainContext, actor: Actor) {
  await takePoint(
    ctx.limits.comments,
    actor.userId,
    (seconds) => `You are commenting too fast. Wait ${inWords(seconds)}, then send your comment again; it is kept below.`,
  );
}
