import type { Actor } from "../../policies";
import type { DomainContext } from "../kernel/context";
import { NotFound } from "../kernel/errors";

/** A document of the actor's process; NotFound for unknown ids and other processes alike. */
export async function findDocument(ctx: DomainContext, actor: Actor, documentId: string) {
  const document = await ctx.db.document.findFirst({ where: { id: documentId, processId: actor.processId } });
  if (!document) throw new NotFound("Document not found.");
  return document;
}
