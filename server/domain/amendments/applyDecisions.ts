import type { Document, Prisma } from "@prisma/client";
import type { JSONContent } from "@tiptap/core";
import type { AmendmentOperation } from "../../../common/vocabulary";
import { amendmentResource, type Actor } from "../../policies";
import { recordAudit } from "../kernel/audit";
import { authorize } from "../kernel/authorize";
import type { DomainContext } from "../kernel/context";
import { Conflict, NotFound, Validation } from "../kernel/errors";
import { STATUS_AFTER_DECISION } from "./lifecycle";
import { KeyedSerial } from "../kernel/serial";
import { documentRoom } from "../../../common/collab";
import { readBaseBlocks } from "../documents/readBaseBlocks";
import { ensureZeroDraft } from "../versions/issueVersion";
import {
  applyChanges,
  blockIndex,
  resultingBlockIds,
  revertEffects,
  type Application,
  type Effect,
  type PlannedChange,
} from "./decisionText";

type Tx = Prisma.TransactionClient;

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

export type LoadedAmendment = Awaited<ReturnType<typeof loadForDecision>>[number];

/** Tabled amendments of one document in the actor's process, with their last revision. */
export async function loadForDecision(ctx: DomainContext, actor: Actor, amendmentIds: readonly string[]) {
  const amendments = await ctx.db.amendment.findMany({
    where: { id: { in: [...amendmentIds] }, document: { processId: actor.processId }, status: { not: "draft" } },
    include: {
      document: true,
      participant: { select: { id: true, name: true } },
      revisions: { orderBy: { number: "desc" }, take: 1 },
    },
  });
  if (amendments.length !== new Set(amendmentIds).size) throw new NotFound("Amendment not found.");
  const documentIds = new Set(amendments.map((amendment) => amendment.documentId));
  if (documentIds.size !== 1) throw new Validation("Decide amendments of one document at a time.");
  return amendments.map((amendment) => ({ ...amendment, revision: amendment.revisions[0]! }));
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

/** What accepting the amendment as proposed does to the text. */
export function applicationAsProposed(amendment: LoadedAmendment): Application[] {
  const { revision } = amendment;
  const target = amendment.targetBlockId;
  const blocks = proposedBlocks(amendment);
  switch (amendment.operation as AmendmentOperation) {
    case "replace": {
      const wording = firstBlockText(blocks);
      const rest: Application[] = blocks.length > 1 ? [{ kind: "insert", blockId: target, blocks: blocks.slice(1) }] : [];
      // Further proposed paragraphs go after the target, in order.
      return [{ kind: "rewrite", blockId: target, wording, base: revision.baseText, confirm: true }, ...rest];
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
          option: { text: revision.proposedText, attribution: amendment.participant.name, amendmentId: amendment.id },
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

/**
 * Applies decisions on one document: the text changes as the chair's edits on the live Y.Doc
 * (in document order), then the records, audit and notices in one transaction. Should the
 * records fail, the text changes are undone.
 */
export async function applyDecisions(
  ctx: DomainContext,
  actor: Actor,
  document: Document,
  planned: PlannedDecision[],
  options: { bulk: boolean },
) {
  return serialiseDocument(document.id, async () => {
    // Re-read statuses inside the serial section: a decision a moment ago may have settled one.
    const ids = planned.flatMap((decision) => decision.amendments.map((amendment) => amendment.id));
    const fresh = await ctx.db.amendment.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
    for (const row of fresh)
      if (row.status !== "tabled") throw new Conflict("One of these amendments has just been decided or withdrawn. Reload the page.");
    await ensureZeroDraft(ctx, actor, document);

    const room = documentRoom(document.id);
    const numbers = new Map((await readBaseBlocks(ctx, document.id)).map((block) => [block.id, block.number]));
    const author = { userId: actor.userId, participantId: actor.participantId };
    const effects = await ctx.liveDocuments.change(
      room,
      (doc) => {
        const ordered = planned
          .map((decision, order) => ({
            decision,
            order,
            index: Math.min(...decision.changes.map((change) => blockIndex(doc, change.blockId)), Number.MAX_SAFE_INTEGER),
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
        const applied = applyChanges(doc, changes, document.language);
        const byDecision: Effect[][] = planned.map(() => []);
        applied.forEach((effectsOfChange, index) => byDecision[owners[index]!]!.push(...effectsOfChange));
        return { byDecision, order: ordered.map((entry) => entry.order) };
      },
      author,
    );

    try {
      return await ctx.db.$transaction(async (tx) => {
        const bulkId = options.bulk ? crypto.randomUUID() : null;
        const decisions = [];
        for (const index of effects.order) {
          const decision = planned[index]!;
          decisions.push(await recordDecision(tx, ctx, actor, document, decision, effects.byDecision[index]!, bulkId, numbers));
        }
        if (bulkId) {
          await recordAudit(tx, actor, document.processId, {
            action: "amendment.decideInBulk",
            subjectType: "document",
            subjectId: document.id,
            details: { bulkId, decisions: decisions.map((decision) => ({ id: decision.id, kind: decision.kind })) },
          });
        }
        return decisions;
      });
    } catch (error) {
      await ctx.liveDocuments.change(room, (doc) => revertEffects(doc, effects.byDecision.flat(), document.language), author);
      throw error;
    } finally {
      await emitChanged(ctx, ids);
    }
  });
}

async function recordDecision(
  tx: Tx,
  ctx: DomainContext,
  actor: Actor,
  document: Document,
  decision: PlannedDecision,
  effects: Effect[],
  bulkId: string | null,
  numbers: Map<string, string | null>,
) {
  const amendmentIds = decision.amendments.map((amendment) => amendment.id);
  const row = await tx.amendmentDecision.create({
    data: {
      documentId: document.id,
      kind: decision.kind,
      wording: decision.wording,
      reason: decision.reason,
      resultingBlockIds: JSON.stringify(resultingBlockIds(effects)),
      effects: JSON.stringify(effects),
      amendmentIds: JSON.stringify(amendmentIds),
      bulkId,
      decidedById: actor.userId,
      decidedAt: ctx.now(),
    },
  });
  const updated = await tx.amendment.updateMany({
    where: { id: { in: amendmentIds }, status: "tabled" },
    data: { status: STATUS_AFTER_DECISION[decision.kind], decisionId: row.id },
  });
  if (updated.count !== amendmentIds.length)
    throw new Conflict("One of these amendments has just been decided or withdrawn. Reload the page.");
  for (const amendment of decision.amendments) {
    await recordAudit(tx, actor, document.processId, {
      action: `amendment.${decision.kind}`,
      subjectType: "amendment",
      subjectId: amendment.id,
      details: {
        decisionId: row.id,
        wording: decision.wording,
        reason: decision.reason,
        blocks: resultingBlockIds(effects),
        ...(bulkId ? { bulkId } : {}),
      },
    });
  }
  await notifyDecision(tx, ctx, document, decision, numbers);
  return row;
}

/** The proposing state, co-sponsors and every state with a position hear of the decision. */
async function notifyDecision(
  tx: Tx,
  ctx: DomainContext,
  document: Document,
  decision: PlannedDecision,
  numbers: Map<string, string | null>,
) {
  const amendmentIds = decision.amendments.map((amendment) => amendment.id);
  const [sponsors, positions] = await Promise.all([
    tx.amendmentSponsor.findMany({ where: { amendmentId: { in: amendmentIds } }, select: { amendmentId: true, participantId: true } }),
    tx.position.findMany({ where: { amendmentId: { in: amendmentIds } }, select: { amendmentId: true, participantId: true } }),
  ]);
  const data: Prisma.NotificationCreateManyInput[] = [];
  for (const amendment of decision.amendments) {
    const participants = new Set([
      amendment.participantId,
      ...sponsors.filter((row) => row.amendmentId === amendment.id).map((row) => row.participantId),
      ...positions.filter((row) => row.amendmentId === amendment.id).map((row) => row.participantId),
    ]);
    const users = await tx.user.findMany({ where: { participantId: { in: [...participants] }, disabledAt: null }, select: { id: true } });
    const reason = decision.reason ? ` Reason: ${decision.reason}` : "";
    const text =
      `${document.symbol}: the Chair ${DECISION_WORDS[decision.kind]} ${describe(amendment, numbers.get(amendment.targetBlockId))}.${reason}`.slice(
        0,
        1_000,
      );
    for (const user of users)
      data.push({
        userId: user.id,
        kind: "amendment.decision",
        documentId: document.id,
        amendmentId: amendment.id,
        text,
        createdAt: ctx.now(),
      });
  }
  if (data.length > 0) await tx.notification.createMany({ data });
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
