import type { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import type { LimiterStore } from "../domain/kernel/rateLimits";

/**
 * Rate-limit counters in Redis, shared by every node (docs/decisions/058): a sign-in burst spread
 * over nodes draws on one count. Each consume is one atomic script in Redis.
 */
export function redisLimiterStore(redis: Redis, prefix: string): LimiterStore {
  return ({ keyPrefix, points, durationSeconds }) =>
    new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:rl:${keyPrefix}`, points, duration: durationSeconds });
}
