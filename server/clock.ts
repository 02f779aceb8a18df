/**
 * The server's clock. In production it is the system time. Under NODE_ENV=test it can be moved
 * forward (an offset, from TEST_CLOCK_OFFSET_MS at start-up or the test-only /__test/clock
 * endpoint) so tests make deadlines pass without waiting.
 */
export interface Clock {
  now(): Date;
  /** Moves the clock forward by `ms` (test only); returns the new time. */
  advance(ms: number): Date;
  /** Runs `listener` after each move forward: what waits on real timers (socket expiry) looks again. */
  onAdvance(listener: () => void): void;
}

export function createClock(offsetMs = 0): Clock {
  let offset = offsetMs;
  const listeners: (() => void)[] = [];
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms: number) {
      offset += ms;
      for (const listener of listeners) listener();
      return new Date(Date.now() + offset);
    },
    onAdvance: (listener) => void listeners.push(listener),
  };
}
