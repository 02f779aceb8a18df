import { Router, type NextFunction, type Request, type Response } from "express";
import type { DomainEventMap, DomainEvents } from "../domain/kernel/context";
import { isDomainError } from "../domain/kernel/errors";
import { parseRoomName } from "../../common/collab";
import { sessionIdFor } from "../domain/people/sessions";
import { amendmentResource, can, threadResource, type Actor } from "../policies";
import type { Services } from "../services";
import type { SessionCookie } from "./sessionCookie";

const HEARTBEAT_MS = 25_000;
/** A "text" notice goes out this long after the base text stops changing... */
const TEXT_QUIET_MS = 300;
/** ...and at least this often while people keep typing. */
const TEXT_MAX_WAIT_MS = 1_500;

/** One open stream: what it listens to and how to write to it. */
interface Stream {
  documentId: string;
  /** What the policy resources need of the document (visibility does not depend on its stage). */
  document: { id: string; processId: string; stage: string };
  sessionId: string;
  actor: Actor | null;
  send: (event: string, data: object) => void;
  refreshAccess: () => Promise<void>;
}

/**
 * Server-sent events for one document: a short notice ("amendment 123 changed", "thread 456
 * changed") to every reader allowed to know, so pages refresh their data within a second. A notice carries ids
 * only; the content comes from loaders, which check permissions again.
 *
 * The router listens to the domain events once and fans out to its streams, so the number of
 * listeners does not grow with readers; each session may hold a bounded number of streams
 * (one per open document tab), so one user cannot pile up connections.
 */
export function liveEventsRouter({
  services,
  events,
  sessionCookie,
  maxStreamsPerSession,
  onTextCommitted,
}: {
  services: Services;
  events: DomainEvents;
  sessionCookie: SessionCookie;
  maxStreamsPerSession: number;
  /** Subscribes to committed updates of any room (LiveDocuments.onCommitted); returns the unsubscribe. */
  onTextCommitted?: (listener: (room: string) => void) => () => void;
}) {
  const streams = new Set<Stream>();
  const openPerSession = new Map<string, number>();

  // The base text changed: every reader's page re-reads what depends on it (the paragraph list
  // and numbers, outdated amendments, orphaned threads). Whoever may open the document may read
  // its text, so the notice goes to every stream of it; it carries no text. Debounced per
  // document, so continuous typing costs each reader one refresh every TEXT_MAX_WAIT_MS at most.
  const pendingText = new Map<string, { timer: NodeJS.Timeout; firstAt: number }>();
  const sendText = (documentId: string) => {
    pendingText.delete(documentId);
    for (const stream of streams) if (stream.documentId === documentId && stream.actor) stream.send("text", { documentId });
  };
  const stopTextWatch = onTextCommitted?.((room) => {
    const parsed = parseRoomName(room);
    if (parsed?.kind !== "document") return;
    const documentId = parsed.documentId;
    if (![...streams].some((stream) => stream.documentId === documentId)) return;
    const pending = pendingText.get(documentId);
    const now = Date.now();
    if (pending) clearTimeout(pending.timer);
    const firstAt = pending?.firstAt ?? now;
    const wait = Math.max(0, Math.min(TEXT_QUIET_MS, firstAt + TEXT_MAX_WAIT_MS - now));
    const timer = setTimeout(() => sendText(documentId), wait);
    timer.unref();
    pendingText.set(documentId, { timer, firstAt });
  });

  // Notices follow the policy rows: a draft's notice reaches its own delegation only.
  events.on("amendment.changed", ({ documentId, amendmentId, participantId, status, tabledAt }: DomainEventMap["amendment.changed"][0]) => {
    for (const stream of streams) {
      if (stream.documentId !== documentId || !stream.actor) continue;
      if (!can(stream.actor, "amendment.read", amendmentResource({ id: amendmentId, participantId, status, tabledAt }, stream.document)))
        continue;
      stream.send("amendment", { amendmentId });
    }
  });
  // Only to those who may see the thread: a private thread never leaks through the live channel.
  events.on("thread.changed", ({ documentId, threadId, visibility, participantId, authorId }: DomainEventMap["thread.changed"][0]) => {
    for (const stream of streams) {
      if (stream.documentId !== documentId || !stream.actor) continue;
      if (!can(stream.actor, "thread.read", threadResource({ id: threadId, visibility, participantId, authorId }, stream.document)))
        continue;
      stream.send("comment", { threadId });
    }
  });
  // Stage moves, deadlines and silence concern every reader of the document.
  events.on("document.changed", (documentId: string) => {
    for (const stream of streams) if (stream.documentId === documentId && stream.actor) stream.send("document", { documentId });
  });
  // A signed-out or disabled user stops receiving at once.
  events.on("user.accessChanged", (userId: string) => {
    for (const stream of streams) if (stream.actor?.userId === userId) void stream.refreshAccess();
  });

  const router = Router() as Router & { stopLiveText: () => void };
  router.stopLiveText = () => {
    stopTextWatch?.();
    for (const { timer } of pendingText.values()) clearTimeout(timer);
    pendingText.clear();
  };
  router.get("/live/documents/:documentId", async (req: Request, res: Response, next: NextFunction) => {
    try {
      const token = await sessionCookie.read(req.headers.cookie);
      const actor: Actor | null = await services.getActorForSession(token);
      let document: Stream["document"];
      try {
        ({ document } = await services.getDocument(actor, req.params.documentId ?? ""));
      } catch (error) {
        if (!isDomainError(error)) throw error;
        res.status(error.status).type("text/plain").send(error.message);
        return;
      }
      // getDocument refuses anonymous readers, so a signed-in session is here.
      const sessionId = sessionIdFor(token!);
      const open = openPerSession.get(sessionId) ?? 0;
      if (open >= maxStreamsPerSession) {
        res
          .status(429)
          .set("Retry-After", "30")
          .type("text/plain")
          .send(`Too many live connections for this session (at most ${maxStreamsPerSession}). Close some tabs and reload.`);
        return;
      }
      openPerSession.set(sessionId, open + 1);

      res.writeHead(200, {
        "Content-Type": "text/event-stream",
        "Cache-Control": "no-store",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      });
      res.write("retry: 2000\n: connected\n\n");
      const stream: Stream = {
        documentId: req.params.documentId!,
        document,
        sessionId,
        actor,
        send: (event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        refreshAccess: async () => {
          stream.actor = await services.getActorForSession(token);
          if (!stream.actor) res.end();
        },
      };
      streams.add(stream);
      const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
      req.on("close", () => {
        clearInterval(heartbeat);
        streams.delete(stream);
        const remaining = (openPerSession.get(sessionId) ?? 1) - 1;
        if (remaining > 0) openPerSession.set(sessionId, remaining);
        else openPerSession.delete(sessionId);
      });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
