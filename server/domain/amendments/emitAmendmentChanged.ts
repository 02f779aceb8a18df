import type { DomainContext } from "../kernel/context";

/** Tells live listeners that an amendment changed; each listener checks "amendment.read". */
export function emitAmendmentChanged(
  ctx: DomainContext,
  amendment: { id: string; documentId: string; participantId: string; status: string; tabledAt: Date | null },
) {
  ctx.events.emit("amendment.changed", {
    documentId: amendment.documentId,
    amendmentId: amendment.id,
    participantId: amendment.participantId,
    status: amendment.status,
    tabledAt: amendment.tabledAt,
  });
}
