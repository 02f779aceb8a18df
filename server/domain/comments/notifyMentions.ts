import type { Prisma } from "@prisma/client";
import { can, threadResource, type Actor } from "../../policies";
import { actorFromUser, actorUserInclude } from "../people/sessions";


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
 */
export async function notifyMentions(
  tx: Tx,
  actor: Actor,
  input: {
    body: string;
    thread: { id: string; visibility: string; participantId: string; authorId: string };
    document: { id: string; processId: string; stage: string; symbol: string };
    commentId: string;
  },
) {
  const participants = await tx.participant.findMany({ where: { processId: input.document.processId }, select: { id: true, name: true, code: true } });
  const mentioned = mentionedParticipants(input.body, participants);
  if (mentioned.length === 0) return;
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
  if (data.length > 0) await tx.notification.createMany({ data });
}
