import { RateLimiterMemory, RateLimiterPrisma } from "rate-limiter-flexible";
import type { LimiterStore } from "../domain/kernel/rateLimits";
import type { Db } from "./client";

/**
 * Rate-limit counters in the database (model RateLimit, the layout RateLimiterPrisma expects),
 * so sign-in throttling survives a restart and runs unchanged on Postgres. Each consume is one
 * upsert with an increment, so concurrent attempts cannot read the same count. For several
 * nodes on Redis, a RateLimiterRedis store replaces this function.
 */
export function databaseLimiterStore(db: Db): LimiterStore {
  let sweeping = false;
  return ({ keyPrefix, points, durationSeconds }) => {
    // One limiter sweeps expired rows (of every prefix) every five minutes; the rest need not.
    const sweeps = !sweeping;
    sweeping = true;
    return new RateLimiterPrisma({
      storeClient: db,
      tableName: "rateLimit",
      clearExpiredByTimeout: sweeps,
      keyPrefix,
      points,
      duration: durationSeconds,
    });
  };
}

/** Counters in this process only: for limits that need not outlive it (comment and mention rates). */
export const memoryLimiterStore: LimiterStore = ({ keyPrefix, points, durationSeconds }) =>
  new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });
