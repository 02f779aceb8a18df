import { EventEmitter } from "node:events";
import * as Y from "yjs";
import { BusyError, type UpdateAuthor, type UpdateLog } from "../db/updateLog";

/** Transaction origin for changes the server makes itself (chair decisions, revisions, seeding). */
export const SERVER_ORIGIN = Object.freeze({ author: null });

/** Any transaction origin that knows its author; collaboration connections are such origins. */
export interface AuthoredOrigin {
  author: UpdateAuthor | null;
}

export interface LiveDocumentsOptions {
  /** 0: commit at the end of the event-loop turn; otherwise wait this long to batch more. */
  commitWindowMs: number;
  idleUnloadMs: number;
  /** Compact the room's log into a snapshot once it holds this many rows. */
  compactAfter: number;
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
}

/** One authoritative, fully loaded Y.Doc of a room, with its group-committed update log. */
export class LiveDocument extends EventEmitter<LiveDocumentEvents> {
  readonly doc = new Y.Doc({ gc: true });
  private pending: PendingUpdate[] = [];
  private flushTimer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private idleCallbacks: (() => void)[] = [];
  private rowsSinceCompaction: number;
  references = 0;
  unloadTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly room: string,
    private readonly log: UpdateLog,
    private readonly options: LiveDocumentsOptions,
  ) {
    super();
    this.setMaxListeners(0);
    const rows = log.load(room);
    this.rowsSinceCompaction = rows.length;
    Y.transact(this.doc, () => {
      for (const row of rows) Y.applyUpdate(this.doc, row.data);
    }, SERVER_ORIGIN);
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      this.pending.push({ update, origin });
      this.scheduleFlush();
    });
  }

  /** Runs `callback` once every update applied so far is committed (at once when nothing is pending). */
  whenCommitted(callback: () => void) {
    if (this.pending.length === 0) callback();
    else this.idleCallbacks.push(callback);
  }

  committed(): Promise<void> {
    return new Promise((resolve) => this.whenCommitted(resolve));
  }

  hasPending() {
    return this.pending.length > 0;
  }

  private scheduleFlush(delayMs = this.options.commitWindowMs) {
    if (this.flushTimer) return;
    this.flushTimer = delayMs === 0 ? setImmediate(() => this.flush()) : setTimeout(() => this.flush(), delayMs);
  }

  /** Commits the pending batch in one transaction, then releases it to listeners. */
  flush() {
    this.clearFlushTimer();
    if (this.pending.length === 0) return;
    const batch = this.pending;
    try {
      this.log.append(batch.map(({ update, origin }) => ({ room: this.room, data: update, author: authorOf(origin) })));
    } catch (error) {
      if (!(error instanceof BusyError)) throw error;
      // Prisma holds the write lock for a moment; retry without blocking the event loop.
      this.scheduleFlush(2);
      return;
    }
    this.pending = [];
    this.rowsSinceCompaction += batch.length;
    this.emit("committed", batch);
    const callbacks = this.idleCallbacks;
    this.idleCallbacks = [];
    for (const callback of callbacks) callback();
    if (this.rowsSinceCompaction >= this.options.compactAfter) this.compact();
  }

  /**
   * Folds the stored log into one snapshot encoded from the live Y.Doc, which holds exactly the
   * committed state here (nothing pending). Never Y.mergeUpdates over long logs: it explodes.
   */
  compact() {
    if (this.pending.length > 0 || this.rowsSinceCompaction <= 1) return;
    try {
      this.log.compact(this.room, Y.encodeStateAsUpdate(this.doc), this.log.lastId(this.room));
      this.rowsSinceCompaction = 1;
    } catch (error) {
      if (!(error instanceof BusyError)) throw error;
    }
  }

  private clearFlushTimer() {
    if (!this.flushTimer) return;
    clearTimeout(this.flushTimer as NodeJS.Timeout);
    clearImmediate(this.flushTimer as NodeJS.Immediate);
    this.flushTimer = null;
  }

  /** Flushes synchronously, retrying while the database is briefly locked. */
  async flushFully() {
    while (this.pending.length > 0) {
      this.flush();
      if (this.pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  destroy() {
    this.clearFlushTimer();
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.removeAllListeners();
    this.doc.destroy();
  }
}

function authorOf(origin: unknown): UpdateAuthor | null {
  return typeof origin === "object" && origin !== null && "author" in origin ? (origin as AuthoredOrigin).author : null;
}

/** The registry of loaded rooms. One per server process: the Remix build never creates its own. */
export class LiveDocuments {
  private readonly rooms = new Map<string, LiveDocument>();

  constructor(
    private readonly log: UpdateLog,
    private readonly options: LiveDocumentsOptions,
  ) {}

  /** Loads the room completely (if it is not loaded) and holds it until `release`. */
  acquire(room: string): LiveDocument {
    let live = this.rooms.get(room);
    if (!live) {
      live = new LiveDocument(room, this.log, this.options);
      this.rooms.set(room, live);
    }
    if (live.unloadTimer) {
      clearTimeout(live.unloadTimer);
      live.unloadTimer = null;
    }
    live.references += 1;
    return live;
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
    live.compact();
    this.rooms.delete(live.room);
    live.destroy();
  }

  /** Reads a room's current state: the live copy when loaded, otherwise straight from storage. */
  read<T>(room: string, read: (doc: Y.Doc) => T): T {
    const loaded = this.rooms.get(room);
    if (loaded) return read(loaded.doc);
    const doc = new Y.Doc();
    try {
      for (const row of this.log.load(room)) Y.applyUpdate(doc, row.data);
      return read(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Applies a server-side change to the live copy; resolves once it is committed and sent.
   * `author`: the user on whose behalf the server edits (a chair's decision), recorded in the
   * update log instead of "server".
   */
  async change<T = void>(room: string, apply: (doc: Y.Doc) => T, author: UpdateAuthor | null = null): Promise<T> {
    const live = this.acquire(room);
    try {
      let result!: T;
      Y.transact(live.doc, () => (result = apply(live.doc)), author ? { author } : SERVER_ORIGIN);
      await live.committed();
      return result;
    } finally {
      this.release(live);
    }
  }

  /** True when the room has any stored state. */
  exists(room: string): boolean {
    return this.rooms.has(room) || this.log.rowCount(room) > 0;
  }

  loadedRooms(): string[] {
    return [...this.rooms.keys()];
  }

  async close() {
    for (const live of this.rooms.values()) {
      await live.flushFully();
      live.compact();
      live.destroy();
    }
    this.rooms.clear();
  }
}
