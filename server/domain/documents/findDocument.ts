import type { Actor } from "../../policies";
import type { DomainContext } from "../kernel/context";
import { NotFound } from "../kernel/errors";
import { documentColumns } from "../kernel/vocabularyColumns";

/** A document of the actor's process, its kind and stage typed; NotFound for unknown ids and other processes alike. */
export async function findDocument(ctx: DomainContext, actor: Actor, documentId: string) {
  const document = await ctx.db.document.findFirst({ where: { id: documentId, processId: actor.processId } });
  if (!document) throw new NotFound("Document not found.");
  return documentColumns(document);
}
