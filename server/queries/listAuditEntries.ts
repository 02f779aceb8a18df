import { Prisma } from "@prisma/client";
import { z } from "zod";
import type { Actor } from "../policies";
import { authorizeProcess } from "../domain/kernel/authorize";
import type { DomainContext } from "../domain/kernel/context";
import { fields, parseInput } from "../domain/kernel/validation";
import { auditLink, describeAudit } from "./describeAudit";

const PAGE_SIZE = 100;
/** The CSV export's ceiling: enough for a process's history, bounded for the server. */
const CSV_MAX_ROWS = 20_000;
const DAY_MS = 24 * 3600 * 1000;

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-26.")
  .refine((value) => !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()), "Not a date.");
// The audit page's filters, from its URL (the route parses them with this, empty ones absent;
// the query again). Ids are 32-bit integers in the database; a larger "before" (1e308) is a bad
// request, not a query.
export const auditFilterInput = z.object({
  before: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  participantId: fields.id.optional(),
  userId: fields.id.optional(),
  action: z.string().max(64).optional(),
  from: date.optional(),
  to: date.optional(),
});
export type AuditFilter = z.input<typeof auditFilterInput>;

export interface AuditRow {
  id: string;
  at: string;
  who: string;
  participant: string;
  action: string;
  summary: string;
  link: string | null;
  details: string;
}

function whereOf(processId: string, filter: z.infer<typeof auditFilterInput>): Prisma.AuditEntryWhereInput {
  return {
    processId,
    ...(filter.before ? { id: { lt: filter.before } } : {}),
    ...(filter.participantId ? { participantId: filter.participantId } : {}),
    ...(filter.userId ? { actorUserId: filter.userId } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.from || filter.to
      ? {
          createdAt: {
            ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00Z`) } : {}),
            ...(filter.to ? { lt: new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + DAY_MS) } : {}),
          },
        }
      : {}),
  };
}

async function subjectLabels(ctx: DomainContext, entries: { subjectType: string; subjectId: string }[]) {
  const documentIds = [...new Set(entries.filter((entry) => entry.subjectType === "document").map((entry) => entry.subjectId))];
  const documents = await ctx.db.document.findMany({ where: { id: { in: documentIds } }, select: { id: true, symbol: true } });
  const symbols = new Map(documents.map((document) => [document.id, document.symbol]));
  return (entry: { subjectType: string; subjectId: string }) => symbols.get(entry.subjectId) ?? `the ${entry.subjectType}`;
}

async function present(
  ctx: DomainContext,
  entries: Awaited<ReturnType<DomainContext["db"]["auditEntry"]["findMany"]>>,
): Promise<AuditRow[]> {
  const label = await subjectLabels(ctx, entries);
  return entries.map((entry) => ({
    id: String(entry.id),
    at: entry.createdAt.toISOString(),
    who: entry.actorName,
    participant: entry.participantName ?? "—",
    action: entry.action,
    summary: describeAudit(entry, label(entry)),
    link: auditLink(entry),
    details: entry.details,
  }));
}

/** Newest first, paged by id so new entries never shift a page; filters by participant, user, action and date. */
export async function listAuditEntries(ctx: DomainContext, actor: Actor | null, input: AuditFilter) {
  const { processId } = authorizeProcess(actor, "audit.read");
  const filter = parseInput(auditFilterInput, input);
  const [entries, participants, users, actions] = await Promise.all([
    ctx.db.auditEntry.findMany({ where: whereOf(processId, filter), orderBy: { id: "desc" }, take: PAGE_SIZE + 1 }),
    ctx.db.participant.findMany({ where: { processId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    ctx.db.user.findMany({ where: { participant: { processId } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    ctx.db.auditEntry.findMany({ where: { processId }, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
  ]);
  const page = entries.slice(0, PAGE_SIZE);
  return {
    entries: await present(ctx, page),
    nextBefore: entries.length > PAGE_SIZE ? (page.at(-1)?.id ?? null) : null,
    filter,
    options: {
      participants,
      users,
      actions: [...new Set([...actions.map((entry) => entry.action), "document.editBase"])].sort(),
    },
  };
}

/** CSV cells: quoted, and never read as a formula by a spreadsheet (=, +, -, @ prefixed). */
export function csvCell(value: string) {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The filtered log (base-text editing sessions included) as CSV, oldest first. */
export async function exportAuditCsv(ctx: DomainContext, actor: Actor | null, input: AuditFilter) {
  const { processId } = authorizeProcess(actor, "audit.read");
  const filter = parseInput(auditFilterInput, input);
  const entries = await ctx.db.auditEntry.findMany({
    where: whereOf(processId, { ...filter, before: undefined }),
    orderBy: { id: "desc" },
    take: CSV_MAX_ROWS,
  });
  // By time: an editing session is written when it ends, dated by its last edit.
  const rows = (await present(ctx, entries)).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : Number(a.id) - Number(b.id)));
  const header = ["time_utc", "user", "participant", "action", "summary", "link", "details"];
  const lines = [
    header.map(csvCell).join(","),
    ...rows.map((row) => [row.at, row.who, row.participant, row.action, row.summary, row.link ?? "", row.details].map(csvCell).join(",")),
  ];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
