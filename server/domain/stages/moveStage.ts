import { z } from "zod";
import { STAGE_NAMES, STAGES } from "../../../common/vocabulary";
import { formatUtcTime } from "../../../common/time";
import { documentResource, type Actor } from "../../policies";
import { authorize } from "../kernel/authorize";
import type { DomainContext } from "../kernel/context";
import { Conflict, Validation } from "../kernel/errors";
import { fields, parseInput } from "../kernel/validation";
import { findDocument } from "../documents/findDocument";
import { applyStage, claimStage } from "./applyStage";
import { actorTimeZone, deadlineText, readDeadline } from "./deadlineFields";
import { DEDICATED_STAGES, canMove, moveNeedsDeadline } from "../documents/stages";

/**
 * The secretariat moves a document along its stages: opens amendments until a deadline, closes
 * them early, or opens a new round after consolidation. Only the allowed moves; each audited,
 * announced live and in every participant's notifications.
 */
export const moveStageInput = z.object({
  documentId: fields.id,
  stage: z.enum(STAGES, { message: "Choose a stage." }),
  /** Required when opening amendments: until when. */
  deadline: deadlineText.optional(),
});

export async function moveStage(ctx: DomainContext, actor: Actor, input: z.input<typeof moveStageInput>) {
  const base = parseInput(moveStageInput, input);
  const document = await findDocument(ctx, actor, base.documentId);
  const from = document.stage;
  const to = base.stage;
  authorize(actor, "document.setStage", documentResource(document));
  if (from === to) throw new Conflict(`The document is already at the stage “${STAGE_NAMES[to]}”.`);
  if (!canMove(from, to)) throw new Conflict(`A document cannot move from “${STAGE_NAMES[from]}” to “${STAGE_NAMES[to]}”.`);
  const dedicated = DEDICATED_STAGES[to];
  if (dedicated) throw new Conflict(dedicated);

  const now = ctx.now();
  if (moveNeedsDeadline(to) && !base.deadline) throw new Validation("Amendments open until a deadline.", { deadline: "Required." });
  const deadline = moveNeedsDeadline(to) && base.deadline ? readDeadline(base.deadline, now, await actorTimeZone(ctx, actor)) : null;

  await ctx.db.$transaction(async (tx) => {
    // The stage read above may be stale: move only from the stage the actor saw.
    await claimStage(tx, document.id, from);
    const notice =
      to === "amendments_open"
        ? `amendments are open until ${formatUtcTime(deadline!)}.`
        : to === "consolidation" && from === "amendments_open"
          ? "amendments are closed; the Chair consolidates the text."
          : `the document moved to the stage “${STAGE_NAMES[to]}”.`;
    await applyStage(tx, {
      document,
      to,
      actor,
      now,
      notice,
      details: deadline ? { deadline: deadline.toISOString() } : {},
    });
    // Returned to consolidation by the secretariat, the silence procedure ends without adoption or
    // objection; left open, it would read as still running to whatever comes next.
    if (from === "silence_procedure") {
      await tx.silenceProcedure.updateMany({
        where: { documentId: document.id, outcome: "open" },
        data: { outcome: "withdrawn", endedAt: now },
      });
    }
    if (deadline) {
      await tx.deadline.create({ data: { documentId: document.id, kind: "amendments_close", dueAt: deadline, createdById: actor.userId } });
    }
  });
  ctx.events.emit("document.changed", document.id);
}
