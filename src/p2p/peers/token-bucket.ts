import type { Clock } from '../deps.js';

export interface TokenBucketOptions {
  clock: Clock;
  /** Tokens available at once (the burst). */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

/**
 * A rate limit: `take()` succeeds while tokens remain; tokens come back at `refillPerSecond` up
 * to `capacity`. Time comes from the injected clock, so a clock jump refills the bucket (a long
 * sleep is not a flood).
 */
export class TokenBucket {
  readonly #clock: Clock;
  readonly #capacity: number;
  readonly #refillPerMs: number;
  #tokens: number;
  #atMs: number;

  constructor({ clock, capacity, refillPerSecond }: TokenBucketOptions) {
    this.#clock = clock;
    this.#capacity = capacity;
    this.#refillPerMs = refillPerSecond / 1000;
    this.#tokens = capacity;
    this.#atMs = clock.now();
  }

  /** Takes one token; false when the limit is exceeded. */
  take(): boolean {
    const nowMs = this.#clock.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + Math.max(0, nowMs - this.#atMs) * this.#refillPerMs);
    this.#atMs = nowMs;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
