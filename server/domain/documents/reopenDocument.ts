import { TEXT_LIMITS, atMost } from "../../../common/limits";
import { z } from "zod";
import { documentResource, type Actor } from "../../policies";
import { STAGES, STAGE_NAMES } from "../../../common/vocabulary";
import { authorize } from "../kernel/authorize";
import { applyStage, claimStage } from "../stages/applyStage";
import type { DomainContext } from "../kernel/context";
import { Conflict } from "../kernel/errors";
import { findDocument } from "./findDocument";
import { allowedReopenings, canReopen } from "./stages";
import { fields, parseInput } from "../kernel/validation";

export const reopenDocumentInput = z.object({
  documentId: fields.id,
  stage: z.enum(STAGES, { message: "Choose the stage to return to." }),
  reason: z
    .string()
    .trim()
    .min(10, "Say why the text is reopened (at least 10 characters).")
    .max(TEXT_LIMITS.reason, atMost(TEXT_LIMITS.reason)),
});

/**
 * The secretariat reopens an adopted text, with a reason, back to an earlier stage: the only
 * way back from "adopted", audited as a reopening and announced like every other stage move. A
 * published text is never reopened.
 */
export async function reopenDocument(ctx: DomainContext, actor: Actor, input: z.input<typeof reopenDocumentInput>) {
  const data = parseInput(reopenDocumentInput, input);
  const document = await findDocument(ctx, actor, data.documentId);
  authorize(actor, "document.reopen", documentResource(document));
  const from = document.stage;
  if (!canReopen(from, data.stage)) {
    const targets = allowedReopenings(from);
    throw new Conflict(
      targets.length === 0
        ? `A document at the stage “${STAGE_NAMES[from]}” cannot be reopened; only an adopted text can.`
        : `An adopted text can be reopened to ${targets.map((stage) => `“${STAGE_NAMES[stage]}”`).join(", ")} only.`,
      { stage: "Not a stage this text can be reopened to." },
    );
  }
  const now = ctx.now();
  const updated = await ctx.db.$transaction(async (tx) => {
    await claimStage(tx, document.id, from);
    await applyStage(tx, {
      document,
      to: data.stage,
      actor,
      now,
      action: "document.reopen",
      notice: `the adopted text is reopened to the stage “${STAGE_NAMES[data.stage]}”: ${data.reason.length > 300 ? `${data.reason.slice(0, 297)}…` : data.reason}`,
      details: { before: { stage: from }, after: { stage: data.stage }, reason: data.reason },
    });
    return tx.document.findUniqueOrThrow({ where: { id: document.id } });
  });
  ctx.events.emit("document.changed", document.id);
  return updated;
}
