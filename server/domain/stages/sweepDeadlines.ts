import type { Prisma } from "@prisma/client";
import type { DomainContext } from "../kernel/context";
import { applyStage, stageStillIs } from "./applyStage";
import { concludeSilence } from "./concludeSilence";

type Tx = Prisma.TransactionClient;

const BATCH = 100;

/**
 * Fires every deadline that is due: at start-up (one that passed while the server was down) and
 * then periodically. Each firing claims its row with `UPDATE … WHERE firedAt IS NULL` inside the
 * transaction that applies it, so two sweeps (two timers, two processes) never fire one twice.
 * Returns the number fired.
 */
export async function sweepDeadlines(ctx: DomainContext): Promise<number> {
  const now = ctx.now();
  const due = await ctx.db.deadline.findMany({
    where: { firedAt: null, cancelledAt: null, dueAt: { lte: now } },
    orderBy: { dueAt: "asc" },
    take: BATCH,
    select: { id: true },
  });
  let fired = 0;
  for (const { id } of due) {
    const documentId = await ctx.db.$transaction((tx) => fireDeadline(tx, id, now));
    if (documentId) {
      fired += 1;
      ctx.events.emit("document.changed", documentId);
    }
  }
  return fired;
}

/** Claims and applies one deadline; null when another sweep had it, or it no longer applies. */
async function fireDeadline(tx: Tx, id: string, now: Date): Promise<string | null> {
  const claim = await tx.deadline.updateMany({
    where: { id, firedAt: null, cancelledAt: null, dueAt: { lte: now } },
    data: { firedAt: now },
  });
  if (claim.count === 0) return null;
  const deadline = await tx.deadline.findUniqueOrThrow({ where: { id } });
  const document = await tx.document.findUnique({ where: { id: deadline.documentId } });
  if (!document) return null;
  if (deadline.kind === "amendments_close") {
    if (!(await stageStillIs(tx, document.id, "amendments_open"))) return null;
    await applyStage(tx, {
      document,
      to: "consolidation",
      actor: null,
      now,
      notice: "the deadline for amendments has passed; amendments are closed and the Chair consolidates the text.",
      details: { deadline: deadline.dueAt.toISOString(), reason: "deadline" },
    });
    return document.id;
  }
  if (deadline.kind === "silence_end") {
    return (await concludeSilence(tx, { document, deadline, now })) ? document.id : null;
  }
  return null;
}
