import { Prisma } from "@prisma/client";
import { z } from "zod";
import type { Actor } from "../policies";
import { authorizeProcess } from "../domain/kernel/authorize";
import type { DomainContext } from "../domain/kernel/context";
import { parseInput } from "../domain/kernel/validation";
import { auditLink, describeAudit } from "./describeAudit";

const PAGE_SIZE = 100;
/** The CSV export's ceiling: enough for a process's history, bounded for the server. */
const CSV_MAX_ROWS = 20_000;
/** Update-log rows read to summarise base-text edits (bounded by the date range too). */
const EDIT_ROWS_MAX = 100_000;
/** A pause longer than this between a user's updates starts a new editing session. */
const SESSION_GAP_MS = 30 * 60 * 1000;
const DAY_MS = 24 * 3600 * 1000;

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-26.")
  .refine((value) => !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()), "Not a date.");
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

// Ids are 32-bit integers in the database; a larger "before" (1e308) is a bad request, not a query.
export const auditFilterInput = z.object({
  before: optional(z.coerce.number().int().positive().max(2_147_483_647)),
  participantId: optional(z.string().max(64)),
  userId: optional(z.string().max(64)),
  action: optional(z.string().max(64)),
  from: optional(date),
  to: optional(date),
});

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

/**
 * Base-text edits, summarised per user and editing session from the Yjs update log: who edited
 * which document, how many updates, from when to when. Compaction folds old updates into
 * snapshots without an author, so this covers the updates the log still holds.
 */
export async function summariseBaseTextEdits(
  ctx: DomainContext,
  processId: string,
  filter: z.infer<typeof auditFilterInput>,
): Promise<AuditRow[]> {
  if (filter.action && filter.action !== "document.editBase") return [];
  const fromMs = filter.from ? new Date(`${filter.from}T00:00:00Z`).getTime() : 0;
  const toMs = filter.to ? new Date(`${filter.to}T00:00:00Z`).getTime() + DAY_MS : 8_640_000_000_000_000;
  const rows = await ctx.db.$queryRaw<
    { room: string; userId: string; participantId: string | null; createdAt: number | bigint }[]
  >(Prisma.sql`
    SELECT "room", "userId", "participantId", "createdAt" FROM "YUpdate"
    WHERE "kind" = 'update' AND "userId" IS NOT NULL AND "room" LIKE 'document.%'
      AND "createdAt" >= ${fromMs} AND "createdAt" < ${toMs}
      ${filter.userId ? Prisma.sql`AND "userId" = ${filter.userId}` : Prisma.empty}
      ${filter.participantId ? Prisma.sql`AND "participantId" = ${filter.participantId}` : Prisma.empty}
    ORDER BY "room", "userId", "id"
    LIMIT ${EDIT_ROWS_MAX}`);
  if (rows.length === 0) return [];
  const documentIds = [...new Set(rows.map((row) => row.room.slice("document.".length)))];
  const userIds = [...new Set(rows.map((row) => row.userId))];
  const [documents, users] = await Promise.all([
    ctx.db.document.findMany({ where: { id: { in: documentIds }, processId }, select: { id: true, symbol: true } }),
    ctx.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, participant: { select: { name: true } } } }),
  ]);
  const symbols = new Map(documents.map((document) => [document.id, document.symbol]));
  const people = new Map(users.map((user) => [user.id, user]));
  const sessions: AuditRow[] = [];
  let current: { room: string; userId: string; start: number; end: number; updates: number } | null = null;
  const close = () => {
    if (!current) return;
    const documentId = current.room.slice("document.".length);
    const symbol = symbols.get(documentId);
    const user = people.get(current.userId);
    if (symbol) {
      const details = { updates: current.updates, from: new Date(current.start).toISOString(), to: new Date(current.end).toISOString() };
      sessions.push({
        id: `edit-${documentId}-${current.userId}-${current.start}`,
        at: details.to,
        who: user?.name ?? "Unknown user",
        participant: user?.participant.name ?? "—",
        action: "document.editBase",
        summary: describeAudit({ action: "document.editBase", details: JSON.stringify(details) }, symbol),
        link: `/documents/${documentId}`,
        details: JSON.stringify(details),
      });
    }
    current = null;
  };
  for (const row of rows) {
    const at = Number(row.createdAt);
    if (current && current.room === row.room && current.userId === row.userId && at - current.end <= SESSION_GAP_MS) {
      current.end = at;
      current.updates += 1;
      continue;
    }
    close();
    current = { room: row.room, userId: row.userId, start: at, end: at, updates: 1 };
  }
  close();
  return sessions.sort((a, b) => (a.at < b.at ? 1 : -1));
}

/** Newest first, paged by id so new entries never shift a page; filters by participant, user, action and date. */
export async function listAuditEntries(ctx: DomainContext, actor: Actor | null, input: unknown) {
  const { processId } = authorizeProcess(actor, "audit.read");
  const filter = parseInput(auditFilterInput, input);
  const [entries, participants, users, actions, edits] = await Promise.all([
    ctx.db.auditEntry.findMany({ where: whereOf(processId, filter), orderBy: { id: "desc" }, take: PAGE_SIZE + 1 }),
    ctx.db.participant.findMany({ where: { processId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    ctx.db.user.findMany({ where: { participant: { processId } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    ctx.db.auditEntry.findMany({ where: { processId }, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
    filter.before ? Promise.resolve([]) : summariseBaseTextEdits(ctx, processId, filter),
  ]);
  const page = entries.slice(0, PAGE_SIZE);
  return {
    entries: await present(ctx, page),
    edits: edits.slice(0, 200),
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

/** The filtered log (and base-text editing sessions) as CSV, oldest first. */
export async function exportAuditCsv(ctx: DomainContext, actor: Actor | null, input: unknown) {
  const { processId } = authorizeProcess(actor, "audit.read");
  const filter = parseInput(auditFilterInput, input);
  const entries = await ctx.db.auditEntry.findMany({
    where: whereOf(processId, { ...filter, before: undefined }),
    orderBy: { id: "desc" },
    take: CSV_MAX_ROWS,
  });
  const rows = [...(await present(ctx, entries)), ...(await summariseBaseTextEdits(ctx, processId, filter))].sort((a, b) =>
    a.at < b.at ? -1 : a.at > b.at ? 1 : 0,
  );
  const header = ["time_utc", "user", "participant", "action", "summary", "link", "details"];
  const lines = [
    header.map(csvCell).join(","),
    ...rows.map((row) => [row.at, row.who, row.participant, row.action, row.summary, row.link ?? "", row.details].map(csvCell).join(",")),
  ];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
