import type { DomainContext } from "../domain/kernel/context";
import { abilitiesFor, processResource, roleOf, whyNot, type Actor } from "../policies";

/**
 * Who is signed in, as every page's shell shows it: name, delegation, role and what they may do
 * in their process. Pages read abilities from here, never from the policies directly.
 */
export function getViewer(_ctx: DomainContext, actor: Actor) {
  const process = processResource(actor.processId);
  return {
    name: actor.name,
    participantName: actor.participantName,
    participantKind: actor.participantKind,
    colour: actor.participantColour,
    role: roleOf(actor),
    office: actor.office,
    delegationRole: actor.delegationRole,
    abilities: abilitiesFor(actor, process),
    /** Why creating a document is refused, or null: the new-document page says it. */
    createDocumentRefusal: whyNot(actor, "document.create", process),
  };
}
