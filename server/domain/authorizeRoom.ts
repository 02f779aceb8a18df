import { can, type Actor } from "../policies";
import type { Stage } from "../policies/vocabulary";
import type { DomainContext } from "./context";
import { Forbidden, NotFound, Unauthorized, Validation } from "./errors";
import { parseRoomName } from "./rooms";

export interface RoomAccess {
  room: string;
  canWrite: boolean;
}

/**
 * Who may join a collaboration room, and whether their updates are applied. The collaboration
 * server asks this on upgrade and again whenever a user's rights or the document's stage change.
 */
export async function authorizeRoom(ctx: DomainContext, actor: Actor | null, roomName: string): Promise<RoomAccess> {
  const room = parseRoomName(roomName);
  if (!room) throw new Validation("Malformed room name.");
  if (!actor) throw new Unauthorized();
  const document = await ctx.db.document.findUnique({ where: { id: room.documentId } });
  if (!document) throw new NotFound("Document not found.");
  const resource = { processId: document.processId, stage: document.stage as Stage };
  if (!can(actor, "document.read", resource)) throw new Forbidden("You may not read this document.");
  return { room: room.name, canWrite: can(actor, "document.editBase", resource) };
}
