import { amendmentResource, can, decide, documentResource, type Actor } from "../../policies";
import { refusalError } from "../kernel/authorize";
import type { DomainContext } from "../kernel/context";
import { NotFound, Unauthorized, Validation } from "../kernel/errors";
import { parseRoomName } from "../../../common/collab";

export interface RoomAccess {
  room: string;
  canWrite: boolean;
}

/**
 * Who may join a collaboration room, and whether their updates are applied: "document.read"
 * and "document.editBase" for a document, "draft.join" and "draft.edit" for a delegation's
 * drafting room. The collaboration server asks this on upgrade and again whenever a user's
 * rights or the document's stage change.
 */
export async function authorizeRoom(ctx: DomainContext, actor: Actor | null, roomName: string): Promise<RoomAccess> {
  const room = parseRoomName(roomName);
  if (!room) throw new Validation("Malformed room name.");
  if (!actor) throw new Unauthorized();
  if (room.kind === "document") {
    const document = await ctx.db.document.findUnique({ where: { id: room.documentId } });
    if (!document) throw new NotFound("Document not found.");
    const resource = documentResource(document);
    const join = decide(actor, "document.read", resource);
    if (!join.allowed) throw refusalError(join);
    return { room: room.name, canWrite: can(actor, "document.editBase", resource) };
  }
  const amendment = await ctx.db.amendment.findUnique({ where: { id: room.amendmentId }, include: { document: true } });
  if (!amendment) throw new NotFound("Amendment not found.");
  const resource = amendmentResource(amendment, amendment.document);
  const join = decide(actor, "draft.join", resource);
  if (!join.allowed) throw refusalError(join);
  return { room: room.name, canWrite: can(actor, "draft.edit", resource) };
}
