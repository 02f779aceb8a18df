// Per-connection rates and per-room size quotas (docs/decisions/020): one socket cannot fill the
// database or the server's memory, nor flood a room with messages.

export interface CollabQuotas {
  /** Size quota of a room's Yjs state, by room kind. */
  roomMaxBytes: { document: number; draft: number };
  /** Messages per second a socket may send, sustained; a burst of four seconds' worth passes. */
  messagesPerSecond: number;
  /** Update bytes a socket may send per minute, sustained; a burst of a minute's worth passes. */
  updateBytesPerMinute: number;
}

/** A token bucket: `rate` tokens a second, holding at most `capacity`. */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(
    private readonly rate: number,
    private readonly capacity: number,
  ) {
    this.tokens = capacity;
  }

  take(amount = 1): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}

export class ConnectionRates {
  private readonly messages: TokenBucket;
  private readonly updateBytes: TokenBucket;

  constructor(quotas: CollabQuotas) {
    this.messages = new TokenBucket(quotas.messagesPerSecond, quotas.messagesPerSecond * 4);
    this.updateBytes = new TokenBucket(quotas.updateBytesPerMinute / 60, quotas.updateBytesPerMinute);
  }

  message(): boolean {
    return this.messages.take();
  }

  update(bytes: number): boolean {
    return this.updateBytes.take(bytes);
  }
}

/**
 * A room's size, kept cheaply: measured exactly (one encoding of the document) when the room
 * opens and whenever the running estimate crosses the quota, and estimated in between by adding
 * the size of every update applied. Deletions only shrink the real size, so the estimate errs
 * on the generous side of the writer and is corrected before anyone is refused.
 */
export class RoomSize {
  private estimate: number;

  /** `measure` gives the bytes of the whole document's encoding (LiveDocument.stateSize shares that encoding with sync). */
  constructor(
    private readonly measure: () => number,
    readonly maxBytes: number,
  ) {
    this.estimate = measure();
  }

  private measuredAt = performance.now();

  /**
   * True when an update of `bytes` keeps the room within its quota. Near the quota the exact
   * measure is taken at most every 250 ms, so a flood of tiny updates costs no encoding each.
   */
  admits(bytes: number): boolean {
    if (this.estimate + bytes <= this.maxBytes) return true;
    const now = performance.now();
    if (now - this.measuredAt < 250) return false;
    this.measuredAt = now;
    this.estimate = this.measure();
    return this.estimate + bytes <= this.maxBytes;
  }

  applied(bytes: number) {
    this.estimate += bytes;
  }
}
