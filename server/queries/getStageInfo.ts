import { formatDeadline, formatUtcTime } from "../../common/time";
import type { Actor } from "../policies";
import type { DomainContext } from "../domain/kernel/context";

export type DeadlineKind = "amendments_close" | "silence_end";

/**
 * What the document header shows about the stage: the pending deadline in the reader's
 * participant's time zone with UTC beside it, and the latest stage announcement the reader got.
 */
export async function getStageInfo(ctx: DomainContext, actor: Actor, documentId: string) {
  const [deadline, participant, notice] = await Promise.all([
    ctx.db.deadline.findFirst({ where: { documentId, firedAt: null, cancelledAt: null }, orderBy: { dueAt: "asc" } }),
    ctx.db.participant.findUnique({ where: { id: actor.participantId }, select: { timeZone: true } }),
    ctx.db.notification.findFirst({ where: { userId: actor.userId, documentId, kind: "stage" }, orderBy: { createdAt: "desc" } }),
  ]);
  const timeZone = participant?.timeZone ?? "UTC";
  return {
    timeZone,
    deadline: deadline ? { kind: deadline.kind as DeadlineKind, ...formatDeadline(deadline.dueAt, timeZone) } : null,
    notice: notice ? { text: notice.text, at: formatUtcTime(notice.createdAt) } : null,
  };
}
