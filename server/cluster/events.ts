import type { Redis } from "ioredis";
import { z } from "zod";
import type { DomainEventMap, DomainEvents } from "../domain/kernel/context";

/** The domain events every node must hear: each one makes listeners re-check access or notify readers. */
const RELAYED = ["user.accessChanged", "document.changed", "amendment.changed", "thread.changed", "version.issued"] as const;
type Relayed = (typeof RELAYED)[number];

/** A "text" notice per room goes out at most this often (the pages debounce further). */
const TEXT_NOTICE_EVERY_MS = 200;
const MAX_EVENT_BYTES = 64 * 1024;

const frameSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("event"), node: z.string(), name: z.enum(RELAYED), args: z.array(z.unknown()).max(4) }),
  z.object({ type: z.literal("text"), node: z.string(), room: z.string().max(200) }),
]);

/**
 * Domain events across nodes (docs/decisions/057), on one channel `<prefix>:events`. Every local
 * emit of a relayed event is published; a frame from another node is emitted locally, marked so it
 * is not published back. Listeners then do on every node what they do on one: the collaboration
 * endpoint re-checks sockets (a user disabled on node A loses their socket on node B), the live
 * notice streams tell their readers. Committed text is announced too ("text"), so the live pages
 * of a node that does not hold the room still refresh.
 */
export function bridgeDomainEvents(publisher: Redis, subscriber: Redis, prefix: string, nodeId: string, events: DomainEvents) {
  const channel = `${prefix}:events`;
  let relaying = false;
  const textListeners = new Set<(room: string) => void>();
  const publish = (frame: z.infer<typeof frameSchema>) =>
    publisher.publish(channel, JSON.stringify(frame)).catch((error: unknown) => console.error("event relay publish failed", error));

  const localListeners = RELAYED.map((name) => {
    const listener = (...args: unknown[]) => {
      if (!relaying) void publish({ type: "event", node: nodeId, name, args });
    };
    events.on(name, listener as never);
    return [name, listener] as const;
  });

  // Buffers, as the room relay reads them: ioredis then decodes no binary frame as text.
  const onMessage = (from: Buffer, message: Buffer) => {
    if (message.byteLength > MAX_EVENT_BYTES || from.toString() !== channel) return;
    let parsed: z.infer<typeof frameSchema>;
    try {
      parsed = frameSchema.parse(JSON.parse(message.toString()));
    } catch {
      return;
    }
    if (parsed.node === nodeId) return;
    if (parsed.type === "text") {
      for (const listener of textListeners) listener(parsed.room);
      return;
    }
    relaying = true;
    try {
      (events.emit as (name: Relayed, ...args: unknown[]) => boolean)(parsed.name, ...revive(parsed.name, parsed.args));
    } catch (error) {
      console.error(`relayed ${parsed.name} failed`, error);
    } finally {
      relaying = false;
    }
  };
  subscriber.on("messageBuffer", onMessage);

  const throttled = new Map<string, { timer: NodeJS.Timeout; again: boolean }>();
  const announceText = (room: string) => {
    const entry = throttled.get(room);
    if (entry) {
      entry.again = true;
      return;
    }
    void publish({ type: "text", node: nodeId, room });
    const arm = (): NodeJS.Timeout =>
      setTimeout(() => {
        const current = throttled.get(room);
        if (current?.again) {
          current.again = false;
          void publish({ type: "text", node: nodeId, room });
          current.timer = arm();
        } else throttled.delete(room);
      }, TEXT_NOTICE_EVERY_MS).unref();
    throttled.set(room, { timer: arm(), again: false });
  };

  return {
    ready: subscriber.subscribe(channel),
    /** Tells the other nodes that the room's text changed here (call after each local commit). */
    announceText,
    /** Listens to text committed on other nodes; returns the unsubscriber. */
    onRemoteText(listener: (room: string) => void) {
      textListeners.add(listener);
      return () => textListeners.delete(listener);
    },
    close() {
      for (const [name, listener] of localListeners) events.off(name, listener as never);
      subscriber.off("messageBuffer", onMessage);
      for (const { timer } of throttled.values()) clearTimeout(timer);
      throttled.clear();
    },
  };
}

/** JSON turned dates into strings; listeners build policy resources from them. */
function revive(name: Relayed, args: unknown[]): unknown[] {
  if (name !== "amendment.changed") return args;
  const [event] = args as [DomainEventMap["amendment.changed"][0] & { tabledAt: string | null }];
  return [{ ...event, tabledAt: event.tabledAt ? new Date(event.tabledAt) : null }];
}
