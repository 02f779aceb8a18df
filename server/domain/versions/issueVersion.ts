import { TEXT_LIMITS, atMost } from "../../../common/limits";
import type { Document } from "@prisma/client";
import * as Y from "yjs";
import { z } from "zod";
import { documentResource, type Actor } from "../../policies";
import { recordAudit } from "../kernel/audit";
import { authorize } from "../kernel/authorize";
import type { DomainContext } from "../kernel/context";
import { Conflict, isUniqueViolation } from "../kernel/errors";
import { fields, parseInput } from "../kernel/validation";
import { findDocument } from "../documents/findDocument";
import { documentRoom } from "../../../common/collab";
import { versionContentHash } from "./contentHash";
import { freezeText, type FrozenText } from "./freezeText";
import { fateOfStatus, versionLabel } from "./labels";

export const issueVersionInput = z.object({
  documentId: fields.id,
  /** Issue the "Final" version: no version can follow it. */
  final: fields.flag.default(false),
  note: z.string().trim().max(TEXT_LIMITS.versionNote, atMost(TEXT_LIMITS.versionNote)).default(""),
});

/**
 * The chair freezes the base text into the next immutable version (Zero draft, Rev.N, Final):
 * its Yjs state, every block with its id, number and text, the renumbering map (bis labels
 * resolved), and the fate of every public amendment since the previous version. The new
 * numbering becomes the live document's baseline, so every open editor renumbers at once.
 */
export async function issueVersion(ctx: DomainContext, actor: Actor, input: z.input<typeof issueVersionInput>) {
  const data = parseInput(issueVersionInput, input);
  const document = await findDocument(ctx, actor, data.documentId);
  // A closed text (adopted, published) refuses it with the common 409 (policies, "mutatesText").
  authorize(actor, "revision.issue", documentResource(document));
  return issue(ctx, actor, document, data);
}

/**
 * Documents known to have a version, per database: versions are never deleted (a trigger refuses
 * it), so once seen the answer stays, and each bulk of decisions skips the query.
 */
const versionedDocuments = new WeakMap<object, Set<string>>();

/** Issues the Zero draft from the current text when the document has no version yet. */
export async function ensureZeroDraft(ctx: DomainContext, actor: Actor, document: Document) {
  const known = (versionedDocuments.get(ctx.db) ?? versionedDocuments.set(ctx.db, new Set()).get(ctx.db))!;
  if (known.has(document.id)) return null;
  const existing = await ctx.db.version.findFirst({ where: { documentId: document.id }, select: { id: true } });
  if (existing) {
    known.add(document.id);
    return null;
  }
  try {
    return await issue(ctx, actor, document, { final: false, note: "" });
  } catch (error) {
    // Someone else froze it a moment ago: that is the Zero draft.
    if (error instanceof Conflict) return null;
    throw error;
  }
}

async function issue(ctx: DomainContext, actor: Actor, document: Document, options: { final: boolean; note: string }) {
  const previous = await ctx.db.version.findFirst({ where: { documentId: document.id }, orderBy: { sequence: "desc" } });
  if (previous?.final) throw new Conflict("The Final version has been issued: no version can follow it.");
  const sequence = previous ? previous.sequence + 1 : 0;
  const label = versionLabel(sequence, options.final);
  const room = documentRoom(document.id);
  // One synchronous callback: the text, its numbers and its Yjs state are one instant of the document.
  const frozen = await ctx.liveDocuments.read(room, freezeText);
  const contentHash = versionContentHash({ documentId: document.id, label, blocks: frozen.blocks });
  const fates = await fatesSince(ctx, document.id, frozen);

  let version;
  try {
    version = await ctx.db.$transaction(async (tx) => {
      const created = await tx.version.create({
        data: {
          documentId: document.id,
          sequence,
          label,
          final: options.final,
          yState: Buffer.from(frozen.yState),
          blockCount: frozen.blocks.length,
          contentJson: frozen.json,
          contentHash,
          numberMap: JSON.stringify(frozen.numberMap),
          note: options.note,
          issuedById: actor.userId,
          issuedAt: ctx.now(),
        },
      });
      await tx.versionBlock.createMany({ data: frozen.blocks.map((block, position) => ({ versionId: created.id, position, ...block })) });
      for (let start = 0; start < fates.length; start += 500) {
        await tx.amendmentFate.createMany({ data: fates.slice(start, start + 500).map((fate) => ({ versionId: created.id, ...fate })) });
      }
      const renumbered = frozen.numberMap.filter((change) => change.before !== change.after).length;
      await recordAudit(tx, actor, document.processId, {
        action: "version.issue",
        subjectType: "document",
        subjectId: document.id,
        details: { version: label, contentHash, blocks: frozen.blocks.length, amendments: fates.length, renumbered },
      });
      return created;
    });
  } catch (error) {
    // By code, not instanceof: the Postgres client is generated with its own runtime (decision 050).
    if (isUniqueViolation(error)) {
      throw new Conflict(`${label} has just been issued by someone else.`);
    }
    throw error;
  }
  // The new numbers become the live baseline, attributed to the chair who issued.
  await ctx.liveDocuments.change(room, (doc) => Y.applyUpdate(doc, frozen.baselineUpdate), {
    userId: actor.userId,
    participantId: actor.participantId,
  });
  ctx.events.emit("version.issued", { documentId: document.id, versionId: version.id, label });
  return version;
}

/**
 * Every public amendment not settled in an earlier version, with its fate now. Undecided ones
 * carry forward, flagged outdated when their target changed since tabling or is gone.
 */
async function fatesSince(ctx: DomainContext, documentId: string, frozen: FrozenText) {
  const settled = await ctx.db.amendmentFate.findMany({
    where: { version: { documentId }, fate: { not: "carried_forward" } },
    select: { amendmentId: true },
  });
  const settledIds = new Set(settled.map((fate) => fate.amendmentId));
  const amendments = await ctx.db.amendment.findMany({
    where: { documentId, status: { not: "draft" }, tabledAt: { not: null } },
    select: {
      id: true,
      status: true,
      targetBlockId: true,
      revisions: { orderBy: { number: "desc" }, take: 1, select: { baseText: true } },
    },
    orderBy: { tabledAt: "asc" },
  });
  const textById = new Map(frozen.blocks.map((block) => [block.blockId, block.text]));
  return amendments.flatMap((amendment) => {
    const fate = fateOfStatus(amendment.status);
    if (!fate || settledIds.has(amendment.id)) return [];
    const current = textById.get(amendment.targetBlockId);
    const outdated = fate === "carried_forward" && (current === undefined || current !== amendment.revisions[0]?.baseText);
    return [{ amendmentId: amendment.id, fate, decisionId: null as string | null, outdated }];
  });
}
