import { abilitiesFor, type Actor } from "../../policies";
import type { Stage } from "../../../common/vocabulary";
import { authorize } from "../kernel/authorize";
import type { DomainContext } from "../kernel/context";
import { Unauthorized } from "../kernel/errors";
import { findDocument } from "./findDocument";

/** A document's metadata with what the actor may do on it. */
export async function getDocument(ctx: DomainContext, actor: Actor | null, documentId: string) {
  if (!actor) throw new Unauthorized();
  const document = await findDocument(ctx, actor, documentId);
  const resource = { processId: document.processId, stage: document.stage as Stage };
  authorize(actor, "document.read", resource);
  return { document, abilities: abilitiesFor(actor, resource) };
}
