import { closedTextMessage, isTextClosed } from "../domain/documents/stages";
import { roleOf, type Actor } from "./actor";
import { isComplete, type ResourceKind, type Resources } from "./resources";
import type { Decision, Rule } from "./rule";
import { amendmentRules } from "./rules/amendments";
import { commentRules } from "./rules/comments";
import { documentRules } from "./rules/documents";
import { processRules } from "./rules/process";

export { ROLES, roleOf, type Actor, type Role } from "./actor";
export * from "./resources";
export type { Decision, Reason, Refusal } from "./rule";

/**
 * The one permission table (docs/decisions/023), composed from one rule file per aggregate. Routes,
 * loaders (as abilities), commands, the collaboration server and the live channel all ask it.
 * To add an action, add a row to the aggregate's file: it names its resource kind, and every
 * caller must then pass a complete resource of that kind.
 */
export const RULES = { ...processRules, ...documentRules, ...amendmentRules, ...commentRules };

export type Action = keyof typeof RULES;
export const ACTIONS = Object.keys(RULES) as Action[];
/** The resource an action needs. */
export type ResourceFor<A extends Action> = Resources[(typeof RULES)[A]["resource"]];
/** The actions about one kind of resource. */
export type ActionOn<K extends ResourceKind> = { [A in Action]: (typeof RULES)[A]["resource"] extends K ? A : never }[Action];

const ALLOWED: Decision = { allowed: true };
const NOT_ALLOWED = "You are not allowed to do this.";

/**
 * Whether the actor may do the action on the resource, and if not, why. Fails closed: no actor,
 * an unknown action, a resource of another kind or with a missing field, another process.
 * A closed text is checked before the role, so it refuses every mutating action alike.
 */
export function decide<A extends Action>(actor: Actor | null, action: A, resource: ResourceFor<A>): Decision {
  if (!actor) return { allowed: false, reason: "unauthenticated", message: "Please sign in." };
  const rule = (RULES as Record<string, Rule<ResourceKind> | undefined>)[action];
  if (!rule || !isComplete(rule.resource, resource)) return { allowed: false, reason: "resource", message: NOT_ALLOWED };
  if (resource.processId !== actor.processId) return { allowed: false, reason: "process", message: NOT_ALLOWED };
  if (rule.mutatesText && "stage" in resource && isTextClosed(resource.stage)) {
    return { allowed: false, reason: "stage", message: closedTextMessage(resource.stage) };
  }
  if (!rule.roles.includes(roleOf(actor))) return { allowed: false, reason: "role", message: rule.onlyFor ?? NOT_ALLOWED };
  for (const condition of rule.when ?? []) {
    const refusal = condition(actor, resource as never);
    if (refusal) return { allowed: false, ...refusal };
  }
  return ALLOWED;
}

export function can<A extends Action>(actor: Actor | null, action: A, resource: ResourceFor<A>): boolean {
  return decide(actor, action, resource).allowed;
}

/** The refusal message, or null when allowed: for the UI to say why a control is missing. */
export function whyNot<A extends Action>(actor: Actor | null, action: A, resource: ResourceFor<A>): string | null {
  const decision = decide(actor, action, resource);
  return decision.allowed ? null : decision.message;
}

export type Abilities<K extends ResourceKind> = Record<ActionOn<K>, boolean>;

/** Everything the actor may do on a resource (the actions about its kind), for the UI. */
export function abilitiesFor<K extends ResourceKind>(actor: Actor | null, resource: Resources[K] & { kind: K }): Abilities<K> {
  const kind: ResourceKind = resource.kind;
  const actions = ACTIONS.filter((action) => RULES[action].resource === kind);
  return Object.fromEntries(actions.map((action) => [action, decide(actor, action, resource as never).allowed])) as Abilities<K>;
}
