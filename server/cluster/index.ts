import { Redis, type RedisOptions } from "ioredis";
import type { DomainEvents } from "../domain/kernel/context";
import type { LiveDocuments } from "../yjs/liveDocuments";
import { bridgeDomainEvents } from "./events";
import { redisCompactionLease } from "./lease";
import { redisLimiterStore } from "./rateLimits";
import { redisRoomRelay } from "./roomRelay";

/** Where Redis is: one address, or the sentinels that know the current master. */
export type RedisLocation =
  { url: string } | { sentinels: { host: string; port: number }[]; name: string; password?: string; sentinelPassword?: string };

export interface ClusterOptions {
  redis: RedisLocation;
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
 * Several Plenary nodes on one shared database and one Redis (docs/decisions/055-058).
 * Only started when REDIS_URL or REDIS_SENTINELS is set: a single node needs none of it.
 *
 * Two connections: the publisher (also the store of leases and rate-limit counters) and the
 * subscriber (pub/sub mode admits no other commands). ioredis reconnects and re-subscribes on
 * its own; after a reconnect, every loaded room re-reads the log, since pub/sub kept nothing.
 */
export async function startCluster(options: ClusterOptions) {
  const connect = (name: string) => {
    const common: RedisOptions = {
      // Named with the prefix, so an operator (or a test) can tell one deployment's connections apart.
      connectionName: `${options.prefix}-${name}`,
      // Fail a command after a few tries instead of queueing it for ever; callers log and repair.
      maxRetriesPerRequest: 3,
      retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
    };
    const { redis } = options;
    // With Sentinel, ioredis asks the sentinels for the master, and again after every lost
    // connection, so a failover looks to the cluster like a Redis reconnect (log repair follows).
    return "url" in redis
      ? new Redis(redis.url, common)
      : new Redis({
          ...common,
          sentinels: redis.sentinels,
          name: redis.name,
          password: redis.password,
          sentinelPassword: redis.sentinelPassword,
          sentinelRetryStrategy: (attempt) => Math.min(50 * attempt, 1000),
        });
  };
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
    /** For /healthz: whether both Redis connections are up (ioredis reconnects by itself). */
    redisStatus: (): "ready" | "down" => (publisher.status === "ready" && subscriber.status === "ready" ? "ready" : "down"),
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
    /**
     * Runs after every Redis reconnect (the first connection came before this is called): the
     * other nodes' events of the outage are lost, so whoever acted on them must look again.
     */
    onReconnect(listener: () => void) {
      subscriber.on("ready", listener);
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
