import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { RoomChannel, RoomRelay, RoomRelayHandlers } from "./types";

const KIND_UPDATE = 1;
const KIND_AWARENESS = 2;
const KIND_AWARENESS_QUERY = 3;
const KIND_HEARTBEAT = 4;
const NODE_ID_BYTES = 8;
/** A frame never carries more than this (the collaboration endpoint's frames are smaller). */
const MAX_RELAY_FRAME_BYTES = 32 * 1024 * 1024;

export interface RelayLiveness {
  /** How often this node says it is alive, on `<prefix>:nodes`. */
  heartbeatMs: number;
  /** A node not heard from for this long is gone: the presence it relayed is removed everywhere. */
  nodeTimeoutMs: number;
}

/** Nodes remembered as gone, so one that comes back is asked for its presence again. */
const MAX_GONE_NODES = 1_000;

/**
 * The room relay on Redis pub/sub (docs/decisions/055): one channel per room, `<prefix>:room:<room>`,
 * binary frames [kind][node id][payload]. Each node subscribes to the rooms it holds, over one
 * subscriber connection; a node ignores its own frames. Redis delivers a channel's messages in
 * publish order, so one node's batches arrive in the order it committed them. Pub/sub is
 * at-most-once: what a disconnected subscriber misses is read back from the shared log (repair).
 */
export function redisRoomRelay(
  publisher: Redis,
  subscriber: Redis,
  prefix: string,
  liveness: RelayLiveness,
): RoomRelay & { nodeId: Buffer; close(): void } {
  const nodeId = randomBytes(NODE_ID_BYTES);
  const members = new Map<string, Set<RoomRelayHandlers>>();
  const subscribing = new Map<string, Promise<unknown>>();
  const channelOf = (room: string) => `${prefix}:room:${room}`;
  const roomOf = (channel: string) => channel.slice(prefix.length + ":room:".length);
  const nodesChannel = `${prefix}:nodes`;

  // Liveness (docs/decisions/090): each node publishes a heartbeat; a node silent for
  // nodeTimeoutMs is gone, and every room drops the presence it relayed at once, rather than
  // after y-protocols' 30 s. Any frame counts as a sign of life.
  const lastHeard = new Map<string, number>();
  const gone = new Set<string>();
  const heard = (from: string) => {
    if (!lastHeard.has(from) && gone.delete(from)) {
      // Back after being given up (a stall, or our own Redis connection dropped): its presence was
      // removed here, so ask every room it may share with us to send it again.
      for (const room of members.keys()) publish(room, KIND_AWARENESS_QUERY);
    }
    lastHeard.set(from, Date.now());
  };
  const sweep = () => {
    const limit = Date.now() - liveness.nodeTimeoutMs;
    for (const [node, at] of lastHeard) {
      if (at > limit) continue;
      lastHeard.delete(node);
      gone.add(node);
      if (gone.size > MAX_GONE_NODES) gone.delete(gone.values().next().value!);
      console.warn(`relay: node ${node} silent for ${liveness.nodeTimeoutMs} ms, its presence removed`);
      for (const handlers of members.values()) {
        for (const handler of handlers) {
          try {
            handler.nodeGone(node);
          } catch (error) {
            console.error("relay: removing a silent node's presence failed", error);
          }
        }
      }
    }
  };
  const heartbeat = setInterval(() => {
    publisher.publish(nodesChannel, frame(KIND_HEARTBEAT)).catch(() => {});
    sweep();
  }, liveness.heartbeatMs);
  heartbeat.unref();
  subscriber.subscribe(nodesChannel).catch((error: unknown) => console.error("relay: subscribing to heartbeats failed", error));

  const onMessage = (channelBuffer: Buffer, message: Buffer) => {
    const channel = channelBuffer.toString();
    const isRoom = channel.startsWith(`${prefix}:room:`);
    if (!isRoom && channel !== nodesChannel) return;
    if (message.byteLength < 1 + NODE_ID_BYTES || message.byteLength > MAX_RELAY_FRAME_BYTES) return;
    const sender = message.subarray(1, 1 + NODE_ID_BYTES);
    if (sender.equals(nodeId)) return;
    const from = sender.toString("hex");
    heard(from);
    if (!isRoom) return;
    const handlers = members.get(roomOf(channel));
    if (!handlers) return;
    const kind = message[0];
    const payload = new Uint8Array(message.buffer, message.byteOffset + 1 + NODE_ID_BYTES, message.byteLength - 1 - NODE_ID_BYTES);
    for (const handler of handlers) {
      try {
        if (kind === KIND_UPDATE) handler.update(payload);
        else if (kind === KIND_AWARENESS) handler.awareness(payload, from);
        else if (kind === KIND_AWARENESS_QUERY) handler.awarenessQuery();
      } catch (error) {
        // A frame this node cannot apply is logged; the repair read from the log catches up.
        console.error(`relay frame for ${roomOf(channel)} failed`, error);
      }
    }
  };
  subscriber.on("messageBuffer", onMessage);

  const frame = (kind: number, payload: Uint8Array = new Uint8Array()) => {
    const buffer = Buffer.allocUnsafe(1 + NODE_ID_BYTES + payload.byteLength);
    buffer[0] = kind;
    nodeId.copy(buffer, 1);
    buffer.set(payload, 1 + NODE_ID_BYTES);
    return buffer;
  };
  const publish = (room: string, kind: number, payload?: Uint8Array) => {
    publisher.publish(channelOf(room), frame(kind, payload)).catch((error: unknown) => {
      // Not lost: the other nodes' repair reads committed updates from the log.
      console.error(`relay publish for ${room} failed`, error);
    });
  };

  return {
    nodeId,
    async join(room, handlers) {
      let set = members.get(room);
      if (!set) members.set(room, (set = new Set()));
      set.add(handlers);
      let pending = subscribing.get(room);
      if (!pending) {
        // Resolves when Redis acknowledges the subscription: from then on, every publish reaches us.
        pending = subscriber.subscribe(channelOf(room)).finally(() => subscribing.delete(room));
        subscribing.set(room, pending);
      }
      try {
        await pending;
      } catch (error) {
        set.delete(handlers);
        throw error;
      }
      let left = false;
      const channel: RoomChannel = {
        publishUpdate: (update) => publish(room, KIND_UPDATE, update),
        publishAwareness: (update) => publish(room, KIND_AWARENESS, update),
        queryAwareness: () => publish(room, KIND_AWARENESS_QUERY),
        leave() {
          if (left) return;
          left = true;
          const current = members.get(room);
          current?.delete(handlers);
          if (current && current.size === 0) {
            members.delete(room);
            subscriber.unsubscribe(channelOf(room)).catch(() => {});
          }
        },
      };
      return channel;
    },
    close() {
      clearInterval(heartbeat);
      subscriber.off("messageBuffer", onMessage);
      members.clear();
    },
  };
}
