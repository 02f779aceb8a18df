import * as Y from "yjs";
import { YJS_FIELD } from "../../../app/editor/ydocFields";
import { parseRoomName } from "../../../common/collab";
import type { UpdateAuthor } from "../../db/updateLog";
import type { AuthoredOrigin, LiveDocument } from "../../yjs/liveDocuments";
import type { DomainContext } from "../kernel/context";
import { readBaseBlocks } from "./readBaseBlocks";

// Base-text edits in the audit log (docs/decisions/066). The update log records every update with its
// author, but compaction folds old rows into an authorless snapshot, so a summary read from it
// loses its past. Instead, as updates commit, each user's edits of a document are gathered into
// an editing session (which blocks, how many updates, from when to when) and a session is
// written to the audit log once it pauses, grows long, or the room closes: one row per user per
// document per session, however many keystrokes (docs/decisions/066).

export interface EditSessionOptions {
  /** A pause this long ends a session (the next edit starts another). */
  idleMs: number;
  /** A longer session is written in parts of this length, so a crash loses at most one part. */
  maxSpanMs: number;
  /** How often sessions are checked for a pause. */
  sweepMs: number;
}

export const DEFAULT_EDIT_SESSIONS: EditSessionOptions = { idleMs: 60_000, maxSpanMs: 5 * 60_000, sweepMs: 15_000 };

/** Block ids kept per session: enough for any real session, bounded for a pathological one. */
const MAX_BLOCKS = 200;
/** Nesting walked up from a changed type to its block (the document grammar is far shallower). */
const MAX_DEPTH = 32;

interface Touch {
  author: UpdateAuthor;
  updates: number;
  blockIds: Set<string>;
  structure: boolean;
  at: number;
}

interface Session {
  documentId: string;
  author: UpdateAuthor;
  blockIds: Set<string>;
  structure: boolean;
  updates: number;
  from: number;
  to: number;
}

function authoredOrigin(origin: unknown): AuthoredOrigin | null {
  return typeof origin === "object" && origin !== null && "author" in origin ? (origin as AuthoredOrigin) : null;
}

/** The top-level block a changed type belongs to: its id, or null when the change is to the block list itself. */
function blockIdOf(type: Y.AbstractType<unknown>, fragment: Y.XmlFragment): string | null | undefined {
  let current: Y.AbstractType<unknown> = type;
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    if (current === (fragment as unknown)) return null;
    const parent = current._item?.parent;
    if (!(parent instanceof Y.AbstractType)) return undefined;
    if (parent === (fragment as unknown)) {
      const id = current instanceof Y.XmlElement ? current.getAttribute("id") : undefined;
      return typeof id === "string" ? id : undefined;
    }
    current = parent;
  }
  return undefined;
}

/**
 * Starts recording editing sessions of every document room; returns `stop`, which writes what
 * is still open (call it after the live documents are closed, before the database is).
 */
export function recordEditSessions(ctx: DomainContext, options: EditSessionOptions = DEFAULT_EDIT_SESSIONS) {
  /** Applied to the live copy, not yet committed: per room. */
  const applied = new Map<string, Touch[]>();
  /** Committed, not yet written: per room and user. */
  const sessions = new Map<string, Map<string, Session>>();
  const writing = new Set<Promise<void>>();

  const observe = (live: LiveDocument) => {
    const room = parseRoomName(live.room);
    if (room?.kind !== "document") return;
    const fragment = live.doc.getXmlFragment(YJS_FIELD);
    live.doc.on("afterTransaction", (transaction: Y.Transaction) => {
      const origin = authoredOrigin(transaction.origin);
      const author = origin?.author;
      if (!author || transaction.changed.size === 0) return;
      const updates = Math.max(1, origin.updatesInTransaction ?? 1);
      const touch: Touch = { author, updates, blockIds: new Set(), structure: false, at: Date.now() };
      for (const type of transaction.changed.keys()) {
        const id = blockIdOf(type as Y.AbstractType<unknown>, fragment);
        if (id === null) touch.structure = true;
        else if (id && touch.blockIds.size < MAX_BLOCKS) touch.blockIds.add(id);
      }
      const list = applied.get(live.room) ?? [];
      list.push(touch);
      applied.set(live.room, list);
    });
  };

  const committed = (roomName: string) => {
    const touches = applied.get(roomName);
    const room = parseRoomName(roomName);
    if (!touches || room?.kind !== "document") return;
    applied.delete(roomName);
    let open = sessions.get(roomName);
    if (!open) sessions.set(roomName, (open = new Map()));
    for (const touch of touches) {
      let session = open.get(touch.author.userId);
      if (session && (touch.at - session.to > options.idleMs || touch.at - session.from > options.maxSpanMs)) {
        write([session]);
        session = undefined;
      }
      if (!session) {
        session = {
          documentId: room.documentId,
          author: touch.author,
          blockIds: new Set(),
          structure: false,
          updates: 0,
          from: touch.at,
          to: touch.at,
        };
        open.set(touch.author.userId, session);
      }
      session.updates += touch.updates;
      session.to = touch.at;
      session.structure ||= touch.structure;
      for (const id of touch.blockIds) if (session.blockIds.size < MAX_BLOCKS) session.blockIds.add(id);
    }
  };

  /** Takes the room's sessions that have paused (or all of them) out of the map and writes them. */
  const release = (roomName: string, all: boolean) => {
    const open = sessions.get(roomName);
    if (!open) return;
    const now = Date.now();
    const done = [...open.values()].filter((session) => all || now - session.to > options.idleMs);
    for (const session of done) open.delete(session.author.userId);
    if (open.size === 0) sessions.delete(roomName);
    if (done.length > 0) write(done);
  };

  const write = (done: Session[]) => {
    const job = persist(ctx, done).catch((error: unknown) => console.error("Recording base-text editing sessions failed", error));
    writing.add(job);
    void job.finally(() => writing.delete(job));
  };

  const unsubscribe = [
    ctx.liveDocuments.onLoaded(observe),
    ctx.liveDocuments.onCommitted(committed),
    ctx.liveDocuments.onUnloaded((room) => release(room, true)),
  ];
  const sweep = setInterval(() => {
    for (const room of [...sessions.keys()]) release(room, false);
  }, options.sweepMs);
  sweep.unref();

  return {
    /** Writes every open session now (tests, shutdown). */
    async flush() {
      for (const room of [...sessions.keys()]) release(room, true);
      await Promise.allSettled([...writing]);
    },
    async stop() {
      clearInterval(sweep);
      for (const off of unsubscribe) off();
      await this.flush();
    },
  };
}

/** Writes sessions as audit entries, with the blocks' current numbers (OP3, PP2, 1.4) beside their ids. */
async function persist(ctx: DomainContext, done: readonly Session[]) {
  const documentIds = [...new Set(done.map((session) => session.documentId))];
  const userIds = [...new Set(done.map((session) => session.author.userId))];
  const [documents, users] = await Promise.all([
    ctx.db.document.findMany({ where: { id: { in: documentIds } }, select: { id: true, processId: true } }),
    ctx.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, participant: { select: { name: true } } } }),
  ]);
  const processes = new Map(documents.map((document) => [document.id, document.processId]));
  const people = new Map(users.map((user) => [user.id, user]));
  const numbers = new Map<string, Map<string, string>>();
  for (const documentId of documentIds) {
    const blocks = await readBaseBlocks(ctx, documentId, { background: true }).catch(() => []);
    numbers.set(documentId, new Map(blocks.map((block) => [block.id, block.number ?? block.kind])));
  }
  const rows = done.flatMap((session) => {
    const processId = processes.get(session.documentId);
    if (!processId) return [];
    const person = people.get(session.author.userId);
    const labels = numbers.get(session.documentId)!;
    const blockIds = [...session.blockIds];
    return [
      {
        processId,
        actorUserId: session.author.userId,
        actorName: person?.name ?? "Unknown user",
        participantId: session.author.participantId,
        participantName: person?.participant.name ?? null,
        action: "document.editBase",
        subjectType: "document",
        subjectId: session.documentId,
        details: JSON.stringify({
          blocks: blockIds.map((id) => labels.get(id) ?? "a removed paragraph"),
          blockIds,
          structure: session.structure,
          updates: session.updates,
          from: new Date(session.from).toISOString(),
          to: new Date(session.to).toISOString(),
        }),
        createdAt: new Date(session.to),
      },
    ];
  });
  if (rows.length > 0) await ctx.db.auditEntry.createMany({ data: rows });
}
