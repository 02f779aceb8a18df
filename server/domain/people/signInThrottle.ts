import type { RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import { TooManyRequests } from "../kernel/errors";
import { inWords, isRateLimited, type LimiterStore } from "../kernel/rateLimits";

export interface SignInThrottleSettings {
  /** Failures allowed per account and address before a lock (which then grows). */
  maxFailuresPerAccountAndAddress: number;
  /** Failures allowed per address, whatever the account, in the window. */
  maxFailuresPerAddress: number;
  /** Failures allowed per account from addresses it never signed in from, in the window. */
  maxFailuresPerAccountFromNewAddresses: number;
  windowMinutes: number;
  /** The first lock of an account-and-address; each further one doubles, up to a day. */
  lockSeconds: number;
}

const MAX_LOCK_SECONDS = 24 * 3600;
const KNOWN_ADDRESS_DAYS = 90;

export interface SignInReservation {
  succeeded(): Promise<void>;
  failed(): Promise<void>;
  /** The attempt never reached a verdict (a crash): give its points back. */
  cancelled(): Promise<void>;
}

const throttledMessage = (seconds: number) => `Too many failed sign-in attempts. Try again in ${inWords(seconds)}.`;

/**
 * Sign-in throttling (docs/decisions/016). Every attempt reserves its points atomically
 * *before* the password is hashed, so concurrent guesses cannot all slip under the limit.
 *
 * - account + address: a few failures, then a lock that doubles at each repeat. A stranger
 *   guessing from elsewhere never locks the owner, who signs in from their own address.
 * - address: the configurable per-address limit (behind a proxy, see TRUST_PROXY).
 * - account from new addresses: a guesser rotating addresses is stopped, while the owner's
 *   known addresses (where this account signed in before) are not counted here.
 */
export class SignInThrottle {
  private readonly pair: RateLimiterAbstract;
  private readonly strikes: RateLimiterAbstract;
  private readonly address: RateLimiterAbstract;
  private readonly account: RateLimiterAbstract;
  private readonly known: RateLimiterAbstract;

  constructor(
    store: LimiterStore,
    private readonly settings: SignInThrottleSettings,
  ) {
    const window = settings.windowMinutes * 60;
    this.pair = store({ keyPrefix: "signin-pair", points: settings.maxFailuresPerAccountAndAddress, durationSeconds: window });
    this.strikes = store({ keyPrefix: "signin-strikes", points: 1_000_000, durationSeconds: MAX_LOCK_SECONDS });
    this.address = store({ keyPrefix: "signin-address", points: settings.maxFailuresPerAddress, durationSeconds: window });
    this.account = store({ keyPrefix: "signin-account", points: settings.maxFailuresPerAccountFromNewAddresses, durationSeconds: window });
    this.known = store({ keyPrefix: "signin-known", points: 1, durationSeconds: KNOWN_ADDRESS_DAYS * 86400 });
  }

  async reserve(email: string, address: string): Promise<SignInReservation> {
    const pairKey = `${email}|${address}`;
    const known = (await this.known.get(pairKey)) !== null;
    const taken: { limiter: RateLimiterAbstract; key: string }[] = [];
    const giveBack = () => Promise.all(taken.map(({ limiter, key }) => limiter.reward(key, 1)));
    let pairResult: RateLimiterRes | undefined;
    const checks: [RateLimiterAbstract, string][] = [
      [this.pair, pairKey],
      [this.address, address],
      ...(known ? [] : ([[this.account, email]] as [RateLimiterAbstract, string][])),
    ];
    for (const [limiter, key] of checks) {
      try {
        const result = await limiter.consume(key);
        if (limiter === this.pair) pairResult = result;
        taken.push({ limiter, key });
      } catch (error) {
        // A refused attempt takes nothing: what this one reserved so far is given back.
        await giveBack();
        if (!isRateLimited(error)) throw error;
        const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new TooManyRequests(throttledMessage(retryAfterSeconds), retryAfterSeconds);
      }
    }

    return {
      succeeded: async () => {
        await Promise.all([
          this.pair.delete(pairKey),
          this.strikes.delete(pairKey),
          ...taken.filter(({ limiter }) => limiter !== this.pair).map(({ limiter, key }) => limiter.reward(key, 1)),
          this.known.set(pairKey, 1, KNOWN_ADDRESS_DAYS * 86400),
        ]);
      },
      failed: async () => {
        // The last allowed failure locks this account-and-address, each time for twice as long.
        if ((pairResult?.consumedPoints ?? 0) < this.settings.maxFailuresPerAccountAndAddress) return;
        const strikes = (await this.strikes.consume(pairKey)).consumedPoints;
        const lockSeconds = Math.min(this.settings.lockSeconds * 2 ** (strikes - 1), MAX_LOCK_SECONDS);
        await this.pair.block(pairKey, lockSeconds);
      },
      cancelled: async () => {
        await giveBack();
      },
    };
  }

  /** After a password reset, the account starts afresh from every address. */
  async forgetAccount(email: string) {
    await this.account.delete(email);
  }
}
