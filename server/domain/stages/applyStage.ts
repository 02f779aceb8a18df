import type { Prisma } from "@prisma/client";
import { STAGE_NAMES, type Stage } from "../../../common/vocabulary";
import type { Actor } from "../../policies";
import { recordAudit } from "../kernel/audit";
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
  details?: Record<string, unknown>;
}

/**
 * Every stage change goes through here, inside the caller's transaction: the stage, the end of
 * any pending deadline of the stage being left, the audit entry and the notifications land
 * together. The caller emits "document.changed" after the commit.
 */
export async function applyStage(tx: Tx, change: StageChange) {
  const { document, to, actor, now } = change;
  await tx.document.update({ where: { id: document.id }, data: { stage: to } });
  await tx.deadline.updateMany({ where: { documentId: document.id, firedAt: null, cancelledAt: null }, data: { cancelledAt: now } });
  await recordAudit(tx, actor, document.processId, {
    action: "document.setStage",
    subjectType: "document",
    subjectId: document.id,
    details: { from: document.stage, to, ...change.details },
  });
  await announceToProcess(tx, { processId: document.processId, document, text: change.notice, now });
}

export const stageLabel = (stage: Stage) => STAGE_NAMES[stage].toLowerCase();
