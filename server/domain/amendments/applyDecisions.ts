import { runsOfInline, type OptionRun } from "../../../app/editor/options";
import type { Amendment, AmendmentRevision, Document } from "@prisma/client";
import type { JSONContent } from "@tiptap/core";
import type { AmendmentOperation } from "../../../common/vocabulary";
import { amendmentResource, type Actor } from "../../policies";
import { auditRows, type AuditRecord } from "../kernel/audit";
import { AUDIT_COLUMNS } from "../kernel/audit";
import {
  insertRows,
  jsonField,
  jsonRows,
  jsonValues,
  rawQuery,
  rawSqlOf,
  rawStatement,
  rawTransaction,
  type ColumnType,
  type RawTarget,
} from "../kernel/rawSql";
import { providerOf } from "../../db/client";
import { authorize } from "../kernel/authorize";
import type { DomainContext } from "../kernel/context";
import { Conflict, NotFound, Validation } from "../kernel/errors";
import { STATUS_AFTER_DECISION } from "./lifecycle";
import { concernedUsers } from "./concernedUsers";
import { emitAmendmentChanged } from "./emitAmendmentChanged";
import { KeyedSerial } from "../kernel/serial";
import { phaseDone } from "../kernel/phases";
import { documentRoom } from "../../../common/collab";
import { ensureZeroDraft } from "../versions/issueVersion";
import { inlineMarks } from "../../../app/editor/yBlocks";
import { performance } from "node:perf_hooks";
import * as Y from "yjs";
import { blocksFragment } from "../../../app/editor/yBlocks";
import { provisionalNumbers, readBaseline } from "../../../app/editor/numbering";
import { ChangeApplier, blockIndexes, resultingBlockIds, type Application, type Effect, type PlannedChange } from "./decisionText";

export const DECISION_KINDS = ["accept", "accept_with_changes", "merge", "not_retain"] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

const DECISION_WORDS: Record<DecisionKind, string> = {
  accept: "accepted",
  accept_with_changes: "accepted with changes",
  merge: "merged into a compromise",
  not_retain: "not retained",
};

export const MAX_WORDING = 10_000;

/** Decisions on one document run one at a time (text edits, records and notices together). */
const serial = new KeyedSerial();
export const serialiseDocument = <T>(documentId: string, task: () => Promise<T>) => serial.run(documentId, task);

/** The parts of an amendment's last revision a decision reads. */
export type DecisionRevision = Pick<AmendmentRevision, "id" | "contentJson" | "proposedText" | "baseText" | "baseNumber">;

export type LoadedAmendment = Amendment & {
  document: Document;
  participant: { id: string; name: string };
  revision: DecisionRevision;
};

/** A date column of a raw read: a Date from PostgreSQL, text from SQLite. */
const asDate = (value: Date | string | null) => (value === null || value instanceof Date ? value : new Date(value));

/**
 * Tabled amendments of one document in the actor's process, with their last revision, in the
 * order given. Raw reads, the ids passed as one JSON parameter (docs/decisions/109, 122): a bulk
 * loads up to 500 amendments, and Prisma's typed reads cost about 40 µs per row mapped (a nested
 * include: 24 ms for 100; flat typed reads of amendments, document and participants: 12 ms).
 */
export async function loadForDecision(ctx: DomainContext, actor: Actor, amendmentIds: readonly string[]): Promise<LoadedAmendment[]> {
  const ids = [...new Set(amendmentIds)];
  const provider = providerOf(ctx.db);
  type Row = Omit<Amendment, "createdAt" | "updatedAt" | "tabledAt" | "withdrawnAt"> &
    Record<"createdAt" | "updatedAt" | "tabledAt" | "withdrawnAt", Date | string | null> &
    Omit<DecisionRevision, "id"> & { revisionId: string; participantName: string };
  const sql = await rawSqlOf(ctx.db);
  const rows = await rawQuery<Row>(sql, [
    'SELECT a."id", a."documentId", a."participantId", a."targetBlockId", a."operation", a."status", a."createdById",',
    ' a."createdAt", a."updatedAt", a."tabledAt", a."withdrawnAt", a."decisionId", p."name" AS "participantName",',
    ' r."id" AS "revisionId", r."contentJson", r."proposedText", r."baseText", r."baseNumber"',
    ' FROM "Amendment" a JOIN "Document" d ON d."id" = a."documentId" JOIN "Participant" p ON p."id" = a."participantId"',
    ' JOIN "AmendmentRevision" r ON r."amendmentId" = a."id"',
    ' AND r."number" = (SELECT MAX(m."number") FROM "AmendmentRevision" m WHERE m."amendmentId" = a."id")',
    ' WHERE a."id" IN (',
    ...jsonValues(provider, ids),
    ') AND d."processId" = ',
    { value: actor.processId },
    ` AND a."status" <> 'draft'`,
  ]);
  if (rows.length !== ids.length) throw new NotFound("Amendment not found.");
  const documentIds = new Set(rows.map((row) => row.documentId));
  if (documentIds.size !== 1) throw new Validation("Decide amendments of one document at a time.");
  const [documentRow] = await rawQuery<Omit<Document, "createdAt" | "updatedAt"> & Record<"createdAt" | "updatedAt", Date | string>>(sql, [
    'SELECT "id", "processId", "kind", "title", "symbol", "language", "stage", "createdById", "createdAt", "updatedAt" FROM "Document" WHERE "id" = ',
    { value: rows[0]!.documentId },
  ]);
  const document: Document = { ...documentRow!, createdAt: asDate(documentRow!.createdAt)!, updatedAt: asDate(documentRow!.updatedAt)! };
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const { revisionId, contentJson, proposedText, baseText, baseNumber, participantName, ...amendment } = byId.get(id)!;
    return {
      ...amendment,
      createdAt: asDate(amendment.createdAt)!,
      updatedAt: asDate(amendment.updatedAt)!,
      tabledAt: asDate(amendment.tabledAt),
      withdrawnAt: asDate(amendment.withdrawnAt),
      document,
      participant: { id: amendment.participantId, name: participantName },
      revision: { id: revisionId, contentJson, proposedText, baseText, baseNumber },
    };
  });
}

/** The chair may decide each amendment now (role, stage, status: the policy table). */
export function assertMayDecide(actor: Actor, document: Document, amendments: readonly LoadedAmendment[]) {
  for (const amendment of amendments) authorize(actor, "amendment.decide", amendmentResource(amendment, document));
}

export function describe(amendment: LoadedAmendment, number?: string | null) {
  const target = number ?? amendment.revision?.baseNumber ?? "the text";
  return `${amendment.participant.name}'s amendment to ${target}`;
}

/** The proposed block(s) of a revision; an empty paragraph of the target's kind when unreadable. */
export function proposedBlocks(amendment: LoadedAmendment): JSONContent[] {
  try {
    const parsed: unknown = JSON.parse(amendment.revision.contentJson);
    if (Array.isArray(parsed) && parsed.length > 0) return parsed.slice(0, 20) as JSONContent[];
  } catch {
    // fall through
  }
  return [{ type: "operative", content: amendment.revision.proposedText ? [{ type: "text", text: amendment.revision.proposedText }] : [] }];
}

function firstBlockText(blocks: readonly JSONContent[]) {
  const textOf = (node: JSONContent): string =>
    node.type === "text" ? (node.text ?? "") : node.type === "hardBreak" ? "\n" : (node.content ?? []).map(textOf).join("");
  return blocks[0] ? textOf(blocks[0]) : "";
}

/** The proposed wording's formatting, kept with the option it becomes (when it has any and spells the proposed text). */
function optionRunsOf(blocks: readonly JSONContent[]): { runs?: OptionRun[] } {
  const runs = runsOfInline(blocks[0]?.content);
  const formatted = runs.some((run) => run.bold || run.italic || run.underline);
  return formatted && runs.map((run) => run.text).join("") === firstBlockText(blocks) ? { runs } : {};
}

/** What accepting the amendment as proposed does to the text. */
export function applicationAsProposed(amendment: LoadedAmendment): Application[] {
  const { revision } = amendment;
  const target = amendment.targetBlockId;
  const blocks = proposedBlocks(amendment);
  switch (amendment.operation as AmendmentOperation) {
    case "replace": {
      const wording = firstBlockText(blocks);
      const rest: Application[] = blocks.length > 1 ? [{ kind: "insert", blockId: target, blocks: blocks.slice(1) }] : [];
      // The proposal's formatting goes with the words it inserts (when its text reads the same).
      const inline = inlineMarks(blocks[0]);
      const marks = inline.text === wording ? inline.marks : undefined;
      // Further proposed paragraphs go after the target, in order.
      return [{ kind: "rewrite", blockId: target, wording, base: revision.baseText, confirm: true, marks }, ...rest];
    }
    case "insert_after":
      return [{ kind: "insert", blockId: target, blocks }];
    case "delete":
      return [{ kind: "delete", blockId: target, base: revision.baseText }];
    case "alternative":
      return [
        {
          kind: "option",
          blockId: target,
          option: {
            text: revision.proposedText,
            attribution: amendment.participant.name,
            amendmentId: amendment.id,
            ...optionRunsOf(blocks),
          },
        },
      ];
  }
}

/** What the chair's own wording does, for "accept with changes" and compromises. */
export function applicationWithWording(amendment: LoadedAmendment, wording: string, seenText: string | null): Application {
  const target = amendment.targetBlockId;
  switch (amendment.operation as AmendmentOperation) {
    case "insert_after": {
      const kind = proposedBlocks(amendment)[0]?.type ?? "operative";
      return { kind: "insert", blockId: target, blocks: [{ type: kind, content: wording ? [{ type: "text", text: wording }] : [] }] };
    }
    case "alternative":
      return {
        kind: "option",
        blockId: target,
        option: { text: wording, attribution: `${amendment.participant.name}, as amended by the Chair`, amendmentId: amendment.id },
      };
    default:
      // The chair wrote the wording against `seenText`; edits made since are kept.
      return { kind: "rewrite", blockId: target, wording, base: seenText, confirm: false };
  }
}

export interface PlannedDecision {
  kind: DecisionKind;
  amendments: LoadedAmendment[];
  /** Text changes, in order; empty for "not retained". */
  changes: Application[];
  wording: string;
  reason: string;
  confirmOutdated: boolean;
}

/** The name under which `applyDecisions` marks its phases (kernel/phases.ts, docs/decisions/158). */
export const PHASES = "decisions";

/** Work per transaction on the live text before the event loop is let go (docs/decisions/085). */
const SLICE_MS = 8;

/**
 * Applies decisions on one document: the text changes as the chair's edits on the live Y.Doc
 * (in document order, a few per transaction, the event loop free between them so typists'
 * updates keep flowing), then the records, audit and notices in one transaction. Should a
 * change be refused half-way or the records fail, what the decisions did to the text is undone
 * (and only that: edits others made meanwhile stay).
 */
export async function applyDecisions(
  ctx: DomainContext,
  actor: Actor,
  document: Document,
  planned: PlannedDecision[],
  options: { bulk: boolean },
) {
  return serialiseDocument(document.id, async () => {
    phaseDone(PHASES, "waiting for the document");
    // Re-read statuses inside the serial section: a decision a moment ago may have settled one.
    const ids = planned.flatMap((decision) => decision.amendments.map((amendment) => amendment.id));
    const settled = await rawQuery<{ id: string }>(await rawSqlOf(ctx.db), [
      'SELECT "id" FROM "Amendment" WHERE "id" IN (',
      ...jsonValues(providerOf(ctx.db), ids),
      `) AND "status" <> 'tabled'`,
    ]);
    if (settled.length > 0) throw new Conflict("One of these amendments has just been decided or withdrawn. Reload the page.");
    phaseDone(PHASES, "statuses re-read");
    await ensureZeroDraft(ctx, actor, document);

    const room = documentRoom(document.id);
    const author = { userId: actor.userId, participantId: actor.participantId };
    let recorded = false;
    try {
      return await ctx.liveDocuments.edit(room, author, async (session) => {
        const numbers = blockNumbers(session.doc);
        const indexes = blockIndexes(session.doc);
        const ordered = planned
          .map((decision, order) => ({
            decision,
            order,
            index: Math.min(
              ...decision.changes.map((change) => indexes.get(change.blockId) ?? Number.MAX_SAFE_INTEGER),
              Number.MAX_SAFE_INTEGER,
            ),
          }))
          .sort((a, b) => a.index - b.index || a.order - b.order);
        const changes: PlannedChange[] = [];
        const owners: number[] = [];
        for (const { decision, order } of ordered) {
          for (const application of decision.changes) {
            changes.push({
              label: describe(decision.amendments[0]!, numbers.get(decision.amendments[0]!.targetBlockId)),
              application,
              confirmOutdated: decision.confirmOutdated,
            });
            owners.push(order);
          }
        }
        const applier = new ChangeApplier(session.doc, document.language);
        phaseDone(PHASES, "Zero draft, room, order");
        applier.precheck(changes);
        phaseDone(PHASES, "pre-check");
        // The reads before any edit: the records' transaction holds the write lock, and with it every typist's commit.
        const notifications = await decisionNotices(
          ctx,
          document,
          ordered.map(({ decision }) => decision),
          numbers,
        );
        phaseDone(PHASES, "notices prepared");

        session.recordFor(blocksFragment(session.doc));
        const byDecision: Effect[][] = planned.map(() => []);
        try {
          let next = 0;
          while (next < changes.length) {
            session.transact(() => {
              const until = performance.now() + SLICE_MS;
              do {
                byDecision[owners[next]!]!.push(...applier.apply(changes[next]!));
                next += 1;
              } while (next < changes.length && performance.now() < until);
            });
            phaseDone(PHASES, "text edits (slices)");
            if (next < changes.length) {
              await session.yield();
              phaseDone(PHASES, "between slices (others' turn)");
            }
          }
          // Recorded once the text is committed: no record ever names text that could still be lost.
          await session.committed();
          phaseDone(PHASES, "text committed");
          const decided = ordered.map(({ decision, order }) => ({ decision, effects: byDecision[order]! }));
          const rows = await rawTransaction(ctx.db, (tx) =>
            recordDecisions(tx, ctx, actor, document, decided, options.bulk, notifications),
          );
          phaseDone(PHASES, "records: commit");
          recorded = true;
          return rows;
        } catch (error) {
          session.undoAll();
          throw error;
        }
      });
    } finally {
      // Decided: each amendment's new status is known. Refused or failed: as the database has them.
      if (recorded) {
        for (const decision of planned)
          for (const amendment of decision.amendments)
            emitAmendmentChanged(ctx, { ...amendment, status: STATUS_AFTER_DECISION[decision.kind] });
        phaseDone(PHASES, "room released, events");
      } else await emitChanged(ctx, ids);
    }
  });
}

/** Each numbered block's number (provisional since the last version), by id, without rendering the text. */
function blockNumbers(doc: Y.Doc): Map<string, string | null> {
  const blocks = blocksFragment(doc)
    .toArray()
    .map((node) =>
      node instanceof Y.XmlElement ? { id: String(node.getAttribute("id") ?? ""), kind: node.nodeName } : { id: "", kind: "" },
    );
  const numbers = provisionalNumbers(blocks, readBaseline(doc));
  return new Map(blocks.map((block, index) => [block.id, numbers[index] ?? null]));
}

/**
 * The records of a set of decisions in a handful of statements whatever their number (the
 * decision rows, the amendments' status and link, the audit entries, the notices): the
 * transaction holds the database's write lock, and with it every typist's commit, so it must
 * not take one round trip per amendment.
 */
const DECISION_COLUMNS = {
  id: "text",
  documentId: "text",
  kind: "text",
  wording: "text",
  reason: "text",
  resultingBlockIds: "text",
  effects: "text",
  amendmentIds: "text",
  bulkId: "text",
  decidedById: "text",
  decidedAt: "timestamp",
  reopenedAt: "timestamp",
  reopenedById: "text",
} as const satisfies Record<string, ColumnType>;
const NOTIFICATION_COLUMNS = {
  id: "text",
  userId: "text",
  kind: "text",
  documentId: "text",
  amendmentId: "text",
  threadId: "text",
  commentId: "text",
  text: "text",
  readAt: "timestamp",
  createdAt: "timestamp",
} as const satisfies Record<string, ColumnType>;
type NotificationRow = Record<keyof typeof NOTIFICATION_COLUMNS, string | Date | null>;

async function recordDecisions(
  tx: RawTarget,
  ctx: DomainContext,
  actor: Actor,
  document: Document,
  decisions: readonly { decision: PlannedDecision; effects: Effect[] }[],
  bulk: boolean,
  notifications: NotificationRow[],
) {
  const provider = providerOf(ctx.db);
  const bulkId = bulk ? crypto.randomUUID() : null;
  const now = ctx.now();
  const rows = decisions.map(({ decision, effects }) => ({
    id: crypto.randomUUID(),
    documentId: document.id,
    kind: decision.kind,
    wording: decision.wording,
    reason: decision.reason,
    resultingBlockIds: JSON.stringify(resultingBlockIds(effects)),
    effects: JSON.stringify(effects),
    amendmentIds: JSON.stringify(decision.amendments.map((amendment) => amendment.id)),
    bulkId,
    decidedById: actor.userId,
    decidedAt: now,
    reopenedAt: null,
    reopenedById: null,
  }));
  phaseDone(PHASES, "records: begin");
  await insertRows(tx, provider, "AmendmentDecision", DECISION_COLUMNS, rows);
  phaseDone(PHASES, "records: decisions");

  // Each amendment takes its decision's status and id: one UPDATE … FROM the list as one JSON
  // parameter (SQLite ≥ 3.33 and PostgreSQL alike), guarded by the status it must still have.
  const links = decisions.flatMap(({ decision }, index) =>
    decision.amendments.map((amendment) => [amendment.id, STATUS_AFTER_DECISION[decision.kind], rows[index]!.id]),
  );
  const updated = await rawStatement(tx, [
    `UPDATE "Amendment" SET "status" = ${jsonField(provider, 1, "text")}, "decisionId" = ${jsonField(provider, 2, "text")}, "updatedAt" = `,
    ...(provider === "postgres" ? ["CAST(", { value: now }, " AS timestamp(3))"] : [{ value: now }]),
    " FROM ",
    ...jsonRows(provider, links),
    ` WHERE "Amendment"."id" = ${jsonField(provider, 0, "text")} AND "Amendment"."status" = 'tabled'`,
  ]);
  phaseDone(PHASES, "records: statuses");
  if (updated !== links.length) throw new Conflict("One of these amendments has just been decided or withdrawn. Reload the page.");

  const audits: AuditRecord[] = decisions.flatMap(({ decision }, index) =>
    decision.amendments.map((amendment) => ({
      action: `amendment.${decision.kind}`,
      subjectType: "amendment",
      subjectId: amendment.id,
      details: {
        decisionId: rows[index]!.id,
        wording: decision.wording,
        reason: decision.reason,
        blocks: JSON.parse(rows[index]!.resultingBlockIds) as string[],
        ...(bulkId ? { bulkId } : {}),
      },
    })),
  );
  if (bulkId) {
    audits.push({
      action: "amendment.decideInBulk",
      subjectType: "document",
      subjectId: document.id,
      details: { bulkId, decisions: rows.map((row) => ({ id: row.id, kind: row.kind })) },
    });
  }
  await insertRows(tx, provider, "AuditEntry", AUDIT_COLUMNS, auditRows(actor, document.processId, audits, now));
  phaseDone(PHASES, "records: audit");
  await insertRows(tx, provider, "Notification", NOTIFICATION_COLUMNS, notifications);
  phaseDone(PHASES, "records: notices");
  return rows;
}

/** The notices of the decisions: the proposing state, co-sponsors and every state with a position hear of each. */
async function decisionNotices(
  ctx: DomainContext,
  document: Document,
  decisions: readonly PlannedDecision[],
  numbers: Map<string, string | null>,
) {
  const usersOf = await concernedUsers(
    ctx,
    decisions.flatMap((decision) => decision.amendments.map((amendment) => amendment.id)),
  );

  const data: NotificationRow[] = [];
  const now = ctx.now();
  for (const decision of decisions) {
    const reason = decision.reason ? ` Reason: ${decision.reason}` : "";
    for (const amendment of decision.amendments) {
      const text =
        `${document.symbol}: the Chair ${DECISION_WORDS[decision.kind]} ${describe(amendment, numbers.get(amendment.targetBlockId))}.${reason}`.slice(
          0,
          1_000,
        );
      for (const userId of usersOf.get(amendment.id) ?? [])
        data.push({
          id: crypto.randomUUID(),
          userId,
          kind: "amendment.decision",
          documentId: document.id,
          amendmentId: amendment.id,
          threadId: null,
          commentId: null,
          text,
          readAt: null,
          createdAt: now,
        });
    }
  }
  return data;
}

/** Live notices for each amendment, with what listeners need to check who may see it. */
export async function emitChanged(ctx: DomainContext, amendmentIds: readonly string[]) {
  const rows = await ctx.db.amendment.findMany({
    where: { id: { in: [...amendmentIds] } },
    select: { id: true, documentId: true, participantId: true, status: true, tabledAt: true },
  });
  for (const row of rows) {
    ctx.events.emit("amendment.changed", {
      documentId: row.documentId,
      amendmentId: row.id,
      participantId: row.participantId,
      status: row.status,
      tabledAt: row.tabledAt,
    });
  }
}
