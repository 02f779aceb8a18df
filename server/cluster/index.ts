import { Redis } from "ioredis";
import type { DomainEvents } from "../domain/kernel/context";
import type { LiveDocuments } from "../yjs/liveDocuments";
import { bridgeDomainEvents } from "./events";
import { redisCompactionLease } from "./lease";
import { redisLimiterStore } from "./rateLimits";
import { redisRoomRelay } from "./roomRelay";

export interface ClusterOptions {
  redisUrl: string;
  /** Namespaces every key and channel, so several deployments (or test runs) can share one Redis. */
  prefix: string;
  /** How often each loaded room re-reads the shared log after its repair cursor. */
  repairMs: number;
  /** Heartbeats between nodes: a node silent for nodeTimeoutMs is gone, and its presence with it. */
  heartbeatMs: number;
  nodeTimeoutMs: number;
}

export type Cluster = Awaited<ReturnType<typeof startCluster>>;

/**
 * Several Plenary nodes on one shared database and one Redis (issue 14, docs/decisions/055-058).
 * Only started when REDIS_URL is set: a single node needs none of it.
 *
 * Two connections: the publisher (also the store of leases and rate-limit counters) and the
 * subscriber (pub/sub mode admits no other commands). ioredis reconnects and re-subscribes on
 * its own; after a reconnect, every loaded room re-reads the log, since pub/sub kept nothing.
 */
export async function startCluster(options: ClusterOptions) {
  const connect = (name: string) =>
    new Redis(options.redisUrl, {
      // Named with the prefix, so an operator (or a test) can tell one deployment's connections apart.
      connectionName: `${options.prefix}-${name}`,
      // Fail a command after a few tries instead of queueing it for ever; callers log and repair.
      maxRetriesPerRequest: 3,
      retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
    });
  const publisher = connect("pub");
  const subscriber = connect("sub");
  for (const [name, client] of [
    ["publisher", publisher],
    ["subscriber", subscriber],
  ] as const) {
    let reported = false;
    client.on("error", (error) => {
      // ioredis retries by itself; say so once per outage rather than per attempt.
      if (!reported) console.error(`redis ${name}: ${error.message}`);
      reported = true;
    });
    client.on("ready", () => (reported = false));
  }
  await Promise.all([publisher.ping(), subscriber.ping()]);

  const relay = redisRoomRelay(publisher, subscriber, options.prefix, {
    heartbeatMs: options.heartbeatMs,
    nodeTimeoutMs: options.nodeTimeoutMs,
  });
  const nodeId = relay.nodeId.toString("hex");
  let bridge: ReturnType<typeof bridgeDomainEvents> | null = null;
  let repairTimer: NodeJS.Timeout | null = null;
  let stopTextAnnouncer: (() => void) | null = null;

  return {
    nodeId,
    relay,
    compactionLease: redisCompactionLease(publisher, options.prefix),
    limiterStore: redisLimiterStore(publisher, options.prefix),
    /** Connects this node's domain events and live documents to the others'. */
    async attach(events: DomainEvents, liveDocuments: LiveDocuments) {
      bridge = bridgeDomainEvents(publisher, subscriber, options.prefix, nodeId, events);
      await bridge.ready;
      const announce = bridge.announceText;
      stopTextAnnouncer = liveDocuments.onCommitted((room) => announce(room));
      // The first "ready" came before this: any further one is a reconnect.
      subscriber.on("ready", () => void liveDocuments.repairAll());
      repairTimer = setInterval(() => void liveDocuments.repairAll(), options.repairMs);
      repairTimer.unref();
    },
    /** Text committed on any node (this one included): what the live pages refresh on. */
    onTextCommitted(liveDocuments: LiveDocuments, listener: (room: string) => void): () => void {
      const stopLocal = liveDocuments.onCommitted(listener);
      const stopRemote = bridge?.onRemoteText(listener) ?? (() => {});
      return () => {
        stopLocal();
        stopRemote();
      };
    },
    async close() {
      if (repairTimer) clearInterval(repairTimer);
      stopTextAnnouncer?.();
      bridge?.close();
      relay.close();
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
}
