import { z } from "zod";
import type { Actor } from "../../policies";
import { authorize } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { emitAmendmentChanged } from "./emitAmendmentChanged";
import { loadAmendment } from "./loadAmendment";
import { fields, parseInput } from "../kernel/validation";

export const withdrawInput = z.object({ amendmentId: fields.id });

/** The head of the proposing delegation withdraws a draft or tabled amendment. It stays on record. */
export async function withdrawAmendment(ctx: DomainContext, actor: Actor, input: z.input<typeof withdrawInput>) {
  const { amendmentId } = parseInput(withdrawInput, input);
  const amendment = await loadAmendment(ctx, actor, amendmentId);
  authorize(actor, "amendment.withdraw", amendment.resource);
  await ctx.db.$transaction(async (tx) => {
    await tx.amendment.update({ where: { id: amendmentId }, data: { status: "withdrawn", withdrawnAt: ctx.now() } });
    await recordAudit(tx, actor, amendment.resource.processId, {
      action: "amendment.withdraw",
      subjectType: "amendment",
      subjectId: amendmentId,
      details: { previousStatus: amendment.status },
    });
  });
  emitAmendmentChanged(ctx, { ...amendment, status: "withdrawn" });
}
