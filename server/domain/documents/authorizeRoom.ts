import { can, type Actor } from "../../policies";
import type { Stage } from "../../../common/vocabulary";
import type { DomainContext } from "../kernel/context";
import { Forbidden, NotFound, Unauthorized, Validation } from "../kernel/errors";
import { parseRoomName } from "./rooms";

export interface RoomAccess {
  room: string;
  canWrite: boolean;
}

/** Amendments whose wording the delegation may still change (a change after tabling is a new revision). */
export const EDITABLE_AMENDMENT_STATUSES = ["draft", "tabled"];

/**
 * Who may join a collaboration room, and whether their updates are applied. The collaboration
 * server asks this on upgrade and again whenever a user's rights or the document's stage change.
 */
export async function authorizeRoom(ctx: DomainContext, actor: Actor | null, roomName: string): Promise<RoomAccess> {
  const room = parseRoomName(roomName);
  if (!room) throw new Validation("Malformed room name.");
  if (!actor) throw new Unauthorized();
  if (room.kind === "document") {
    const document = await ctx.db.document.findUnique({ where: { id: room.documentId } });
    if (!document) throw new NotFound("Document not found.");
    const resource = { processId: document.processId, stage: document.stage as Stage };
    if (!can(actor, "document.read", resource)) throw new Forbidden("You may not read this document.");
    return { room: room.name, canWrite: can(actor, "document.editBase", resource) };
  }
  // A delegation's drafting space: its own members only, whatever their role elsewhere.
  const amendment = await ctx.db.amendment.findUnique({ where: { id: room.amendmentId }, include: { document: true } });
  if (!amendment) throw new NotFound("Amendment not found.");
  if (amendment.document.processId !== actor.processId || amendment.participantId !== actor.participantId) {
    throw new Forbidden("This drafting space belongs to another delegation.");
  }
  const resource = { processId: amendment.document.processId, stage: amendment.document.stage as Stage, participantId: amendment.participantId };
  return {
    room: room.name,
    canWrite: can(actor, "amendment.draft", resource) && EDITABLE_AMENDMENT_STATUSES.includes(amendment.status),
  };
}
