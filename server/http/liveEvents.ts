import { Router, type Request, type Response } from "express";
import type { DomainEventMap, DomainEvents } from "../domain/kernel/context";
import { isDomainError } from "../domain/kernel/errors";
import { can, type Actor } from "../policies";
import type { ThreadVisibility } from "../../common/vocabulary";
import type { Services } from "../services";
import type { SessionCookie } from "./sessionCookie";

const HEARTBEAT_MS = 25_000;

/**
 * Server-sent events for one document: a short notice ("amendment 123 changed", "thread 456
 * changed") to every reader allowed to know, so pages refresh their data within a second. A notice carries ids
 * only; the content comes from loaders, which check permissions again.
 */
export function liveEventsRouter({ services, events, sessionCookie }: { services: Services; events: DomainEvents; sessionCookie: SessionCookie }) {
  const router = Router();
  router.get("/live/documents/:documentId", async (req: Request, res: Response) => {
    const token = await sessionCookie.read(req.headers.cookie);
    let actor: Actor | null = await services.getActorForSession(token);
    try {
      await services.getDocument(actor, req.params.documentId ?? "");
    } catch (error) {
      if (!isDomainError(error)) throw error;
      res.status(error.status).type("text/plain").send(error.message);
      return;
    }
    const documentId = req.params.documentId!;
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store", Connection: "keep-alive", "X-Accel-Buffering": "no" });
    res.write("retry: 2000\n: connected\n\n");

    const send = (event: string, data: object) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const onAmendment = ({ documentId: changed, amendmentId, visibleTo }: DomainEventMap["amendment.changed"][0]) => {
      if (changed !== documentId || !actor) return;
      if (visibleTo !== null && visibleTo !== actor.participantId) return;
      send("amendment", { amendmentId });
    };
    // Only to those who may see the thread: a private thread never leaks through the live channel.
    const onThread = ({ documentId: changed, threadId, visibility, participantId, authorId }: DomainEventMap["thread.changed"][0]) => {
      if (changed !== documentId || !actor) return;
      if (!can(actor, "thread.read", { visibility: visibility as ThreadVisibility, participantId, authorId })) return;
      send("comment", { threadId });
    };
    // A signed-out or disabled user stops receiving at once.
    const onAccessChanged = async (userId: string) => {
      if (userId !== actor?.userId) return;
      actor = await services.getActorForSession(token);
      if (!actor) res.end();
    };
    const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
    events.on("amendment.changed", onAmendment);
    events.on("thread.changed", onThread);
    events.on("user.accessChanged", onAccessChanged);
    req.on("close", () => {
      clearInterval(heartbeat);
      events.off("amendment.changed", onAmendment);
      events.off("thread.changed", onThread);
      events.off("user.accessChanged", onAccessChanged);
    });
  });
  return router;
}
