/** What a loaded room hears from other nodes (server/cluster/roomRelay.ts). */
export interface RoomRelayHandlers {
  /** A batch another node committed to the shared log. */
  update(update: Uint8Array): void;
  /** Presence of another node's sockets, already checked there; `fromNode` is that node's id. */
  awareness(update: Uint8Array, fromNode: string): void;
  /** Another node opened the room and asks for the presence of this node's sockets. */
  awarenessQuery(): void;
  /** A node fell silent (no heartbeat): the presence it relayed is gone with it. */
  nodeGone(nodeId: string): void;
}

/** One node's membership of a room on the relay. */
export interface RoomChannel {
  /** Sends a committed batch to the other nodes holding the room. Call only after the commit. */
  publishUpdate(update: Uint8Array): void;
  publishAwareness(update: Uint8Array): void;
  queryAwareness(): void;
  leave(): void;
}

/** Connects the nodes holding a room; `join` resolves once messages published from then on will arrive. */
export interface RoomRelay {
  join(room: string, handlers: RoomRelayHandlers): Promise<RoomChannel>;
}

/** Takes the room's compaction lease: a release function, or null when another node holds it (or the store is unreachable). */
export type CompactionLease = (room: string) => Promise<(() => Promise<void>) | null>;
