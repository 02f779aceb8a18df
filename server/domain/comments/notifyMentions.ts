import type { Prisma } from "@prisma/client";
import { can, threadResource, type Actor } from "../../policies";
import { actorFromUser, actorUserInclude } from "../people/sessions";
import type { DomainContext } from "../kernel/context";
import { inWords, takePoint } from "../kernel/rateLimits";

type Tx = Prisma.TransactionClient;

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Participants mentioned as @Name or @CODE in a comment. */
export function mentionedParticipants<T extends { name: string; code: string }>(body: string, participants: readonly T[]): T[] {
  return participants.filter((participant) =>
    [participant.name, participant.code].some((label) => new RegExp(`@${escapeRegExp(label)}(?![\\p{L}\\p{N}])`, "iu").test(body)),
  );
}

/**
 * Notifies the members of every mentioned delegation who may see the thread: a mention never
 * reveals a thread to someone outside its visibility.
 *
 * Bounded both ways, so mentions cannot flood a delegation (docs/decisions/010): a user may post only so many comments with mentions per
 * minute (429, and the transaction rolls back, so nothing half-posted stays), and a member holds
 * at most one unread mention per thread: later mentions refresh it rather than pile up.
 */
export async function notifyMentions(
  ctx: DomainContext,
  tx: Tx,
  actor: Actor,
  input: {
    body: string;
    thread: { id: string; visibility: string; participantId: string; authorId: string };
    document: { id: string; processId: string; stage: string; symbol: string };
    commentId: string;
  },
) {
  const participants = await tx.participant.findMany({
    where: { processId: input.document.processId },
    select: { id: true, name: true, code: true },
  });
  const mentioned = mentionedParticipants(input.body, participants);
  if (mentioned.length === 0) return;
  await takePoint(
    ctx.limits.mentions,
    actor.userId,
    (seconds) => `You are mentioning delegations too often. Wait ${inWords(seconds)}, then send your comment again; it is kept below.`,
  );
  const members = await tx.user.findMany({
    where: { participantId: { in: mentioned.map((participant) => participant.id) }, disabledAt: null, NOT: { id: actor.userId } },
    include: actorUserInclude,
  });
  const resource = threadResource(input.thread, input.document);
  const snippet = input.body.length > 140 ? `${input.body.slice(0, 137)}…` : input.body;
  const data = members
    .filter((member) => can(actorFromUser(member), "thread.read", resource))
    .map((member) => ({
      userId: member.id,
      kind: "mention",
      documentId: input.document.id,
      threadId: input.thread.id,
      commentId: input.commentId,
      text: `${actor.name} (${actor.participantName}) mentioned ${member.participant.name} in ${input.document.symbol}: “${snippet}”`,
    }));
  if (data.length === 0) return;
  const unread = await tx.notification.findMany({
    where: { kind: "mention", threadId: input.thread.id, readAt: null, userId: { in: data.map((row) => row.userId) } },
    select: { id: true, userId: true },
  });
  const unreadBy = new Map(unread.map((row) => [row.userId, row.id]));
  for (const row of data) {
    const existing = unreadBy.get(row.userId);
    if (existing)
      await tx.notification.update({ where: { id: existing }, data: { commentId: row.commentId, text: row.text, createdAt: ctx.now() } });
  }
  const fresh = data.filter((row) => !unreadBy.has(row.userId));
  if (fresh.length > 0) await tx.notification.createMany({ data: fresh });
}
