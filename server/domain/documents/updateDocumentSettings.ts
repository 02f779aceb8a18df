import { z } from "zod";
import type { Actor } from "../../policies";
import type { Stage } from "../../../common/vocabulary";
import { authorize } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { documentFields } from "./documentFields";
import { Conflict, Unauthorized } from "../kernel/errors";
import { findDocument } from "./findDocument";
import { fields, parseInput } from "../kernel/validation";

const settingsInput = z.object({
  documentId: fields.id,
  title: documentFields.title,
  symbol: documentFields.symbol,
  language: documentFields.language,
  stage: documentFields.stage,
});

/**
 * The secretariat edits a document's metadata and moves its stage. Until the stage rules land
 * (DESIGN §6) any stage can be chosen; every change, including the stage, is audited.
 */
export async function updateDocumentSettings(ctx: DomainContext, actor: Actor | null, input: unknown) {
  if (!actor) throw new Unauthorized();
  const data = parseInput(settingsInput, input);
  const document = await findDocument(ctx, actor, data.documentId);
  authorize(actor, "document.editSettings", { processId: document.processId });
  if (data.stage !== document.stage) authorize(actor, "document.setStage", { processId: document.processId });
  const clash = await ctx.db.document.findFirst({
    where: { processId: document.processId, symbol: data.symbol, NOT: { id: document.id } },
  });
  if (clash) throw new Conflict("Another document already has this symbol.", { symbol: "Already in use." });

  const { documentId, ...changes } = data;
  const updated = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.document.update({ where: { id: documentId }, data: changes });
    const before = { title: document.title, symbol: document.symbol, language: document.language, stage: document.stage as Stage };
    await recordAudit(tx, actor, document.processId, {
      action: data.stage !== document.stage ? "document.setStage" : "document.update",
      subjectType: "document",
      subjectId: document.id,
      details: { before, after: changes },
    });
    return updated;
  });
  ctx.events.emit("document.changed", document.id);
  return updated;
}
