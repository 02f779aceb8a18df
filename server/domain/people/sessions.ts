import { createHash, randomBytes } from "node:crypto";
import type { Prisma } from "@prisma/client";
import type { Actor } from "../../policies";
import { participantColumns, userColumns } from "../kernel/vocabularyColumns";

/** Sessions are stored by the SHA-256 of their cookie token; the token itself is never stored. */
export function sessionIdFor(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export const actorUserInclude = { participant: true } satisfies Prisma.UserInclude;
type UserWithParticipant = Prisma.UserGetPayload<{ include: typeof actorUserInclude }>;

export function actorFromUser(user: UserWithParticipant): Actor {
  const { delegationRole, office } = userColumns(user);
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    processId: user.participant.processId,
    participantId: user.participantId,
    participantName: user.participant.name,
    participantCode: user.participant.code,
    participantKind: participantColumns(user.participant).kind,
    participantColour: user.participant.colour,
    delegationRole,
    office,
  };
}
