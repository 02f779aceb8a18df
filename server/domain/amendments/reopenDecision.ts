import { z } from "zod";
import { amendmentResource, documentResource, type Actor } from "../../policies";
import { recordAudit } from "../kernel/audit";
import { authorize } from "../kernel/authorize";
import type { DomainContext } from "../kernel/context";
import { Conflict, NotFound } from "../kernel/errors";
import { fields, parseInput } from "../kernel/validation";
import { documentRoom } from "../../../common/collab";
import { emitChanged, serialiseDocument } from "./applyDecisions";
import { revertEffects, revertObstacles, type Effect } from "./decisionText";
import { RESOLVE_OPTIONS } from "./resolveOptionSet";

export const reopenDecisionInput = z.object({ decisionId: fields.id });

/**
 * The chair reopens a decision until the next version is issued: its amendments are tabled
 * again, and its text change is reverted when nothing has edited that text since. Otherwise
 * the text stays and the chair is told what to revert by hand.
 */
export async function reopenDecision(ctx: DomainContext, actor: Actor, input: z.input<typeof reopenDecisionInput>) {
  const { decisionId } = parseInput(reopenDecisionInput, input);
  const decision = await ctx.db.amendmentDecision.findUnique({ where: { id: decisionId } });
  const document = decision ? await ctx.db.document.findFirst({ where: { id: decision.documentId, processId: actor.processId } }) : null;
  if (!decision || !document) throw new NotFound("Decision not found.");
  const amendmentIds = JSON.parse(decision.amendmentIds) as string[];
  // A resolved option set is the chair's decision on the paragraph; its amendments stay accepted.
  const resolution = decision.kind === RESOLVE_OPTIONS;
  if (resolution) authorize(actor, "block.resolveOptions", documentResource(document));
  else {
    const amendments = await ctx.db.amendment.findMany({ where: { id: { in: amendmentIds } } });
    for (const amendment of amendments) authorize(actor, "amendment.reopenDecision", amendmentResource(amendment, document));
  }

  return serialiseDocument(document.id, async () => {
    const current = await ctx.db.amendmentDecision.findUniqueOrThrow({ where: { id: decisionId } });
    if (current.reopenedAt) throw new Conflict("This decision has already been reopened.");
    if (resolution) {
      const issued = await ctx.db.version.findFirst({ where: { documentId: document.id, issuedAt: { gte: current.decidedAt } } });
      if (issued) throw new Conflict(`This resolution is part of ${issued.label}, which has been issued; it can no longer be reopened.`);
    } else {
      const settled = await ctx.db.amendmentFate.findFirst({
        where: { amendmentId: { in: amendmentIds }, fate: { not: "carried_forward" } },
        include: { version: true },
      });
      if (settled)
        throw new Conflict(`This decision is part of ${settled.version.label}, which has been issued; it can no longer be reopened.`);
    }

    const effects = JSON.parse(current.effects) as Effect[];
    const author = { userId: actor.userId, participantId: actor.participantId };
    const manual = await ctx.liveDocuments.change(
      documentRoom(document.id),
      (doc) => {
        const obstacles = revertObstacles(doc, effects);
        if (obstacles.length === 0) revertEffects(doc, effects, document.language);
        return obstacles;
      },
      author,
    );
    await ctx.db.$transaction(async (tx) => {
      await tx.amendmentDecision.update({ where: { id: decisionId }, data: { reopenedAt: ctx.now(), reopenedById: actor.userId } });
      await tx.amendment.updateMany({ where: { id: { in: amendmentIds }, decisionId }, data: { status: "tabled", decisionId: null } });
      if (resolution) {
        await recordAudit(tx, actor, document.processId, {
          action: "block.reopenOptions",
          subjectType: "document",
          subjectId: document.id,
          details: {
            decisionId,
            blocks: JSON.parse(current.resultingBlockIds) as string[],
            textReverted: manual.length === 0,
            revertByHand: manual,
          },
        });
      }
      for (const amendmentId of resolution ? [] : amendmentIds) {
        await recordAudit(tx, actor, document.processId, {
          action: "amendment.reopen",
          subjectType: "amendment",
          subjectId: amendmentId,
          details: { decisionId, textReverted: manual.length === 0 && effects.length > 0, revertByHand: manual },
        });
      }
    });
    await emitChanged(ctx, amendmentIds);
    return { reverted: manual.length === 0, revertByHand: manual };
  });
}
