import { can, type Action, type Actor, type Resource } from "../../policies";
import { Forbidden, Unauthorized } from "./errors";

/** Every command starts here: the server, never the UI, decides. */
export function authorize(actor: Actor | null, action: Action, resource: Resource = {}): Actor {
  if (!actor) throw new Unauthorized();
  if (!can(actor, action, resource)) throw new Forbidden();
  return actor;
}
