import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { TooManyRequests } from "./errors";

export interface LimiterOptions {
  /** Namespace of the keys in the store: "signin-pair", "comment", ... */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

/**
 * Makes atomic counters (rate-limiter-flexible). The embedded set-up keeps them in SQLite
 * (server/db/rateLimits.ts); several nodes would pass a shared store (Redis, Postgres), which
 * rate-limiter-flexible provides behind the same RateLimiterAbstract.
 */
export type LimiterStore = (options: LimiterOptions) => RateLimiterAbstract;

/** rate-limiter-flexible rejects with a RateLimiterRes (not an Error) when points run out. */
export function isRateLimited(error: unknown): error is { msBeforeNext: number; consumedPoints: number } {
  return typeof error === "object" && error !== null && !(error instanceof Error) && "msBeforeNext" in error;
}

/**
 * Takes one point for `key`, or refuses with 429 and a Retry-After when none is left.
 * A store failure is not swallowed: it is a real error, not a reason to let requests through.
 */
export async function takePoint(limiter: RateLimiterAbstract, key: string, message: (retryAfterSeconds: number) => string) {
  try {
    return await limiter.consume(key);
  } catch (error) {
    if (!isRateLimited(error)) throw error;
    const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw new TooManyRequests(message(retryAfterSeconds), retryAfterSeconds);
  }
}

export function inWords(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `${minutes} minutes`;
  return `${Math.ceil(minutes / 60)} hours`;
}
