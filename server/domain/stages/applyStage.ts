import type { Prisma } from "@prisma/client";
import { STAGE_NAMES, type Stage } from "../../../common/vocabulary";
import type { Actor } from "../../policies";
import { recordAudit } from "../kernel/audit";
import { Conflict } from "../kernel/errors";
import { announceToProcess } from "./announce";

type Tx = Prisma.TransactionClient;

export interface StageChange {
  document: { id: string; processId: string; symbol: string; title: string; stage: string };
  to: Stage;
  /** null when a deadline moved it. */
  actor: Actor | null;
  now: Date;
  /** What participants read in their notifications: "amendments are open until …". */
  notice: string;
  /** The audit action: a plain move, or a reopening of an adopted text. */
  action?: "document.setStage" | "document.reopen";
  details?: Record<string, unknown>;
}

/**
 * True when the document is still at the stage the caller read before its transaction. The
 * conditional write takes the row's write lock (SQLite: the database's; Postgres: the row's), so
 * of two requests that read the same stage only the first to commit moves it.
 */
export async function stageStillIs(tx: Tx, documentId: string, stage: string): Promise<boolean> {
  const claimed = await tx.document.updateMany({ where: { id: documentId, stage }, data: { stage } });
  return claimed.count > 0;
}

/** Claims the stage the actor saw, first thing in the transaction of a stage move; 409 when it changed meanwhile. */
export async function claimStage(tx: Tx, documentId: string, stage: string): Promise<void> {
  if (!(await stageStillIs(tx, documentId, stage))) throw new Conflict("The stage changed meanwhile. Reload and try again.");
}

/**
 * Every stage change goes through here, inside the caller's transaction (which has claimed the
 * stage it moves from): the stage, the end of any pending deadline of the stage being left, the
 * audit entry and the notifications land together. The caller emits "document.changed" after
 * the commit.
 */
export async function applyStage(tx: Tx, change: StageChange) {
  const { document, to, actor, now } = change;
  await tx.document.update({ where: { id: document.id }, data: { stage: to } });
  await tx.deadline.updateMany({ where: { documentId: document.id, firedAt: null, cancelledAt: null }, data: { cancelledAt: now } });
  await recordAudit(tx, actor, document.processId, {
    action: change.action ?? "document.setStage",
    subjectType: "document",
    subjectId: document.id,
    details: { from: document.stage, to, ...change.details },
  });
  await announceToProcess(tx, { processId: document.processId, document, text: change.notice, now });
}

export const stageLabel = (stage: Stage) => STAGE_NAMES[stage].toLowerCase();
