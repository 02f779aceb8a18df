import type { WebSocket } from "ws";
import { mergeBatch } from "../yjs/mergeUpdates";
import { updateMessage } from "./protocol";

// Graceful overload (docs/decisions/040). A consumer that cannot keep up no longer gets one frame per
// batch: while its socket holds more than HIGH_WATER_BYTES, document updates wait in its queue
// and go out as one merged update when it drains, presence waits as a set of client ids (sent
// with their latest state), and the server stops reading from it, so a slow socket can neither
// grow the server's memory without bound nor keep writing faster than it reads.

/** Bytes waiting in a socket above which its updates are queued and merged. */
export const HIGH_WATER_BYTES = 256 * 1024;
/**
 * A drained queue is merged into one frame only while its batches hold fewer updates than this on
 * average. Merging walks every struct of the queue for this one socket, while its batches' own
 * frames are already encoded and shared by every socket: when many sockets fall behind at once
 * under overload (batches of hundreds of updates), merging per socket cost more than the room's
 * whole fan-out (docs/decisions/138). Small batches (typing at an ordinary rate) are still merged,
 * so a slow consumer gets fewer frames to apply.
 */
export const MERGE_BELOW_UPDATES_PER_BATCH = 8;
/** Queued update bytes above which the consumer is closed; it reconnects and syncs afresh. */
export const MAX_QUEUED_BYTES = 8 * 1024 * 1024;
const DRAIN_CHECK_MS = 10;

/**
 * Reading from a socket stops while any reason holds it: its sending is behind (below), or its
 * room's commits are behind what it wrote (the collaboration server). One reason ending does not
 * resume a socket another still holds.
 */
export class ReadGate {
  private readonly reasons = new Set<string>();

  constructor(private readonly ws: WebSocket) {}

  holds(reason: string): boolean {
    return this.reasons.has(reason);
  }

  hold(reason: string) {
    if (this.reasons.size === 0) this.ws.pause();
    this.reasons.add(reason);
  }

  release(reason: string) {
    if (!this.reasons.delete(reason) || this.reasons.size > 0) return;
    if (this.ws.readyState === this.ws.OPEN) this.ws.resume();
  }
}

interface QueuedBatch {
  update: Uint8Array;
  /** Its encoded frame, shared by every socket of the batch. */
  message: Uint8Array;
  /** How many updates the batch holds. */
  updates: number;
}

export class Outbound {
  private queued: QueuedBatch[] = [];
  private queuedBytes = 0;
  private presence = new Set<number>();

  constructor(
    private readonly ws: WebSocket,
    /** The presence message of these client ids, with their current states. */
    private readonly presenceMessage: (clientIds: number[]) => Uint8Array | null,
    private readonly tooSlow: () => void,
    private readonly reading = new ReadGate(ws),
  ) {}

  private get open() {
    return this.ws.readyState === this.ws.OPEN;
  }

  private get backedUp() {
    return this.queued.length > 0 || this.presence.size > 0 || this.ws.bufferedAmount > HIGH_WATER_BYTES;
  }

  /** Any message that must go out as it is (sync answers): never delayed, never merged. */
  send(message: Uint8Array) {
    if (this.open) this.ws.send(message);
  }

  /**
   * A committed document update (a batch of `updates` merged); `message` is its encoded frame,
   * shared by every socket of the batch.
   */
  update(update: Uint8Array, message: Uint8Array, updates = 1) {
    if (!this.open) return;
    if (!this.backedUp) return this.ws.send(message);
    this.queued.push({ update, message, updates });
    this.queuedBytes += update.byteLength;
    if (this.queuedBytes > MAX_QUEUED_BYTES) {
      this.queued = [];
      this.queuedBytes = 0;
      return this.tooSlow();
    }
    this.hold();
  }

  /** Presence changes: shed first under load, since only the latest state of each client matters. */
  presenceChanged(clientIds: readonly number[], message: Uint8Array) {
    if (!this.open) return;
    if (!this.backedUp) return this.ws.send(message);
    for (const clientId of clientIds) this.presence.add(clientId);
    this.hold();
  }

  private hold() {
    if (!this.reading.holds("sending")) this.reading.hold("sending");
    held.add(this);
    drainTimer ??= setInterval(drainHeld, DRAIN_CHECK_MS);
  }

  /** Sends what waited once the socket has room; true when nothing is held any more. */
  drain(): boolean {
    if (!this.open) {
      this.queued = [];
      this.presence.clear();
      return true;
    }
    if (this.ws.bufferedAmount > HIGH_WATER_BYTES) return false;
    if (this.queued.length > 0) {
      const queued = this.queued;
      this.queued = [];
      this.queuedBytes = 0;
      const updates = queued.reduce((sum, batch) => sum + batch.updates, 0);
      if (queued.length > 1 && updates < MERGE_BELOW_UPDATES_PER_BATCH * queued.length) {
        this.ws.send(updateMessage(mergeBatch(queued.map((batch) => batch.update))));
      } else {
        for (const batch of queued) this.ws.send(batch.message);
      }
    }
    if (this.presence.size > 0) {
      const message = this.presenceMessage([...this.presence]);
      this.presence.clear();
      if (message) this.ws.send(message);
    }
    this.reading.release("sending");
    return true;
  }
}

const held = new Set<Outbound>();
let drainTimer: NodeJS.Timeout | null = null;

function drainHeld() {
  for (const outbound of held) if (outbound.drain()) held.delete(outbound);
  if (held.size === 0 && drainTimer) {
    clearInterval(drainTimer);
    drainTimer = null;
  }
}
