import { z } from "zod";

// The collaboration protocol's shared names: the endpoint, room names and close codes. The
// server (server/collab) and the browser (app/components/editor/useCollaboration) both read
// them here. Room naming: docs/decisions/004-room-naming.md.

/** The WebSocket endpoint; the room name follows it ("/collab/document.<id>"). */
export const COLLAB_PATH = "/collab";

const roomSchema = z.string().regex(/^(document|draft)\.[a-z0-9]{20,40}$/, "Malformed room name.");

export type RoomName = { kind: "document"; documentId: string; name: string } | { kind: "draft"; amendmentId: string; name: string };

export function parseRoomName(name: string): RoomName | null {
  const parsed = roomSchema.safeParse(name);
  if (!parsed.success) return null;
  const [prefix, id] = parsed.data.split(".") as [string, string];
  return prefix === "document" ? { kind: "document", documentId: id, name } : { kind: "draft", amendmentId: id, name };
}

/** The base text of a document. */
export function documentRoom(documentId: string): string {
  return `document.${documentId}`;
}

/** A delegation's private drafting space for one amendment. */
export function draftRoom(amendmentId: string): string {
  return `draft.${amendmentId}`;
}

/** WebSocket close codes. 44xx are permanent: the client stops retrying and says why. */
export const CLOSE_CODES = {
  shuttingDown: 1001,
  malformed: 1007,
  tooBig: 1009,
  slowConsumer: 1013,
  sessionEnded: 4401,
  accessRevoked: 4403,
  /** The room has reached its size quota. */
  roomFull: 4413,
  /** Too many messages from this socket, or too many sockets of this user. */
  tooMany: 4429,
} as const;

/** What the browser tells a person whose connection was closed for good. */
export const DENIED_MESSAGES: Readonly<Record<number, string>> = {
  [CLOSE_CODES.sessionEnded]: "Your session has ended. Sign in again to continue.",
  [CLOSE_CODES.accessRevoked]: "Your access to this document has changed.",
};
