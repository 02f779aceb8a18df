import { TEXT_LIMITS, atMost } from "../../../common/limits";
import { z } from "zod";
import type { Actor } from "../../policies";
import type { DomainContext } from "../kernel/context";
import { fields, parseInput } from "../kernel/validation";
import { phaseDone, phaseStart } from "../kernel/phases";
import { PHASES, applicationAsProposed, applyDecisions, assertMayDecide, loadForDecision } from "./applyDecisions";

export const decideInBulkInput = z.object({
  amendmentIds: z.array(fields.id).min(1, "Select at least one amendment.").max(500, "At most 500 amendments at once."),
  decision: z.enum(["accept", "not_retain"], { message: "Choose accept or not retain." }),
  reason: z.string().trim().max(TEXT_LIMITS.reason, atMost(TEXT_LIMITS.reason)).default(""),
  confirmOutdated: fields.flag.default(false),
});

/**
 * Accepts or does not retain a selection of amendments in one action: applied in document
 * order, recorded as one audited operation, all or nothing (one refusal refuses the lot and
 * names the amendment).
 */
export async function decideAmendmentsInBulk(ctx: DomainContext, actor: Actor, input: z.input<typeof decideInBulkInput>) {
  phaseStart(PHASES);
  const data = parseInput(decideInBulkInput, input);
  const amendments = await loadForDecision(ctx, actor, [...new Set(data.amendmentIds)]);
  phaseDone(PHASES, "amendments loaded");
  const document = amendments[0]!.document;
  assertMayDecide(actor, document, amendments);
  const planned = amendments.map((amendment) => ({
    kind: data.decision,
    amendments: [amendment],
    changes: data.decision === "accept" ? applicationAsProposed(amendment) : [],
    wording: data.decision === "accept" && amendment.operation !== "delete" ? amendment.revision.proposedText : "",
    reason: data.reason,
    confirmOutdated: data.confirmOutdated,
  }));
  return applyDecisions(ctx, actor, document, planned, { bulk: true });
}
