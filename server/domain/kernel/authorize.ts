import { decide, processResource, type Action, type ActionOn, type Actor, type Decision, type ResourceFor } from "../../policies";
import { Conflict, Forbidden, NotFound, Unauthorized, type DomainError } from "./errors";

/** The domain error for a refusal: stage and status are conflicts (409), visibility hides (404). */
export function refusalError(decision: Exclude<Decision, { allowed: true }>): DomainError {
  switch (decision.reason) {
    case "unauthenticated":
      return new Unauthorized();
    case "stage":
    case "status":
      return new Conflict(decision.message);
    case "visibility":
      return new NotFound(decision.message);
    default:
      return new Forbidden(decision.message);
  }
}

/** Every command starts here: the server, never the UI, decides. */
export function authorize<A extends Action>(actor: Actor | null, action: A, resource: ResourceFor<A>): Actor {
  if (!actor) throw new Unauthorized();
  const decision = decide(actor, action, resource);
  if (!decision.allowed) throw refusalError(decision);
  return actor;
}

/** For actions on the process as a whole: the actor's own process. */
export function authorizeProcess<A extends ActionOn<"process">>(actor: Actor | null, action: A): Actor {
  if (!actor) throw new Unauthorized();
  return authorize(actor, action, processResource(actor.processId) as ResourceFor<A>);
}
