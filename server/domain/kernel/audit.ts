import type { Prisma } from "@prisma/client";
import type { Actor } from "../../policies";
import type { ColumnType } from "./rawSql";

type Tx = Prisma.TransactionClient;

export interface AuditRecord {
  action: string;
  subjectType: string;
  subjectId: string;
  details?: Record<string, unknown>;
}

/** The columns of one entry; the database stamps the time unless the caller gives it. */
function entryOf(actor: Actor | null, processId: string, record: AuditRecord) {
  return {
    processId,
    actorUserId: actor?.userId ?? null,
    actorName: actor?.name ?? "system",
    participantId: actor?.participantId ?? null,
    participantName: actor?.participantName ?? null,
    action: record.action,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    details: JSON.stringify(record.details ?? {}),
  };
}

/** Appends to the audit log inside the caller's transaction, so a change and its entry land together. */
export async function recordAudit(tx: Tx, actor: Actor | null, processId: string, record: AuditRecord) {
  await tx.auditEntry.create({ data: entryOf(actor, processId, record) });
}

/** The rows of several entries, every column given (for a raw multi-row insert, kernel/rawSql.ts). */
export function auditRows(actor: Actor | null, processId: string, records: readonly AuditRecord[], at: Date) {
  return records.map((record) => ({ ...entryOf(actor, processId, record), createdAt: at }));
}

/** Appends several entries in one statement (bulk operations: one insert, not one per record). */
export async function recordAudits(tx: Tx, actor: Actor | null, processId: string, records: readonly AuditRecord[]) {
  if (records.length === 0) return;
  await tx.auditEntry.createMany({ data: auditRows(actor, processId, records, new Date()) });
}

/** The audit table's columns for a bulk insert of raw rows (`insertRows`): the bulk decisions write their entries so. */
export const AUDIT_COLUMNS = {
  processId: "text",
  actorUserId: "text",
  actorName: "text",
  participantId: "text",
  participantName: "text",
  action: "text",
  subjectType: "text",
  subjectId: "text",
  details: "text",
  createdAt: "timestamp",
} as const satisfies Record<string, ColumnType>;
