import { z } from "zod";
import { formatUtcTime } from "../../../common/time";
import { documentResource, type Actor } from "../../policies";
import { authorize } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { Conflict, NotFound, Validation } from "../kernel/errors";
import { fields, parseInput } from "../kernel/validation";
import { findDocument } from "../documents/findDocument";
import { announceToProcess } from "./announce";
import { actorTimeZone, deadlineText, readDeadline } from "./deadlineFields";

export const DEADLINE_LABELS = { amendments_close: "The deadline for amendments", silence_end: "The silence procedure" } as const;

export const extendDeadlineInput = z.object({ documentId: fields.id, deadline: deadlineText });

/** The secretariat moves the pending deadline of a document later (never earlier than now). */
export async function extendDeadline(ctx: DomainContext, actor: Actor, input: z.input<typeof extendDeadlineInput>) {
  const now = ctx.now();
  const parsed = parseInput(extendDeadlineInput, input);
  const data = { ...parsed, deadline: readDeadline(parsed.deadline, now, await actorTimeZone(ctx, actor)) };
  const document = await findDocument(ctx, actor, data.documentId);
  authorize(actor, "deadline.extend", documentResource(document));

  await ctx.db.$transaction(async (tx) => {
    const pending = await tx.deadline.findFirst({
      where: { documentId: document.id, firedAt: null, cancelledAt: null },
      orderBy: { dueAt: "asc" },
    });
    if (!pending) throw new NotFound("This document has no pending deadline.");
    if (data.deadline.getTime() <= pending.dueAt.getTime()) {
      throw new Validation("An extension must be later than the current deadline.", {
        deadline: `Later than ${formatUtcTime(pending.dueAt)}.`,
      });
    }
    // Claimed like a firing: a deadline that fires meanwhile is not extended after the fact.
    const claimed = await tx.deadline.updateMany({
      where: { id: pending.id, firedAt: null, cancelledAt: null },
      data: { dueAt: data.deadline },
    });
    if (claimed.count === 0) throw new Conflict("The deadline has just passed.");
    const label = DEADLINE_LABELS[pending.kind as keyof typeof DEADLINE_LABELS] ?? "The deadline";
    await recordAudit(tx, actor, document.processId, {
      action: "deadline.extend",
      subjectType: "document",
      subjectId: document.id,
      details: { kind: pending.kind, from: pending.dueAt.toISOString(), to: data.deadline.toISOString() },
    });
    await announceToProcess(tx, {
      processId: document.processId,
      document,
      text: `${label} is extended to ${formatUtcTime(data.deadline)}.`.replace(/^The/, "the"),
      now,
    });
  });
  ctx.events.emit("document.changed", document.id);
}
