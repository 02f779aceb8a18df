import { abilitiesFor, documentResource, whyNot, type Actor } from "../../policies";
import { authorize } from "../kernel/authorize";
import type { DomainContext } from "../kernel/context";
import { Unauthorized } from "../kernel/errors";
import { findDocument } from "./findDocument";
import { allowedReopenings, plainMoves, textClosedNotice } from "./stages";

/**
 * A document's metadata with what the actor may do on it, and the closed-text notice when it
 * is adopted or published. `me` is the actor, checked: queries built on this need no `actor!`.
 */
export async function getDocument(ctx: DomainContext, actor: Actor | null, documentId: string) {
  if (!actor) throw new Unauthorized();
  const document = await findDocument(ctx, actor, documentId);
  const resource = documentResource(document);
  const me = authorize(actor, "document.read", resource);
  return {
    me,
    document,
    resource,
    abilities: abilitiesFor(me, resource),
    closedNotice: textClosedNotice(resource.stage),
    /** Why the settings page is refused, or null: the page says the policy's reason rather than its own. */
    settingsRefusal: whyNot(me, "document.editSettings", resource),
    /** The moves the settings form offers; the others are made on the stage page, which asks for what they record. */
    plainMoves: plainMoves(resource.stage),
    reopenings: allowedReopenings(resource.stage),
  };
}
