import { z } from "zod";
import { documentResource, type Actor } from "../../policies";
import { STAGES, STAGE_NAMES, type Stage } from "../../../common/vocabulary";
import { authorize } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { Conflict, Unauthorized } from "../kernel/errors";
import { findDocument } from "./findDocument";
import { allowedReopenings, canReopen } from "./stages";
import { fields, parseInput } from "../kernel/validation";

export const reopenDocumentInput = z.object({
  documentId: fields.id,
  stage: z.enum(STAGES, { message: "Choose the stage to return to." }),
  reason: z.string().trim().min(10, "Say why the text is reopened (at least 10 characters).").max(2_000, "At most 2,000 characters."),
});

/**
 * The secretariat reopens an adopted text, with a reason, back to an earlier stage: the only
 * way back from "adopted", and audited as a reopening. A published text is never reopened.
 */
export async function reopenDocument(ctx: DomainContext, actor: Actor | null, input: unknown) {
  if (!actor) throw new Unauthorized();
  const data = parseInput(reopenDocumentInput, input);
  const document = await findDocument(ctx, actor, data.documentId);
  authorize(actor, "document.reopen", documentResource(document));
  const from = document.stage as Stage;
  if (!canReopen(from, data.stage)) {
    const targets = allowedReopenings(from);
    throw new Conflict(
      targets.length === 0
        ? `A document at the stage “${STAGE_NAMES[from]}” cannot be reopened; only an adopted text can.`
        : `An adopted text can be reopened to ${targets.map((stage) => `“${STAGE_NAMES[stage]}”`).join(", ")} only.`,
      { stage: "Not a stage this text can be reopened to." },
    );
  }
  const updated = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.document.update({ where: { id: document.id }, data: { stage: data.stage } });
    await recordAudit(tx, actor, document.processId, {
      action: "document.reopen",
      subjectType: "document",
      subjectId: document.id,
      details: { before: { stage: from }, after: { stage: data.stage }, reason: data.reason },
    });
    return updated;
  });
  ctx.events.emit("document.changed", document.id);
  return updated;
}
