import { TEXT_LIMITS, atMost } from "../../../common/limits";
import { z } from "zod";
import type { Actor } from "../../policies";
import type { DomainContext } from "../kernel/context";
import { Validation } from "../kernel/errors";
import { fields, parseInput } from "../kernel/validation";
import {
  MAX_WORDING,
  applicationAsProposed,
  applicationWithWording,
  applyDecisions,
  assertMayDecide,
  loadForDecision,
  type PlannedDecision,
} from "./applyDecisions";

export const decideAmendmentInput = z.object({
  amendmentId: fields.id,
  decision: z.enum(["accept", "accept_with_changes", "not_retain"], { message: "Choose a decision." }),
  /** The chair's wording, for "accept with changes". */
  wording: z
    .string()
    .max(MAX_WORDING, `At most ${MAX_WORDING.toLocaleString("en")} characters.`)
    .default(""),
  /** The paragraph's text the chair's wording was written against (the dialog sends it back). */
  seenText: z.string().max(MAX_WORDING).optional(),
  reason: z.string().trim().max(TEXT_LIMITS.reason, atMost(TEXT_LIMITS.reason)).default(""),
  /** The chair saw both differences of an outdated amendment and applies it to the current text. */
  confirmOutdated: fields.flag.default(false),
});

/**
 * The chair decides one tabled amendment: accept (applied to the live text as the chair's
 * edit), accept with changes (the chair's wording), or not retain (with an optional reason the
 * proposer sees). The proposer, co-sponsors and states with a position are notified.
 */
export async function decideAmendment(ctx: DomainContext, actor: Actor, input: z.input<typeof decideAmendmentInput>) {
  const data = parseInput(decideAmendmentInput, input);
  const [amendment] = await loadForDecision(ctx, actor, [data.amendmentId]);
  assertMayDecide(actor, amendment!.document, [amendment!]);
  const wording = data.wording.replace(/\r\n?/g, "\n").trim();
  if (data.decision === "accept_with_changes" && wording === "") {
    throw new Validation("Write the wording to apply.", { wording: "Required." });
  }
  const planned: PlannedDecision = {
    kind: data.decision,
    amendments: [amendment!],
    changes:
      data.decision === "accept"
        ? applicationAsProposed(amendment!)
        : data.decision === "accept_with_changes"
          ? [applicationWithWording(amendment!, wording, data.seenText?.replace(/\r\n?/g, "\n") ?? null)]
          : [],
    wording:
      data.decision === "accept"
        ? amendment!.operation === "delete"
          ? ""
          : amendment!.revision.proposedText
        : data.decision === "accept_with_changes"
          ? wording
          : "",
    reason: data.reason,
    confirmOutdated: data.confirmOutdated,
  };
  const [decision] = await applyDecisions(ctx, actor, amendment!.document, [planned], { bulk: false });
  return decision!;
}
