import type { DelegationRole, Office, ParticipantKind } from "../../common/vocabulary";

/** Who is acting: built from the server-side session, never from client input. */
export interface Actor {
  userId: string;
  name: string;
  email: string;
  processId: string;
  participantId: string;
  participantName: string;
  participantCode: string;
  participantKind: ParticipantKind;
  participantColour: string;
  delegationRole: DelegationRole | null;
  office: Office | null;
}

export type Role = "secretariat" | "chair" | "head" | "delegate" | "observer";
export const ROLES: readonly Role[] = ["secretariat", "chair", "head", "delegate", "observer"];

/** The role that decides permissions. An office outranks the delegation role. */
export function roleOf(actor: Actor): Role {
  if (actor.participantKind === "secretariat") return "secretariat";
  if (actor.participantKind === "observer") return "observer";
  if (actor.office) return "chair";
  return actor.delegationRole === "head" ? "head" : "delegate";
}
