import { YJS_FIELD } from "../../../app/editor/ydocFields";
import { z } from "zod";
import type { Actor } from "../../policies";
import { authorizeProcess } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { documentFields } from "./documentFields";
import { Conflict, isUniqueViolation } from "../kernel/errors";
import { parseInput } from "../kernel/validation";
import { block } from "../../../app/editor/documentModel";
import { documentRoom } from "../../../common/collab";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { editorSchema } from "../../../app/editor/documentModel";

export const createDocumentInput = z.object({
  kind: documentFields.kind,
  title: documentFields.title,
  symbol: documentFields.symbol,
  language: documentFields.language,
});

/** Creates a document in the drafting stage. Its text starts from the title block (see documentContent). */
export async function createDocument(ctx: DomainContext, actor: Actor, input: z.input<typeof createDocumentInput>) {
  const { processId, userId } = authorizeProcess(actor, "document.create");
  const data = parseInput(createDocumentInput, input);
  const symbolTaken = () => new Conflict("Another document already has this symbol.", { symbol: "Already in use." });
  if (await ctx.db.document.findFirst({ where: { processId, symbol: data.symbol } })) throw symbolTaken();
  const document = await ctx.db
    .$transaction(async (tx) => {
      const document = await tx.document.create({ data: { ...data, processId, createdById: userId, stage: "drafting" } });
      await recordAudit(tx, actor, processId, {
        action: "document.create",
        subjectType: "document",
        subjectId: document.id,
        details: data,
      });
      return document;
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? symbolTaken() : error;
    });
  // The text starts on the server with the title block, so no client ever inserts default content.
  await ctx.liveDocuments.change(documentRoom(document.id), (doc) => {
    prosemirrorJSONToYXmlFragment(editorSchema(), { type: "doc", content: [block("title", data.title)] }, doc.getXmlFragment(YJS_FIELD));
  });
  return document;
}
