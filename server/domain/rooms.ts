import { z } from "zod";

// Room naming (docs/decisions/004): "document.<documentId>" is the base text of a document.
// Later rooms (delegation drafts) get their own prefix and their own rule in authorizeRoom.
const roomSchema = z.string().regex(/^document\.[a-z0-9]{20,40}$/, "Malformed room name.");

export type RoomName = { kind: "document"; documentId: string; name: string };

export function parseRoomName(name: string): RoomName | null {
  const parsed = roomSchema.safeParse(name);
  if (!parsed.success) return null;
  return { kind: "document", documentId: parsed.data.slice("document.".length), name: parsed.data };
}

export function documentRoom(documentId: string): string {
  return `document.${documentId}`;
}
