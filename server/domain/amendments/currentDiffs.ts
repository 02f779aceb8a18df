import { createHash } from "node:crypto";
import { diffAmendmentsOffThread } from "../../diffs/offThread";
import type { AmendmentOperation } from "../../../common/vocabulary";
import type { DomainContext } from "../kernel/context";
import { parseRoomName } from "../../../common/collab";
import { readBaseBlocks } from "../documents/readBaseBlocks";
import { emitAmendmentChanged } from "./emitAmendmentChanged";
import { insertRows, parameterList, rawQuery, rawStatement } from "../kernel/rawSql";
import { providerOf } from "../../db/client";

/** Current diffs per message to the diff thread and per write. */
const REFRESH_BATCH = 25;
const CURRENT_DIFF_COLUMNS = { revisionId: "text", baseTextHash: "text", diffJson: "text", createdAt: "timestamp" } as const;

/** Key of a stored current diff: the target text it was computed against. */
export function baseTextHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Computes, once per target text, the diff of every outdated amendment against its target's
 * current text, and stores it (AmendmentCurrentDiff). Views only look it up: a page view never
 * diffs. Each diff is bounded (app/editor/diff.ts) and runs on the word-diff thread (decision
 * 073), one at a time, so a document with many outdated amendments never holds the event loop.
 *
 * `knownTexts` remembers the block texts seen at the last refresh of each document, so only
 * amendments on blocks that changed since are looked at.
 */
export async function refreshCurrentDiffs(ctx: DomainContext, documentId: string, knownTexts?: Map<string, string>) {
  const document = await ctx.db.document.findUnique({ where: { id: documentId }, select: { language: true } });
  if (!document) return 0;
  // Nobody waits for these: made where they never take the core from a reader (decision 127).
  const blocks = await readBaseBlocks(ctx, documentId, { background: true });
  const changed = blocks.filter((block) => knownTexts?.get(block.id) !== block.text);
  if (knownTexts) {
    knownTexts.clear();
    for (const block of blocks) knownTexts.set(block.id, block.text);
  }
  if (changed.length === 0) return 0;
  const textOf = new Map(changed.map((block) => [block.id, block.text]));

  // Raw reads (one row per amendment with its last revision, and the stored hashes): a refresh
  // of a typed-into text reads every amendment to it, a thousand on the consolidation bench, and
  // Prisma's typed reads mapped them at about 40 µs a row, all in one turn of the event loop.
  const blockIds = [...textOf.keys()];
  const [amendments, stored] = await Promise.all([
    rawQuery<{
      id: string;
      documentId: string;
      participantId: string;
      status: string;
      tabledAt: Date | string | null;
      operation: string;
      targetBlockId: string;
      revisionId: string;
      baseText: string;
      proposedText: string;
    }>(ctx.db, [
      'SELECT a."id", a."documentId", a."participantId", a."status", a."tabledAt", a."operation", a."targetBlockId",',
      ' r."id" AS "revisionId", r."baseText", r."proposedText"',
      ' FROM "Amendment" a JOIN "AmendmentRevision" r ON r."amendmentId" = a."id"',
      ' AND r."number" = (SELECT MAX(m."number") FROM "AmendmentRevision" m WHERE m."amendmentId" = a."id")',
      ' WHERE a."documentId" = ',
      { value: documentId },
      ` AND a."status" <> 'draft' AND a."operation" <> 'insert_after' AND a."targetBlockId" IN (`,
      ...parameterList(blockIds),
      ")",
    ]),
    rawQuery<{ revisionId: string; baseTextHash: string }>(ctx.db, [
      'SELECT d."revisionId", d."baseTextHash" FROM "AmendmentCurrentDiff" d',
      ' JOIN "AmendmentRevision" r ON r."id" = d."revisionId" JOIN "Amendment" a ON a."id" = r."amendmentId"',
      ' WHERE a."documentId" = ',
      { value: documentId },
      ' AND a."targetBlockId" IN (',
      ...parameterList(blockIds),
      ")",
    ]),
  ]);
  const storedHashes = new Set(stored.map((row) => `${row.revisionId} ${row.baseTextHash}`));
  const hashes = new Map([...textOf].map(([blockId, text]) => [blockId, baseTextHash(text)]));
  const due = amendments.flatMap(({ revisionId, baseText, proposedText, ...row }) => {
    const current = textOf.get(row.targetBlockId);
    if (current === undefined || current === baseText) return [];
    const hash = hashes.get(row.targetBlockId)!;
    if (storedHashes.has(`${revisionId} ${hash}`)) return [];
    // Dates come back as text from SQLite's raw reads.
    const amendment = { ...row, tabledAt: row.tabledAt === null ? null : new Date(row.tabledAt) };
    return [{ amendment, revision: { id: revisionId, proposedText }, current, hash }];
  });
  // A paragraph typed into outdates every amendment to it at once (hundreds on a busy text):
  // the diffs go to the thread a batch per message, and each batch is stored in one short
  // transaction of two statements (one per amendment was two compiled queries and a commit each,
  // about 7 ms of the event loop per amendment).
  let computed = 0;
  for (let start = 0; start < due.length; start += REFRESH_BATCH) {
    const batch = due.slice(start, start + REFRESH_BATCH);
    const diffs = await diffAmendmentsOffThread(
      batch.map(({ amendment, revision, current }) => ({
        operation: amendment.operation as AmendmentOperation,
        targetText: current,
        proposedText: revision.proposedText,
        language: document.language,
      })),
    );
    const now = ctx.now();
    const revisionIds = batch.map(({ revision }) => revision.id);
    await ctx.db.$transaction(async (tx) => {
      // Only the diff against the latest text is kept: older ones can never be shown again.
      await rawStatement(tx, [
        'DELETE FROM "AmendmentCurrentDiff" WHERE "revisionId" IN (',
        ...revisionIds.flatMap((id, index) => [index > 0 ? ", " : "", { value: id }]),
        ")",
      ]);
      await insertRows(
        tx,
        providerOf(ctx.db),
        "AmendmentCurrentDiff",
        CURRENT_DIFF_COLUMNS,
        batch.map(({ revision, hash }, index) => ({
          revisionId: revision.id,
          baseTextHash: hash,
          diffJson: JSON.stringify(diffs[index]),
          createdAt: now,
        })),
      );
    });
    computed += batch.length;
    for (const { amendment } of batch) emitAmendmentChanged(ctx, amendment);
  }
  return computed;
}

/**
 * Watches the base texts: once a document's text settles (no commit for `quietMs`), or at the
 * latest `maxWaitMs` after the first change not yet looked at while people keep typing, refreshes
 * its current diffs (a text typed into without a pause of `quietMs` was otherwise never
 * refreshed). Each refresh looks only at the paragraphs changed since the last one. One refresh
 * per document at a time; changes during a refresh schedule another. Returns a function that
 * stops watching and waits for a running refresh.
 */
export function watchBaseTexts(ctx: DomainContext, quietMs = 300, maxWaitMs = 2_000) {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<unknown>>();
  const knownTexts = new Map<string, Map<string, string>>();
  /** When the oldest change not yet refreshed was seen, per document. */
  const waitingSince = new Map<string, number>();
  /** Documents due again once their running refresh ends. */
  const due = new Set<string>();

  const run = (documentId: string) => {
    timers.delete(documentId);
    if (running.has(documentId)) {
      due.add(documentId);
      return;
    }
    waitingSince.delete(documentId);
    let known = knownTexts.get(documentId);
    if (!known) knownTexts.set(documentId, (known = new Map()));
    const refresh = refreshCurrentDiffs(ctx, documentId, known)
      .catch((error: unknown) => {
        known.clear();
        console.error(`Refreshing current diffs of document ${documentId} failed`, error);
      })
      .finally(() => {
        running.delete(documentId);
        if (due.delete(documentId)) schedule(documentId);
      });
    running.set(documentId, refresh);
  };
  let stopped = false;
  const schedule = (documentId: string) => {
    if (stopped) return;
    const now = Date.now();
    const since = waitingSince.get(documentId) ?? now;
    waitingSince.set(documentId, since);
    const existing = timers.get(documentId);
    if (existing) clearTimeout(existing);
    timers.set(
      documentId,
      setTimeout(() => run(documentId), Math.max(0, Math.min(quietMs, since + maxWaitMs - now))),
    );
  };
  const unsubscribe = ctx.liveDocuments.onCommitted((room) => {
    const parsed = parseRoomName(room);
    if (parsed?.kind === "document") schedule(parsed.documentId);
  });
  // Amendments outdated before this process started (or before this feature) get theirs too.
  void ctx.db.document
    .findMany({ select: { id: true } })
    .then((documents) => documents.forEach(({ id }) => schedule(id)))
    .catch((error: unknown) => console.error("Listing documents for current diffs failed", error));
  return async () => {
    stopped = true;
    unsubscribe();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    await Promise.all(running.values());
  };
}
