import type { Prisma } from "@prisma/client";
import { recordAudit } from "../kernel/audit";
import { applyStage, stageStillIs } from "./applyStage";
import { adoptionText } from "./adoptionText";

type Tx = Prisma.TransactionClient;

/**
 * The silence deadline passed with no objection (the caller has claimed the deadline row): the
 * version is adopted, with an adoption record "adopted under the silence procedure".
 */
export async function concludeSilence(
  tx: Tx,
  input: {
    document: { id: string; processId: string; symbol: string; title: string; stage: string };
    deadline: { id: string; dueAt: Date };
    now: Date;
  },
): Promise<boolean> {
  const { document, deadline, now } = input;
  const silence = await tx.silenceProcedure.findUnique({ where: { deadlineId: deadline.id } });
  if (!silence || silence.outcome !== "open" || !(await stageStillIs(tx, document.id, "silence_procedure"))) return false;
  const version = await tx.version.findUniqueOrThrow({ where: { id: silence.versionId }, select: { id: true, label: true } });
  await tx.silenceProcedure.update({ where: { id: silence.id }, data: { outcome: "adopted", endedAt: now } });
  const adoption = await tx.adoption.create({
    data: { documentId: document.id, versionId: version.id, method: "silence", adoptedAt: deadline.dueAt, silenceId: silence.id },
  });
  await applyStage(tx, {
    document,
    to: "adopted",
    actor: null,
    now,
    notice: `${version.label}: ${adoptionText(adoption)}`,
    details: { reason: "silence ended without objection", version: version.label, adoptionId: adoption.id },
  });
  await recordAudit(tx, null, document.processId, {
    action: "document.adopt",
    subjectType: "document",
    subjectId: document.id,
    details: { method: "silence", version: version.label, adoptionId: adoption.id, adoptedAt: deadline.dueAt.toISOString() },
  });
  return true;
}
