import { z } from "zod";
import { documentResource, type Actor } from "../../policies";
import { STAGE_NAMES } from "../../../common/vocabulary";
import { authorize } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { documentFields } from "./documentFields";
import { Conflict } from "../kernel/errors";
import { findDocument } from "./findDocument";
import { DEDICATED_STAGES, moveRefusal } from "./stages";
import { applyStage, claimStage } from "../stages/applyStage";
import { fields, parseInput } from "../kernel/validation";

export const settingsInput = z.object({
  documentId: fields.id,
  title: documentFields.title,
  symbol: documentFields.symbol,
  language: documentFields.language,
  stage: documentFields.stage,
});

/**
 * The secretariat edits a document's metadata and moves its stage, along the allowed moves of
 * the stage machine only (documents/stages); going back from "adopted" is a reopening
 * (reopenDocument). Every change is audited; a stage move goes through applyStage like every
 * other move, so it is announced, notified and ends the pending deadlines of the stage left.
 */
export async function updateDocumentSettings(ctx: DomainContext, actor: Actor, input: z.input<typeof settingsInput>) {
  const data = parseInput(settingsInput, input);
  const document = await findDocument(ctx, actor, data.documentId);
  const resource = documentResource(document);
  authorize(actor, "document.editSettings", resource);
  const from = document.stage;
  // A published text is immutable (docs/decisions/032), down to its title and symbol (also a database trigger).
  if (from === "published") throw new Conflict("A published text is immutable: its settings cannot change.");
  if (data.stage !== from) {
    authorize(actor, "document.setStage", resource);
    const refusal = moveRefusal(from, data.stage);
    if (refusal) throw new Conflict(refusal, { stage: "Not an allowed move from the current stage." });
    // Silence, adoption and publication need their records (version, deadline, adoption): a bare
    // stage change here would leave a text "published" with nothing at its public address.
    const dedicated = DEDICATED_STAGES[data.stage];
    if (dedicated) throw new Conflict(dedicated, { stage: dedicated });
  }
  const clash = await ctx.db.document.findFirst({
    where: { processId: document.processId, symbol: data.symbol, NOT: { id: document.id } },
  });
  if (clash) throw new Conflict("Another document already has this symbol.", { symbol: "Already in use." });

  const { documentId, stage, ...metadata } = data;
  const metadataChanged = (Object.keys(metadata) as (keyof typeof metadata)[]).some((key) => metadata[key] !== document[key]);
  const updated = await ctx.db.$transaction(async (tx) => {
    if (stage !== from) {
      await claimStage(tx, documentId, from);
      await applyStage(tx, {
        document,
        to: stage,
        actor,
        now: ctx.now(),
        notice: `the document moved to the stage “${STAGE_NAMES[stage]}”.`,
      });
    }
    const updated = await tx.document.update({ where: { id: documentId }, data: metadata });
    if (metadataChanged || stage === from) {
      const before = { title: document.title, symbol: document.symbol, language: document.language };
      await recordAudit(tx, actor, document.processId, {
        action: "document.update",
        subjectType: "document",
        subjectId: document.id,
        details: { before, after: metadata },
      });
    }
    return updated;
  });
  ctx.events.emit("document.changed", document.id);
  return updated;
}
