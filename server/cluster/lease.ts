import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { CompactionLease } from "./types";

/** Deletes the key only if it still holds our token: an expired lease taken by another node is theirs. */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * The compaction lease (docs/decisions/056): SET NX PX on `<prefix>:lease:compact:<room>` with a
 * random token, released by compare-and-delete. One node folds a room at a time; the expiry frees
 * the lease of a node that died mid-way. Should a compaction outlive the lease, a second one is
 * still safe (each swaps rows up to its own id in one transaction, so no update is dropped), only
 * wasted.
 */
export function redisCompactionLease(redis: Redis, prefix: string, ttlMs = 60_000): CompactionLease {
  return async (room) => {
    const key = `${prefix}:lease:compact:${room}`;
    const token = randomUUID();
    try {
      if ((await redis.set(key, token, "PX", ttlMs, "NX")) !== "OK") return null;
    } catch (error) {
      console.error(`compaction lease for ${room} unavailable`, error);
      return null;
    }
    return async () => {
      await redis.eval(RELEASE, 1, key, token);
    };
  };
}
