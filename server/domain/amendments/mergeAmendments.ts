import { TEXT_LIMITS, atMost } from "../../../common/limits";
import { z } from "zod";
import type { Actor } from "../../policies";
import type { DomainContext } from "../kernel/context";
import { Validation } from "../kernel/errors";
import { fields, parseInput } from "../kernel/validation";
import { MAX_WORDING, applicationWithWording, applyDecisions, assertMayDecide, loadForDecision } from "./applyDecisions";

export const mergeAmendmentsInput = z.object({
  amendmentIds: z.array(fields.id).min(2, "Select at least two amendments to merge.").max(50, "At most 50 amendments at once."),
  /** The paragraph that takes the compromise wording; by default the first amendment's target. */
  targetBlockId: fields.id.optional(),
  wording: z
    .string()
    .trim()
    .min(1, "Write the compromise wording.")
    .max(MAX_WORDING, `At most ${MAX_WORDING.toLocaleString("en")} characters.`),
  /** The paragraph's text the compromise was written against. */
  seenText: z.string().max(MAX_WORDING).optional(),
  reason: z.string().trim().max(TEXT_LIMITS.reason, atMost(TEXT_LIMITS.reason)).default(""),
});

/**
 * The chair merges several amendments to the same or neighbouring paragraphs into compromise
 * wording: one decision, which every merged amendment links to. When they all propose new
 * paragraphs after the same one, the compromise is inserted there; otherwise it becomes the
 * wording of the chosen paragraph.
 */
export async function mergeAmendments(ctx: DomainContext, actor: Actor, input: z.input<typeof mergeAmendmentsInput>) {
  const data = parseInput(mergeAmendmentsInput, input);
  const amendments = await loadForDecision(ctx, actor, [...new Set(data.amendmentIds)]);
  const document = amendments[0]!.document;
  assertMayDecide(actor, document, amendments);
  const targets = new Set(amendments.map((amendment) => amendment.targetBlockId));
  const targetBlockId = data.targetBlockId ?? amendments[0]!.targetBlockId;
  if (!targets.has(targetBlockId))
    throw new Validation("The compromise goes into a paragraph one of the amendments targets.", {
      targetBlockId: "Not a target of these amendments.",
    });
  const anchor = amendments.find((amendment) => amendment.targetBlockId === targetBlockId)!;
  const allInsertions = amendments.every((amendment) => amendment.operation === "insert_after") && targets.size === 1;
  const wording = data.wording.replace(/\r\n?/g, "\n");
  const seenText = data.seenText?.replace(/\r\n?/g, "\n") ?? null;
  const change = allInsertions
    ? applicationWithWording(anchor, wording, null)
    : ({ kind: "rewrite", blockId: targetBlockId, wording, base: seenText, confirm: false } as const);
  const [decision] = await applyDecisions(
    ctx,
    actor,
    document,
    [{ kind: "merge", amendments, changes: [change], wording, reason: data.reason, confirmOutdated: true }],
    { bulk: false },
  );
  return decision!;
}
