import { z } from "zod";

// Room naming (docs/decisions/004): "document.<documentId>" is the base text of a document;
// "draft.<amendmentId>" is a delegation's private drafting space for one amendment.
const roomSchema = z.string().regex(/^(document|draft)\.[a-z0-9]{20,40}$/, "Malformed room name.");

export type RoomName =
  | { kind: "document"; documentId: string; name: string }
  | { kind: "draft"; amendmentId: string; name: string };

export function parseRoomName(name: string): RoomName | null {
  const parsed = roomSchema.safeParse(name);
  if (!parsed.success) return null;
  const [prefix, id] = parsed.data.split(".") as [string, string];
  return prefix === "document" ? { kind: "document", documentId: id, name } : { kind: "draft", amendmentId: id, name };
}

export function documentRoom(documentId: string): string {
  return `document.${documentId}`;
}

export function draftRoom(amendmentId: string): string {
  return `draft.${amendmentId}`;
}

/** The Y.Text of a draft room that holds the justification. */
export const JUSTIFICATION_FIELD = "justification";
