import { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import * as Y from "yjs";
import { BusyError, type StoredUpdate, type UpdateAuthor, type UpdateLog } from "../db/updateLog";
import type { CompactionLease, RoomChannel, RoomRelay } from "../cluster/types";
import { StateThread } from "./stateThread";
import { mergeBatch } from "./mergeUpdates";
import { ViewThread, type ViewThreadStats } from "./viewThread";
import { VIEWS, type ViewName, type ViewOf } from "./views";

const MIN_FLUSH_GAP_MS = 5;
/**
 * Under load the gap grows with what a commit costs the event loop (its fan-out to every socket,
 * measured in wall-clock time, so a server starved of CPU counts as slow): commits are then fewer
 * and carry more, and fanning out takes at most about 1 / (1 + FLUSH_GAP_PER_COST) of the time
 * whatever the offered rate. Bounded, so the durability window stays far below 100 ms (002).
 */
const FLUSH_GAP_PER_COST = 4;
const MAX_FLUSH_GAP_MS = 40;
let nextSerial = 0;
/** Derived views (rendered pages) kept, least recently used first out. */
const DERIVED_VIEWS = 32;

/** Past this many times `compactAfter` rows, a room compacts whatever its size (loading rows costs per row too). */
const MAX_ROWS_FACTOR = 40;

/**
 * Longest stretch of applying stored rows before the event loop gets a turn (docs/decisions/097). The
 * transaction's clean-up and the scavenges the turn triggers come on top: 5 ms keeps a turn near
 * 15-20 ms of the main thread (8 ms made 20-30, docs/decisions/171).
 */
const APPLY_SLICE_MS = 5;

/** A document whose stored state is larger than this has the encoding of its whole state made off the event loop. */
const OFF_THREAD_STATE_BYTES = 256 * 1024;
/** The background render thread ends after this long without a view (it holds ~110 MiB with a 50-page text). */
const BACKGROUND_VIEWS_IDLE_MS = 60_000;
/** Longest a background view waits for the rooms loading and the readers' thread starting (docs/decisions/127). */
const BACKGROUND_VIEWS_WAIT_MS = 5_000;

/**
 * Applies stored rows in order, letting the event loop run every few milliseconds. A long
 * document's snapshot is stored as chunks that each integrate at once (server/yjs/stateChunks.mjs,
 * docs/decisions/097), so a 50-page document is applied in a few hundred short turns instead of
 * one that blocked the server for 0.6-2.5 s. Nothing else sees the document until it is built.
 */
export async function applyRowsInTurns(doc: Y.Doc, rows: readonly StoredUpdate[], origin: unknown): Promise<void> {
  let index = 0;
  while (index < rows.length) {
    const started = performance.now();
    Y.transact(
      doc,
      () => {
        // A turn ends before a row that would take it past the slice, judged by the row before:
        // in a fresh process the first chunks of a snapshot take 4-12 ms each (their code is not yet
        // compiled), and three of them made a 25 ms turn (docs/decisions/171).
        let rowMs = 0;
        do {
          const rowStarted = performance.now();
          Y.applyUpdate(doc, rows[index]!.data);
          index += 1;
          rowMs = performance.now() - rowStarted;
        } while (index < rows.length && performance.now() - started + rowMs < APPLY_SLICE_MS);
      },
      origin,
    );
    if (index < rows.length) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A room's document as built from its stored rows, before it goes live. */
export interface LoadedState {
  doc: Y.Doc;
  rows: readonly StoredUpdate[];
  /** For a long document: the whole state as one update (without blocking the event loop), and the updates after it. */
  encoded: { base: Uint8Array; since: readonly Uint8Array[] } | null;
}

/** Past this many rows after a long document's snapshot, they are merged in the state thread at load. */
const TAIL_ROWS_ON_THE_EVENT_LOOP = 64;

/**
 * When a room's log is due for folding into a snapshot. Compaction costs about the size of the
 * document (the worker decodes and re-encodes it all), while the rows it saves cost reading and
 * applying at the next load. So a room compacts once it has `compactAfter` rows and those rows
 * hold a quarter of the document's size, or once it has 40 × `compactAfter` rows in any case:
 * a small text still compacts every `compactAfter` rows, while a 50-page one (1.5 MiB) folds
 * after about 15,000 keystrokes instead of every 500 (a full re-encoding every few seconds of typing).
 */
export function compactionDue(rowsSince: number, bytesSince: number, stateBytes: number, compactAfter: number): boolean {
  if (rowsSince < compactAfter) return false;
  return bytesSince * 4 >= stateBytes || rowsSince >= compactAfter * MAX_ROWS_FACTOR;
}

/**
 * How many rows a long document's snapshot may take (decision 097): well below `compactAfter`, so
 * that opening the room does not find its log long and fold it again.
 */
function snapshotRows(compactAfter: number) {
  return Math.max(1, Math.floor(compactAfter / 2));
}

/** Transaction origin for changes the server makes itself (chair decisions, revisions, seeding). */
export const SERVER_ORIGIN = Object.freeze({ author: null });

/**
 * Transaction origin of updates another node committed (received over the room relay, or read
 * back from the shared log): already durable, so they are sent to local sockets but never
 * appended again (docs/decisions/055).
 */
export const REMOTE_ORIGIN = Object.freeze({ author: null, remote: true });

/** Any transaction origin that knows its author; collaboration connections are such origins. */
export interface AuthoredOrigin {
  author: UpdateAuthor | null;
  /**
   * How many of the author's own updates the current transaction applies, when it applies several
   * at once (a socket's read under load, docs/decisions/116); one otherwise. The audit log counts
   * a user's changes, not the server's transactions.
   */
  updatesInTransaction?: number;
}

export interface LiveDocumentsOptions {
  /** 0: commit at the end of the event-loop turn; otherwise wait this long to batch more. */
  commitWindowMs: number;
  idleUnloadMs: number;
  /** Compact the room's log into a snapshot once it holds this many rows. */
  compactAfter: number;
  /** Unloaded rooms whose state is kept for reads (least recently read first out). */
  readCacheRooms?: number;
  /** Several nodes: rooms are joined on the relay before loading, and committed batches published (server/cluster). */
  relay?: RoomRelay;
  /** Several nodes: a compaction runs only while this node holds the room's lease. */
  compactionLease?: CompactionLease;
  /** Stored states larger than this have their whole-state encoding made off the event loop (default 256 KiB; tests use 0). */
  offThreadStateBytes?: number;
  /** The background render thread ends after this long without a view (docs/decisions/127). Default 60 s. */
  backgroundViewsIdleMs?: number;
}

interface PendingUpdate {
  update: Uint8Array;
  origin: unknown;
}

export interface CommittedUpdate {
  update: Uint8Array;
  origin: unknown;
}

interface LiveDocumentEvents {
  /** A batch of updates is durable in the database: now, and only now, may it be sent to others. */
  committed: [batch: readonly CommittedUpdate[]];
  /** Presence from another node's sockets (already checked there). */
  remoteAwareness: [update: Uint8Array, fromNode: string];
  /** A node stopped answering: the presence it relayed must go (server/cluster heartbeats). */
  remoteNodeGone: [nodeId: string];
  /** A node that just opened the room asks for the presence of this node's sockets. */
  awarenessQuery: [];
}

/** One authoritative, fully loaded Y.Doc of a room, with its group-committed update log. */
export class LiveDocument extends EventEmitter<LiveDocumentEvents> {
  readonly doc: Y.Doc;
  private pending: PendingUpdate[] = [];
  /** The batch being committed: one at a time, so the log keeps the room's order. */
  private flushing: Promise<void> | null = null;
  private flushTimer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  /** Local updates applied so far and committed so far, counted alike: a callback waits for a count. */
  private appliedCount = 0;
  private committedCount = 0;
  private idleCallbacks: { upTo: number; callback: () => void }[] = [];
  private repairing: Promise<void> | null = null;
  private destroyed = false;
  private rowsSinceCompaction: number;
  /** Bytes in the rows since the last compaction, and the document's size (estimated from its rows). */
  private bytesSinceCompaction: number;
  private stateBytes: number;
  private compaction: Promise<void> | null = null;
  private lastFlushAt = -Infinity;
  /** The next commit starts without waiting for the gap (`expedite`). */
  private urgent = false;
  /** What releasing a committed batch took (smoothed), in ms: sets the gap to the next commit. */
  private commitCostMs = 0;
  /** Updates in the last committed batch: more than one means they arrive faster than commits. */
  private lastBatchSize = 0;
  /** Bytes of local updates applied and not yet committed (waiting, or being written). */
  uncommittedBytes = 0;
  /** Updates applied to this copy so far: with `serial`, names the state a derived view was made from. */
  applied = 0;
  readonly serial = nextSerial++;
  references = 0;
  unloadTimer: NodeJS.Timeout | null = null;
  /** The room on the relay, with several nodes; null on a single node. */
  relay: RoomChannel | null = null;
  /** Shared-log rows up to this id are known to be applied here (the relay's repair reads after it). */
  repairCursor: number;
  private previousRepairCursor: number;

  constructor(
    readonly room: string,
    private readonly log: UpdateLog,
    private readonly options: LiveDocumentsOptions,
    loaded: LoadedState,
    private readonly afterCommit: () => void = () => {},
    private readonly stateThread: StateThread | null = null,
  ) {
    super();
    this.setMaxListeners(0);
    this.doc = loaded.doc;
    const { rows } = loaded;
    // A snapshot counts as one row, however many chunks it is stored as (docs/decisions/097).
    const updates = rows.filter((row) => row.kind !== "snapshot");
    this.rowsSinceCompaction = updates.length + (updates.length < rows.length ? 1 : 0);
    this.repairCursor = this.previousRepairCursor = rows.at(-1)?.id ?? 0;
    this.bytesSinceCompaction = (updates.length === rows.length ? rows.slice(1) : updates).reduce(
      (sum, row) => sum + row.data.byteLength,
      0,
    );
    this.stateBytes = rows.reduce((sum, row) => sum + row.data.byteLength, 0);
    if (loaded.encoded) {
      this.syncBase = { update: loaded.encoded.base };
      for (const update of loaded.encoded.since) this.trackSinceBase(update);
    }
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      this.applied += 1;
      this.trackSinceBase(update);
      if (origin === REMOTE_ORIGIN) {
        // Committed by another node: out to local sockets at once, never appended again.
        this.rowsSinceCompaction += 1;
        this.bytesSinceCompaction += update.byteLength;
        this.stateBytes += update.byteLength;
        this.emit("committed", [{ update, origin }]);
        return;
      }
      this.appliedCount += 1;
      this.uncommittedBytes += update.byteLength;
      this.pending.push({ update, origin });
      this.scheduleFlush();
    });
  }

  /** An encoding of the whole state; for a long document, the updates applied since. */
  private syncBase: { update: Uint8Array } | null = null;
  private sinceBase: Uint8Array[] = [];
  private sinceBaseBytes = 0;
  /** The first `count` updates of `sinceBase` merged into one. */
  private sinceMerged: { count: number; update: Uint8Array } | null = null;
  private rebasing = false;

  /** A long document: its whole-state encoding, its views and the diffs for reconnecting clients are made off the event loop. */
  get long(): boolean {
    return this.stateThread !== null && this.stateBytes > (this.options.offThreadStateBytes ?? OFF_THREAD_STATE_BYTES);
  }

  private trackSinceBase(update: Uint8Array) {
    if (!this.syncBase) return;
    if (!this.long) {
      this.syncBase = null; // a short text is encoded again when next asked for
      return;
    }
    this.sinceBase.push(update);
    this.sinceBaseBytes += update.byteLength;
    if (this.sinceBaseBytes * 8 > this.syncBase.update.byteLength) this.rebase();
  }

  /**
   * The whole state, for a client that has nothing yet (sync step 2 of a new editor, the room's
   * size): an encoding of it, and when updates were applied since, those updates merged into a
   * second update to send after it. Encoding a 50-page document takes 100-200 ms, so one encoding
   * is shared by every editor that opens the document; for a long document it is made off the
   * event loop (at load, then again once enough updates have piled up after it). A short text is
   * encoded here again once anything changed.
   */
  fullState(): Uint8Array[] {
    if (!this.syncBase) {
      this.syncBase = { update: Y.encodeStateAsUpdate(this.doc) };
      this.sinceBase = [];
      this.sinceBaseBytes = 0;
      this.sinceMerged = null;
    }
    if (this.sinceBase.length === 0) return [this.syncBase.update];
    if (this.sinceMerged?.count !== this.sinceBase.length) {
      const parts = this.sinceMerged ? [this.sinceMerged.update, ...this.sinceBase.slice(this.sinceMerged.count)] : this.sinceBase;
      this.sinceMerged = { count: this.sinceBase.length, update: mergeBatch(parts) };
    }
    return [this.syncBase.update, this.sinceMerged.update];
  }

  /**
   * The whole state as `fullState` gives it, without merging on the event loop what was applied
   * since the shared encoding: that encoding first (the same object while it is current), then
   * the updates since (already merged ones as one). For a reader off the event loop.
   */
  stateParts(): Uint8Array[] {
    if (!this.syncBase) return this.fullState();
    const rest = this.sinceMerged ? [this.sinceMerged.update, ...this.sinceBase.slice(this.sinceMerged.count)] : this.sinceBase;
    return [this.syncBase.update, ...rest];
  }

  /**
   * Sync step 2 for a client that holds `stateVector` (a reconnecting editor): what it lacks, as
   * one update and, for a long document, a second one for what was applied since the shared
   * encoding. Encoding that diff from a 50-page Y.Doc walks every struct (its delete set) on the
   * event loop, so for a long document it is cut from the shared encoding in the state thread
   * (`Y.diffUpdate`), which gives the same structs and deletions.
   */
  async stateDiff(stateVector: Uint8Array): Promise<Uint8Array[]> {
    if (this.long && this.stateThread && this.syncBase) {
      try {
        return await this.stateThread.diff(this.stateParts(), stateVector);
      } catch (error) {
        console.error(`diffing the state of ${this.room} off the event loop failed`, error);
      }
    }
    return [Y.encodeStateAsUpdate(this.doc, stateVector)];
  }

  /** Bytes of the whole state's encoding (the room's size), as `fullState` gives it. */
  stateSize(): number {
    return this.fullState().reduce((sum, part) => sum + part.byteLength, 0);
  }

  /** Folds the updates applied since the shared encoding into it, off the event loop. */
  private rebase() {
    if (this.rebasing || !this.syncBase || !this.stateThread) return;
    this.rebasing = true;
    const base = this.syncBase;
    const count = this.sinceBase.length;
    void this.stateThread
      .merge([base.update, ...this.sinceBase])
      .then((merged) => {
        if (this.destroyed || this.syncBase !== base) return;
        // Updates applied while the thread worked stay after the new encoding.
        this.sinceBase = this.sinceBase.slice(count);
        this.sinceBaseBytes = this.sinceBase.reduce((sum, update) => sum + update.byteLength, 0);
        this.sinceMerged = null;
        this.syncBase = { update: merged };
      })
      .catch((error: unknown) => console.error(`encoding the state of ${this.room} failed`, error))
      .finally(() => (this.rebasing = false));
  }

  /** Runs `callback` once every update applied so far is committed (at once when nothing is pending). */
  whenCommitted(callback: () => void) {
    if (this.committedCount === this.appliedCount) callback();
    else this.idleCallbacks.push({ upTo: this.appliedCount, callback });
  }

  committed(): Promise<void> {
    return new Promise((resolve) => this.whenCommitted(resolve));
  }

  /**
   * Commits what is pending at once, without the gap kept between commits under a stream of
   * updates (up to MAX_FLUSH_GAP_MS): for a server-side edit that someone waits on (a bulk of
   * decisions waits for its text to be committed before recording it, ten times in a row on the
   * consolidation bench). A commit in flight finishes first; the next one then starts at once.
   */
  expedite(): Promise<void> {
    if (this.pending.length > 0) {
      this.urgent = true;
      if (!this.flushing) void this.flush();
    }
    return this.committed();
  }

  private scheduleFlush(delayMs = this.options.commitWindowMs) {
    if (this.flushTimer) return;
    // Under a stream of updates, commits (and so broadcasts) are at least MIN_FLUSH_GAP_MS apart,
    // more when each costs more: each batch then carries more, instead of one frame per socket per update.
    // At a low rate (one update per batch) nothing waits longer than MIN_FLUSH_GAP_MS.
    const gap =
      this.lastBatchSize > 1
        ? Math.min(MAX_FLUSH_GAP_MS, Math.max(MIN_FLUSH_GAP_MS, FLUSH_GAP_PER_COST * this.commitCostMs))
        : MIN_FLUSH_GAP_MS;
    const wait = this.urgent ? 0 : Math.max(delayMs, this.lastFlushAt + gap - performance.now());
    this.flushTimer = wait <= 0 ? setImmediate(() => void this.flush()) : setTimeout(() => void this.flush(), wait);
  }

  /**
   * Commits the pending batch in one transaction, then releases it to listeners. One batch is in
   * flight at a time (the log keeps the room's order); updates applied meanwhile wait for the
   * next. Resolves when this batch is committed, or put back to be retried.
   */
  flush(): Promise<void> {
    this.clearFlushTimer();
    if (this.flushing) return this.flushing;
    if (this.pending.length === 0) return Promise.resolve();
    const batch = this.pending;
    this.pending = [];
    this.urgent = false;
    this.flushing = this.commit(batch).finally(() => {
      this.flushing = null;
      if (this.pending.length > 0 && !this.destroyed) this.scheduleFlush();
    });
    return this.flushing;
  }

  private async commit(batch: PendingUpdate[]) {
    try {
      await this.log.append(batch.map(({ update, origin }) => ({ room: this.room, data: update, author: authorOf(origin) })));
    } catch (error) {
      // Back in front of what came meanwhile: nothing is lost or reordered.
      this.pending = batch.concat(this.pending);
      if (!(error instanceof BusyError)) throw error;
      // SQLite: Prisma holds the write lock for a moment. Postgres: the connection is being
      // re-established. Retry without blocking the event loop.
      if (!this.destroyed) {
        this.clearFlushTimer();
        this.flushTimer = setTimeout(() => void this.flush(), 2);
      }
      return;
    }
    this.committedCount += batch.length;
    const releasing = performance.now();
    const batchBytes = batch.reduce((sum, { update }) => sum + update.byteLength, 0);
    this.uncommittedBytes -= batchBytes;
    this.rowsSinceCompaction += batch.length;
    this.bytesSinceCompaction += batchBytes;
    this.stateBytes += batchBytes;
    this.emit("committed", batch);
    // Published only now: another node applies nothing that is not in the shared log.
    this.relay?.publishUpdate(mergeBatch(batch.map((entry) => entry.update)));
    this.afterCommit();
    const due = this.idleCallbacks.filter((entry) => entry.upTo <= this.committedCount);
    this.idleCallbacks = this.idleCallbacks.filter((entry) => entry.upTo > this.committedCount);
    for (const entry of due) entry.callback();
    this.lastFlushAt = performance.now();
    this.commitCostMs = 0.7 * this.commitCostMs + 0.3 * (this.lastFlushAt - releasing);
    this.lastBatchSize = batch.length;
    if (compactionDue(this.rowsSinceCompaction, this.bytesSinceCompaction, this.stateBytes, this.options.compactAfter)) void this.compact();
  }

  /**
   * Folds every committed row into one snapshot, in the update log's worker thread: encoding a
   * long document on the event loop blocked it for 400 ms. One compaction at a time per room;
   * updates committed meanwhile stay as rows after the snapshot.
   */
  compact(): Promise<void> {
    if (this.compaction || this.rowsSinceCompaction <= 1) return this.compaction ?? Promise.resolve();
    const rows = this.rowsSinceCompaction;
    const bytes = this.bytesSinceCompaction;
    this.compaction = (async () => {
      // With several nodes, one compacts a room at a time; the others leave it to the holder.
      const release = this.options.compactionLease ? await this.options.compactionLease(this.room) : null;
      try {
        if (this.options.compactionLease && !release) {
          this.rowsSinceCompaction -= rows - 1;
          this.bytesSinceCompaction -= bytes;
          return;
        }
        const { folded } = await this.log.compact(this.room, await this.log.lastId(this.room), snapshotRows(this.options.compactAfter));
        if (folded > 0) {
          this.rowsSinceCompaction -= rows - 1;
          this.bytesSinceCompaction -= bytes;
        }
      } catch (error) {
        console.error(`compaction of ${this.room} failed`, error);
      } finally {
        await release?.().catch(() => {});
        this.compaction = null;
      }
    })();
    return this.compaction;
  }

  /** Applies updates another node committed (idempotent: Yjs ignores what it already has). */
  applyRemote(update: Uint8Array) {
    Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
  }

  /**
   * Reads the shared log after the repair cursor and applies it: whatever the relay lost (a node
   * killed between its commit and its publish, a Redis reconnect) is in the log. The cursor
   * trails by one repair, so a row whose id was taken before a larger one but committed after it
   * (Postgres sequences) is still read once.
   */
  repair(): Promise<void> {
    // One read at a time: the cursors move only after a read is applied.
    this.repairing ??= this.repairOnce().finally(() => (this.repairing = null));
    return this.repairing;
  }

  private async repairOnce() {
    const rows = this.log.loadAfter ? await this.log.loadAfter(this.room, this.previousRepairCursor) : await this.log.load(this.room);
    if (this.destroyed) return;
    let last = this.repairCursor;
    Y.transact(
      this.doc,
      () => {
        for (const row of rows) {
          if (row.id > this.previousRepairCursor) Y.applyUpdate(this.doc, row.data);
          last = Math.max(last, row.id);
        }
      },
      REMOTE_ORIGIN,
    );
    this.previousRepairCursor = this.repairCursor;
    this.repairCursor = last;
  }

  private clearFlushTimer() {
    if (!this.flushTimer) return;
    clearTimeout(this.flushTimer as NodeJS.Timeout);
    clearImmediate(this.flushTimer as NodeJS.Immediate);
    this.flushTimer = null;
  }

  /** Commits everything applied so far, retrying while the database is briefly unavailable. */
  async flushFully() {
    while (this.pending.length > 0 || this.flushing) {
      await this.flush();
      if (this.pending.length > 0 && !this.flushing) await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  destroy() {
    this.destroyed = true;
    this.clearFlushTimer();
    this.relay?.leave();
    this.relay = null;
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.removeAllListeners();
    this.doc.destroy();
  }
}

/**
 * An undo manager is the origin of the transactions that undo: with an author, the update log
 * records the revert as that person's edit, like the edits it takes back.
 */
class AuthoredUndoManager extends Y.UndoManager implements AuthoredOrigin {
  constructor(
    readonly author: UpdateAuthor | null,
    ...args: ConstructorParameters<typeof Y.UndoManager>
  ) {
    super(...args);
  }
}

/**
 * What an undo of a session must not delete. Undoing the insertion of a paragraph deletes the
 * paragraph, and with it whatever others typed into it meanwhile (Yjs deletes a type with its
 * content). So a type the session inserted is kept when it holds content the session did not
 * insert, with the attributes that make it a block (id, status); the session's own words in it
 * are still deleted. The paragraph then holds only what the others typed.
 */
class OthersWork {
  private readonly own: ReturnType<typeof Y.mergeDeleteSets>;
  private readonly holds = new Map<Y.AbstractType<unknown>, boolean>();

  constructor(insertions: ReturnType<typeof Y.mergeDeleteSets>[]) {
    this.own = Y.mergeDeleteSets(insertions);
  }

  mayDelete(item: Y.Item): boolean {
    // An attribute of a type that stays (a kept paragraph's id) stays with it.
    if (item.parentSub !== null) return !(item.parent instanceof Y.AbstractType && this.holdsOthers(item.parent, 0));
    return !(item.content instanceof Y.ContentType && this.holdsOthers(item.content.type, 0));
  }

  /** Whether the type's content (at any depth) includes a live item the session did not insert. */
  private holdsOthers(type: Y.AbstractType<unknown>, depth: number): boolean {
    const known = this.holds.get(type);
    if (known !== undefined) return known;
    let found = false;
    // Blocks hold text, text holds nothing deeper; the bound only guards against a malformed document.
    for (let item = type._start; item !== null && !found && depth < 8; item = item.right) {
      if (item.deleted) continue;
      if (!Y.isDeleted(this.own, item.id)) found = true;
      else if (item.content instanceof Y.ContentType) found = this.holdsOthers(item.content.type, depth + 1);
    }
    this.holds.set(type, found);
    return found;
  }
}

/** See `LiveDocuments.edit`. */
export class EditSession {
  readonly doc: Y.Doc;
  private readonly origin: AuthoredOrigin;
  private undo: AuthoredUndoManager | null = null;
  private keeper: OthersWork | null = null;

  constructor(
    private readonly live: LiveDocument,
    author: UpdateAuthor | null,
  ) {
    this.doc = live.doc;
    this.origin = { author };
  }

  /**
   * Starts recording what the session does to these types (before its first edit), for `undoAll`.
   * Only the session's own transactions are recorded; concurrent edits by others are not.
   */
  recordFor(types: ConstructorParameters<typeof Y.UndoManager>[0]) {
    this.undo ??= new AuthoredUndoManager(this.origin.author, types, {
      trackedOrigins: new Set([this.origin]),
      // One undo step for the whole session, however long it takes.
      captureTimeout: Number.MAX_SAFE_INTEGER,
      deleteFilter: (item) => this.keeper?.mayDelete(item) ?? true,
    });
  }

  /** One transaction, as the session's author. */
  transact<R>(apply: (doc: Y.Doc) => R): R {
    let result!: R;
    Y.transact(this.doc, () => (result = apply(this.doc)), this.origin);
    return result;
  }

  /** Lets the event loop run (sockets, commits, other requests) before the next transaction. */
  yield(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  /** Takes back everything the session did to the recorded types since `recordFor` (recorded as its author's edit). */
  undoAll() {
    const undo = this.undo;
    if (!undo) return;
    this.keeper = new OthersWork(undo.undoStack.map((step) => step.insertions));
    try {
      while (undo.canUndo()) undo.undo();
    } finally {
      this.keeper = null;
    }
  }

  /** Resolves once everything the session applied is committed, committing it now (`LiveDocument.expedite`). */
  committed(): Promise<void> {
    return this.live.expedite();
  }

  destroy() {
    this.undo?.destroy();
    this.undo = null;
  }
}

function authorOf(origin: unknown): UpdateAuthor | null {
  return typeof origin === "object" && origin !== null && "author" in origin ? (origin as AuthoredOrigin).author : null;
}

/** The registry of loaded rooms. One per server process: the Remix build never creates its own. */
export class LiveDocuments {
  private readonly rooms = new Map<string, LiveDocument>();
  private readonly committedListeners = new Set<(room: string) => void>();
  private readonly loadedListeners = new Set<(live: LiveDocument) => void>();
  private readonly unloadedListeners = new Set<(room: string) => void>();
  private readonly loading = new Map<string, Promise<LiveDocument>>();
  private readonly compactions = new Set<Promise<unknown>>();
  /** State of unloaded rooms as last read, keyed by the last row id it includes: a read re-applies nothing while it is current. */
  private readonly readCache = new Map<string, { lastId: number; doc: Y.Doc }>();
  private readonly derived = new Map<string, { version: string; value: unknown }>();
  /** Reads of unloaded rooms being built, shared by the reads that come meanwhile. */
  private readonly building = new Map<string, Promise<{ lastId: number; doc: Y.Doc }>>();
  private readonly stateThread = new StateThread();
  /** Views a reader waits for (pages, tabling, compilation): the default priority. */
  private readonly viewThread = new ViewThread();
  /** Views the server makes for itself (current diffs, edit sessions): nice 10, from first use until idle a while (docs/decisions/127). */
  private readonly backgroundViewThread: ViewThread;
  /** Names of shared encodings handed to the render thread, so it knows one it already applied. */
  private readonly encodingNames = new WeakMap<Uint8Array, number>();
  private nextEncodingName = 0;

  constructor(
    private readonly log: UpdateLog,
    private readonly options: LiveDocumentsOptions,
  ) {
    this.backgroundViewThread = new ViewThread({ background: true, idleMs: options.backgroundViewsIdleMs ?? BACKGROUND_VIEWS_IDLE_MS });
  }

  /** Loads the room completely (if it is not loaded) and holds it until `release`. */
  async acquire(room: string): Promise<LiveDocument> {
    let live = this.rooms.get(room);
    if (!live) {
      let loading = this.loading.get(room);
      if (!loading) {
        loading = this.load(room);
        this.loading.set(room, loading);
        void loading.finally(() => this.loading.delete(room)).catch(() => {});
      }
      live = await loading;
    }
    if (live.unloadTimer) {
      clearTimeout(live.unloadTimer);
      live.unloadTimer = null;
    }
    live.references += 1;
    return live;
  }

  /**
   * With a relay, the room is joined (subscribed, acknowledged by Redis) BEFORE the log is read,
   * and what arrives meanwhile is buffered and applied after: an update committed before the read
   * is in the rows, one committed after it is published after the subscription, so nothing falls
   * in between (docs/decisions/055).
   */
  private async load(room: string): Promise<LiveDocument> {
    const buffered: Uint8Array[] = [];
    let target: LiveDocument | null = null;
    const channel = this.options.relay
      ? await this.options.relay.join(room, {
          update: (update) => (target ? target.applyRemote(update) : buffered.push(update)),
          awareness: (update, fromNode) => target?.emit("remoteAwareness", update, fromNode),
          awarenessQuery: () => target?.emit("awarenessQuery"),
          nodeGone: (nodeId) => target?.emit("remoteNodeGone", nodeId),
        })
      : null;
    let live: LiveDocument;
    try {
      await this.compactIfLong(room);
      this.dropCached(room);
      // Not an event listener: transports remove theirs with removeAllListeners("committed").
      live = new LiveDocument(
        room,
        this.log,
        this.options,
        await this.build(await this.log.load(room)),
        () => {
          for (const listener of this.committedListeners) listener(room);
        },
        this.stateThread,
      );
    } catch (error) {
      channel?.leave();
      throw error;
    }
    live.relay = channel;
    for (const update of buffered) live.applyRemote(update);
    target = live;
    this.rooms.set(room, live);
    for (const listener of this.loadedListeners) listener(live);
    return live;
  }

  /**
   * Builds a room's document from its rows in short turns. For a long document, the encoding of its
   * whole state that new editors get is made meanwhile in the state thread: its snapshot's chunks
   * joined by copying (stateChunks.mjs), what cannot be joined merged. Joining them on the event loop
   * as they were applied held it for 20 ms at the end of a 50-page build (docs/decisions/171).
   */
  private async build(rows: readonly StoredUpdate[]): Promise<LoadedState> {
    const doc = new Y.Doc({ gc: true });
    const bytes = rows.reduce((sum, row) => sum + row.data.byteLength, 0);
    const long = rows.length > 0 && bytes > (this.options.offThreadStateBytes ?? OFF_THREAD_STATE_BYTES);
    // The snapshot's rows lead; what follows was appended since the last compaction. A log never compacted is merged whole.
    const firstUpdate = rows.findIndex((row) => row.kind !== "snapshot");
    const split = firstUpdate <= 0 ? rows.length : firstUpdate;
    const tail = rows.slice(split).map((row) => row.data);
    // Both started before the rows are applied, so that the thread works while the event loop does.
    const mergedBase = long && split > 1 ? this.stateThread.merge(rows.slice(0, split).map((row) => row.data)) : null;
    const mergedTail =
      long && tail.length > TAIL_ROWS_ON_THE_EVENT_LOOP ? this.stateThread.merge(tail).catch(() => null) : Promise.resolve(null);
    // Settled here too, so that a failed build leaves no rejection unhandled.
    mergedBase?.catch(() => {});
    try {
      await applyRowsInTurns(doc, rows, SERVER_ORIGIN);
    } catch (error) {
      doc.destroy();
      throw error;
    }
    if (!long) return { doc, rows, encoded: null };
    try {
      const base = mergedBase ? await mergedBase : rows[0]!.data;
      const since = await mergedTail;
      return { doc, rows, encoded: { base, since: since ? [since] : tail } };
    } catch (error) {
      // Without it, the first editor's sync encodes the document on the event loop.
      console.error("encoding a loaded state failed", error);
      return { doc, rows, encoded: null };
    }
  }

  /** Re-reads the shared log of every loaded room (after a relay reconnect, and periodically). */
  repairAll(): Promise<void> {
    return Promise.all(
      [...this.rooms.values()].map((live) =>
        live.repair().catch((error: unknown) => console.error(`repair of ${live.room} failed`, error)),
      ),
    ).then(() => {});
  }

  /**
   * A log that grew long while nobody had the room open (or before compaction ran in the
   * background) is folded in the worker first, so the event loop only ever applies a snapshot
   * and a few rows.
   */
  private async compactIfLong(room: string) {
    if ((await this.log.rowCount(room, this.options.compactAfter + 1)) <= this.options.compactAfter) return;
    await this.track(
      (async () => {
        const lease = this.options.compactionLease;
        const release = lease ? await lease(room) : null;
        // Another node is folding it: load the long log as it is rather than wait.
        if (lease && !release) return;
        try {
          await this.log.compact(room, undefined, snapshotRows(this.options.compactAfter));
        } finally {
          await release?.().catch(() => {});
        }
      })(),
    );
  }

  /**
   * Folds, in the background, every stored log longer than `compactAfter` (run once at start-up).
   */
  compactLongLogs(): Promise<number> {
    // Several nodes start together: each room is folded when opened, under its lease.
    if (this.options.compactionLease) return Promise.resolve(0);
    return this.track(
      this.log
        .compactLongLogs(this.options.compactAfter)
        .catch((error: unknown) => (console.error("start-up compaction failed", error), 0)),
    );
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.compactions.add(promise);
    void promise.finally(() => this.compactions.delete(promise)).catch(() => {});
    return promise;
  }

  /** Unloads the room once nobody holds it for `idleUnloadMs` and everything is written. */
  release(live: LiveDocument) {
    live.references -= 1;
    if (live.references > 0) return;
    live.unloadTimer = setTimeout(() => void this.unload(live), this.options.idleUnloadMs);
  }

  private async unload(live: LiveDocument) {
    await live.flushFully();
    if (live.references > 0 || this.rooms.get(live.room) !== live) return;
    this.rooms.delete(live.room);
    void this.track(live.compact());
    live.destroy();
    for (const listener of this.unloadedListeners) listener(live.room);
  }

  /**
   * Reads a room's current state: the live copy when loaded, otherwise its stored state (kept
   * for the next read while no row is added). `read` must not change the document.
   */
  async read<T>(room: string, read: (doc: Y.Doc) => T): Promise<T> {
    const loaded = this.rooms.get(room);
    if (loaded) return read(loaded.doc);
    const lastId = await this.log.lastId(room);
    const loadedMeanwhile = this.rooms.get(room);
    if (loadedMeanwhile) return read(loadedMeanwhile.doc);
    const cached = this.readCache.get(room);
    if (cached && cached.lastId === lastId) {
      this.readCache.delete(room); // most recently read goes last
      this.readCache.set(room, cached);
      return read(cached.doc);
    }
    let building = this.building.get(room);
    if (!building) {
      building = this.buildForReading(room);
      this.building.set(room, building);
      void building.finally(() => this.building.delete(room)).catch(() => {});
    }
    const built = await building;
    const loadedWhileReading = this.rooms.get(room);
    if (loadedWhileReading) return read(loadedWhileReading.doc);
    if (this.readCache.get(room)?.doc !== built.doc) {
      this.dropCached(room);
      this.readCache.set(room, built);
      while (this.readCache.size > (this.options.readCacheRooms ?? 8)) this.dropCached(this.readCache.keys().next().value!);
    }
    return read(built.doc);
  }

  /** An unloaded room's stored state, applied in short turns (the room may open meanwhile: the caller checks). */
  private async buildForReading(room: string): Promise<{ lastId: number; doc: Y.Doc }> {
    await this.compactIfLong(room);
    const rows = await this.log.load(room);
    const doc = new Y.Doc();
    await applyRowsInTurns(doc, rows, null);
    return { lastId: rows.at(-1)?.id ?? 0, doc };
  }

  /**
   * Like `read`, but remembers the result under `name` for as long as the room's state is the
   * same (nothing applied to the live copy, no row added to storage): rendering a 50-page
   * document for every page view is then done once per change, not per view. The result is
   * shared between callers and must not be mutated.
   */
  readDerived<T>(room: string, name: string, read: (doc: Y.Doc) => T): Promise<T> {
    return this.derive(room, name, () => this.read(room, read));
  }

  /**
   * A named view (views.ts) of the room's current text, remembered like `readDerived`. For a long
   * document it is made in the render thread, from the stored rows of an unloaded room or the
   * shared encoding of a loaded one: neither building the Y.Doc nor rendering 50 pages holds the
   * event loop (docs/decisions/118). A short text is read on the event loop, as before; so is a
   * long one if the thread fails.
   *
   * `background`: a view the server wants for itself, nobody waiting on it (docs/decisions/127). It
   * is made in a second render thread at nice 10, after the rooms loading when it was asked for, so
   * that it never takes the core from a cold open or from a reader's page.
   */
  readView<N extends ViewName>(room: string, name: N, { background = false }: { background?: boolean } = {}): Promise<ViewOf<N>> {
    const read = VIEWS[name] as (doc: Y.Doc) => ViewOf<N>;
    return this.derive(room, name, async () => {
      if (background) await this.afterForegroundWork();
      const input = await this.viewInput(room);
      if (!input) return this.read(room, read);
      try {
        return await (background ? this.backgroundViewThread : this.viewThread).render(
          name,
          room,
          input.token,
          input.updates,
          input.baseCount,
        );
      } catch (error) {
        console.error(`rendering ${name} of ${room} off the event loop failed`, error);
        return this.read(room, read);
      }
    });
  }

  /**
   * What a background view waits for: the rooms loading now, and the readers' render thread loading
   * its code at start-up. At most `BACKGROUND_VIEWS_WAIT_MS`: a load stuck on its relay or lease must
   * not hold every refresh of current diffs and every edit session's write.
   */
  private async afterForegroundWork() {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.loading.values(), this.viewThread.whenLoaded()]),
      new Promise((resolve) => (timer = setTimeout(resolve, BACKGROUND_VIEWS_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }

  /**
   * Starts the readers' render thread and the state thread ahead of their first use (a thread's start
   * holds the event loop, and its code takes a moment to load); resolves once the render thread has loaded.
   */
  warmThreads(): Promise<void> {
    this.stateThread.warm();
    this.viewThread.warm();
    return this.viewThread.whenLoaded();
  }

  /** What each render thread has made (tests check that background views stay off the readers' thread). */
  viewThreadStats(): { reader: ViewThreadStats; background: ViewThreadStats } {
    return { reader: this.viewThread.stats(), background: this.backgroundViewThread.stats() };
  }

  /** What the render thread builds a long document from; null for a short text (read on the event loop). */
  private async viewInput(room: string): Promise<{ token: string; updates: Uint8Array[]; baseCount: number } | null> {
    const live = this.rooms.get(room);
    if (live) {
      if (!live.long) return null;
      const parts = live.stateParts();
      let name = this.encodingNames.get(parts[0]!);
      if (name === undefined) this.encodingNames.set(parts[0]!, (name = this.nextEncodingName++));
      return { token: `live ${live.serial} ${name}`, updates: parts, baseCount: 1 };
    }
    await this.compactIfLong(room);
    const rows = await this.log.load(room);
    if (this.rooms.has(room)) return this.viewInput(room);
    const bytes = rows.reduce((sum, row) => sum + row.data.byteLength, 0);
    if (rows.length === 0 || bytes <= (this.options.offThreadStateBytes ?? OFF_THREAD_STATE_BYTES)) return null;
    return { token: `stored ${rows.at(-1)!.id}`, updates: rows.map((row) => row.data), baseCount: rows.length };
  }

  private async derive<T>(room: string, name: string, compute: () => Promise<T>): Promise<T> {
    const key = `${room}\u0000${name}`;
    const version = await this.stateVersion(room);
    const hit = this.derived.get(key);
    if (hit && hit.version === version) {
      this.derived.delete(key);
      this.derived.set(key, hit);
      return hit.value as T;
    }
    const value = await compute();
    if ((await this.stateVersion(room)) === version) {
      this.derived.set(key, { version, value });
      while (this.derived.size > DERIVED_VIEWS) this.derived.delete(this.derived.keys().next().value!);
    }
    return value;
  }

  private async stateVersion(room: string): Promise<string> {
    const live = this.rooms.get(room);
    return live ? `live ${live.serial} ${live.applied}` : `stored ${await this.log.lastId(room)}`;
  }

  private dropCached(room: string) {
    this.readCache.get(room)?.doc.destroy();
    this.readCache.delete(room);
  }

  /**
   * Applies a server-side change to the live copy; resolves once it is committed and sent.
   * `author`: the user on whose behalf the server edits (a chair's decision), recorded in the
   * update log; without one the row has no user (a change the server makes on its own).
   */
  async change<T = void>(room: string, apply: (doc: Y.Doc) => T, author: UpdateAuthor | null = null): Promise<T> {
    const live = await this.acquire(room);
    try {
      let result!: T;
      Y.transact(live.doc, () => (result = apply(live.doc)), author ? { author } : SERVER_ORIGIN);
      await live.committed();
      return result;
    } finally {
      this.release(live);
    }
  }

  /**
   * A long server-side change, made as a series of short transactions on the live copy with the
   * event loop free between them (a bulk of chair decisions: one transaction of 100 rebased
   * rewrites held every typist for hundreds of milliseconds). Every transaction of the session
   * carries one origin, so `undoAll` takes back exactly what the session did, leaving the edits
   * others made meanwhile. Resolves once `run` has and everything it applied is committed.
   */
  async edit<T>(room: string, author: UpdateAuthor | null, run: (session: EditSession) => Promise<T>): Promise<T> {
    const live = await this.acquire(room);
    const session = new EditSession(live, author);
    try {
      const result = await run(session);
      await live.committed();
      return result;
    } finally {
      session.destroy();
      this.release(live);
    }
  }

  /** Calls `listener` with the room's name after each committed batch of any room; returns the unsubscriber. */
  onCommitted(listener: (room: string) => void): () => void {
    this.committedListeners.add(listener);
    return () => this.committedListeners.delete(listener);
  }

  /** Calls `listener` with each room as it is loaded, before anything is applied to it; returns the unsubscriber. */
  onLoaded(listener: (live: LiveDocument) => void): () => void {
    this.loadedListeners.add(listener);
    return () => this.loadedListeners.delete(listener);
  }

  /** Calls `listener` with a room's name once it is unloaded, everything in it committed. */
  onUnloaded(listener: (room: string) => void): () => void {
    this.unloadedListeners.add(listener);
    return () => this.unloadedListeners.delete(listener);
  }

  loadedRooms(): string[] {
    return [...this.rooms.keys()];
  }

  async close() {
    await Promise.allSettled([...this.loading.values()]);
    for (const live of this.rooms.values()) {
      await live.flushFully();
      void this.track(live.compact());
      live.destroy();
    }
    this.rooms.clear();
    await Promise.allSettled([...this.compactions]);
    await Promise.allSettled([...this.building.values()]);
    for (const room of [...this.readCache.keys()]) this.dropCached(room);
    this.stateThread.close();
    this.viewThread.close();
    this.backgroundViewThread.close();
  }
}
