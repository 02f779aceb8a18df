import type { Actor, Role } from "./actor";
import type { ResourceKind, Resources } from "./resources";

/** Why an action is refused; commands turn it into a status, the UI shows the message. */
export type Reason = "unauthenticated" | "resource" | "process" | "stage" | "role" | "ownership" | "status" | "visibility" | "authorship";
export interface Refusal {
  reason: Reason;
  message: string;
}
export type Decision = { allowed: true } | ({ allowed: false } & Refusal);

/** A condition on the resource, checked after the role: null when met, else why not. */
export type Condition<R> = (actor: Actor, resource: R) => Refusal | null;

export interface Rule<K extends ResourceKind> {
  /** The kind of resource the action is about; the check refuses any other. */
  resource: K;
  roles: readonly Role[];
  /** The refusal for every other role. */
  onlyFor?: string;
  /**
   * The action changes the text or its discussion: a closed text (adopted, published) refuses
   * it before anything else, with the same 409 and message for every such action.
   */
  mutatesText?: boolean;
  when?: readonly Condition<Resources[K]>[];
}

export function rule<K extends ResourceKind>(resource: K, spec: Omit<Rule<K>, "resource">): Rule<K> {
  return { resource, ...spec };
}

export const ALL_ROLES: readonly Role[] = ["secretariat", "chair", "head", "delegate", "observer"];

// Conditions shared by the rule files.

type Owned = { participantId: string };

/** The resource belongs to the actor's own delegation (its drafts, its amendments). */
export const ownDelegation =
  (message: string): Condition<Owned> =>
  (actor, resource) =>
    resource.participantId === actor.participantId ? null : { reason: "ownership", message };

/** The resource belongs to another delegation (co-sponsoring, positions). */
export const otherDelegation =
  (message: string): Condition<Owned> =>
  (actor, resource) =>
    resource.participantId !== actor.participantId ? null : { reason: "ownership", message };
