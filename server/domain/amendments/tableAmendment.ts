import { z } from "zod";
import { diffAmendmentOffThread } from "../../diffs/offThread";
import type { AmendmentOperation } from "../../../common/vocabulary";
import type { Actor } from "../../policies";
import { checkOperationFits } from "./operations";
import { authorize } from "../kernel/authorize";
import { characters, TEXT_LIMITS } from "../../../common/limits";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { Conflict, Validation } from "../kernel/errors";
import { emitAmendmentChanged } from "./emitAmendmentChanged";
import { loadAmendment } from "./loadAmendment";
import { readBaseBlocks } from "../documents/readBaseBlocks";
import { readDraft } from "./readDraft";
import { fields, parseInput } from "../kernel/validation";

export const tableInput = z.object({ amendmentId: fields.id });

/**
 * Tables the delegation's current draft: its wording is frozen into a new revision (the first
 * tabling, or a revision of a tabled amendment) and it becomes visible to every participant.
 */
export async function tableAmendment(ctx: DomainContext, actor: Actor, input: z.input<typeof tableInput>) {
  const { amendmentId } = parseInput(tableInput, input);
  const amendment = await loadAmendment(ctx, actor, amendmentId);
  authorize(actor, "amendment.table", amendment.resource);

  const operation = amendment.operation as AmendmentOperation;
  const target = checkOperationFits(await readBaseBlocks(ctx, amendment.documentId), amendment.targetBlockId, operation);
  const draft = await readDraft(ctx, amendment.id);
  if (operation !== "delete" && draft.proposedText.trim() === "") {
    throw new Validation("The proposed wording is empty. Write the wording before tabling.", { proposedText: "Required." });
  }
  // What the room holds is bounded before anything is diffed or stored (docs/decisions/017).
  if (operation !== "delete" && draft.proposedText.length > TEXT_LIMITS.proposedText) {
    throw new Validation(
      `The proposed wording is too long: ${characters(draft.proposedText.length)}, at most ${characters(TEXT_LIMITS.proposedText)}. Shorten it in the drafting space; your draft is kept.`,
      { proposedText: "Too long." },
    );
  }
  if (draft.justification.length > TEXT_LIMITS.justification) {
    throw new Validation(
      `The justification is too long: ${characters(draft.justification.length)}, at most ${characters(TEXT_LIMITS.justification)}. Your draft is kept.`,
      { justification: "Too long." },
    );
  }
  const baseText = target.text;
  const proposedText = operation === "delete" ? "" : draft.proposedText;
  // Off the event loop: a diff at the wording limit costs tens of milliseconds (decision 073).
  const diff = await diffAmendmentOffThread(operation, baseText, proposedText, amendment.document.language);

  const tabledAt = amendment.tabledAt ?? ctx.now();
  const revision = await ctx.db.$transaction(async (tx) => {
    const last = await tx.amendmentRevision.findFirst({ where: { amendmentId }, orderBy: { number: "desc" } });
    if (last && last.proposedText === proposedText && last.justification === draft.justification && last.baseText === baseText) {
      throw new Conflict("Nothing changed since the last tabled revision.");
    }
    const revision = await tx.amendmentRevision.create({
      data: {
        amendmentId,
        number: (last?.number ?? 0) + 1,
        contentJson: JSON.stringify(draft.content),
        proposedText,
        baseText,
        baseNumber: target.number,
        justification: draft.justification,
        diffJson: JSON.stringify(diff),
        tabledById: actor.userId,
      },
    });
    await tx.amendment.update({ where: { id: amendmentId }, data: { status: "tabled", tabledAt } });
    await recordAudit(tx, actor, amendment.resource.processId, {
      action: last ? "amendment.revise" : "amendment.table",
      subjectType: "amendment",
      subjectId: amendmentId,
      details: { revision: revision.number, target: target.number ?? target.kind, operation },
    });
    return revision;
  });
  emitAmendmentChanged(ctx, { ...amendment, status: "tabled", tabledAt });
  return revision;
}
