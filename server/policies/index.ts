import type { DelegationRole, Office, ParticipantKind, Stage, ThreadVisibility } from "../../common/vocabulary";

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

/** What an action is about. Each field is optional; a rule reads only what it needs. */
export interface Resource {
  processId?: string;
  /** The document's stage, for rules that depend on it. */
  stage?: Stage;
  /** The participant owning a delegation space (drafts, internal threads). */
  participantId?: string;
  /** Who may see a comment thread. */
  visibility?: ThreadVisibility;
  /** The user who wrote a comment or started a thread. */
  authorId?: string;
}

export type Role = "secretariat" | "chair" | "head" | "delegate" | "observer";

/** The role that decides permissions. An office outranks the delegation role. */
export function roleOf(actor: Actor): Role {
  if (actor.participantKind === "secretariat") return "secretariat";
  if (actor.participantKind === "observer") return "observer";
  if (actor.office) return "chair";
  return actor.delegationRole === "head" ? "head" : "delegate";
}

const CLOSED_STAGES: readonly Stage[] = ["adopted", "published"];

type Rule = {
  roles: readonly Role[];
  /** Extra condition on the resource, checked after the role. */
  when?: (actor: Actor, resource: Resource) => boolean;
};

const openText = (_: Actor, resource: Resource) =>
  resource.stage === undefined || !CLOSED_STAGES.includes(resource.stage);
const ownDelegation = (actor: Actor, resource: Resource) =>
  resource.participantId === undefined || resource.participantId === actor.participantId;

const otherDelegation = (actor: Actor, resource: Resource) =>
  resource.participantId === undefined || resource.participantId !== actor.participantId;

/** A thread reaches everyone, one delegation, or the chair and secretariat (and its author). */
const seesThread = (actor: Actor, resource: Resource) => {
  switch (resource.visibility ?? "everyone") {
    case "everyone":
      return true;
    case "delegation":
      return resource.participantId === actor.participantId;
    case "chair_secretariat":
      return roleOf(actor) === "chair" || roleOf(actor) === "secretariat" || resource.authorId === actor.userId;
  }
};
const isAuthor = (actor: Actor, resource: Resource) => resource.authorId !== undefined && resource.authorId === actor.userId;

const ALL: readonly Role[] = ["secretariat", "chair", "head", "delegate", "observer"];

/**
 * The one permission table (DESIGN §1). Routes, loaders (as abilities) and the collaboration
 * server all ask it. Where an issue overrides DESIGN the row says so.
 */
export const RULES = {
  "process.read": { roles: ALL },
  "document.read": { roles: ALL },
  "process.manage": { roles: ["secretariat"] },
  "audit.read": { roles: ["secretariat"] },
  "document.create": { roles: ["secretariat", "chair"] },
  "document.setStage": { roles: ["secretariat"] },
  "deadline.extend": { roles: ["secretariat"] },
  "document.editSettings": { roles: ["secretariat"] },
  "document.editBase": { roles: ["secretariat", "chair"], when: openText },
  // Issue 3: chair *and* secretariat set block status (DESIGN listed the chair only).
  "block.setStatus": { roles: ["secretariat", "chair"], when: openText },
  "amendment.draft": { roles: ["chair", "head", "delegate"], when: (actor, resource) => ownDelegation(actor, resource) && openText(actor, resource) },
  "amendment.table": {
    roles: ["chair", "head"],
    when: (actor, resource) => ownDelegation(actor, resource) && resource.stage === "amendments_open",
  },
  "amendment.withdraw": { roles: ["chair", "head"], when: ownDelegation },
  // Co-sponsoring and positions concern other states' amendments, while the text is open.
  "amendment.cosponsor": { roles: ["chair", "head"], when: (actor, resource) => otherDelegation(actor, resource) && openText(actor, resource) },
  "amendment.takePosition": { roles: ["chair", "head"], when: (actor, resource) => otherDelegation(actor, resource) && openText(actor, resource) },
  "amendment.decide": { roles: ["chair"] },
  "revision.issue": { roles: ["chair"] },
  "comment.create": { roles: ALL, when: openText },
  "thread.read": { roles: ALL, when: seesThread },
  "comment.edit": { roles: ALL, when: (actor, resource) => isAuthor(actor, resource) && openText(actor, resource) },
  "thread.resolve": {
    roles: ALL,
    when: (actor, resource) => (isAuthor(actor, resource) || ["chair", "secretariat"].includes(roleOf(actor))) && openText(actor, resource),
  },
  "document.publish": { roles: ["secretariat"] },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof RULES;
export const ACTIONS = Object.keys(RULES) as Action[];

export function can(actor: Actor | null, action: Action, resource: Resource = {}): boolean {
  if (!actor) return false;
  if (resource.processId !== undefined && resource.processId !== actor.processId) return false;
  const rule: Rule = RULES[action];
  if (!rule.roles.includes(roleOf(actor))) return false;
  return rule.when ? rule.when(actor, resource) : true;
}

export type Abilities = Record<Action, boolean>;

/** Everything the actor may do on a resource, for the UI to show or hide controls. */
export function abilitiesFor(actor: Actor | null, resource: Resource = {}): Abilities {
  return Object.fromEntries(ACTIONS.map((action) => [action, can(actor, action, resource)])) as Abilities;
}
