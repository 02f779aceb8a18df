import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { LimiterStore } from "./kernel/rateLimits";
import { SignInThrottle, type SignInThrottleSettings } from "./people/signInThrottle";

export interface LimitSettings {
  signIn: SignInThrottleSettings;
  /** Comments (new threads, replies, edits) one user may post per minute. */
  commentsPerMinute: number;
  /** Comments carrying mentions one user may post per minute. */
  mentionsPerMinute: number;
}

export const DEFAULT_LIMIT_SETTINGS: LimitSettings = {
  signIn: {
    maxFailuresPerAccountAndAddress: 5,
    maxFailuresPerAddress: 20,
    maxFailuresPerAccountFromNewAddresses: 50,
    windowMinutes: 15,
    lockSeconds: 60,
  },
  commentsPerMinute: 20,
  mentionsPerMinute: 5,
};

export interface DomainLimits {
  signIn: SignInThrottle;
  comments: RateLimiterAbstract;
  mentions: RateLimiterAbstract;
}

/**
 * Builds the process's counters once. `durable` keeps what must survive a restart (sign-in
 * throttling); `local` holds short per-user rates, where a restart forgiving them is harmless.
 */
export function createDomainLimits(durable: LimiterStore, local: LimiterStore, settings: LimitSettings): DomainLimits {
  return {
    signIn: new SignInThrottle(durable, settings.signIn),
    comments: local({ keyPrefix: "comment", points: settings.commentsPerMinute, durationSeconds: 60 }),
    mentions: local({ keyPrefix: "mention", points: settings.mentionsPerMinute, durationSeconds: 60 }),
  };
}
