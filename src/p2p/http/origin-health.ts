import type { Clock, Logger } from '../deps.js';
import type { ByteRange } from '../segment.js';
import { platform, type AbortControllerLike, type FetchLike } from '../util/platform.js';
import { isOutageStatus } from './origin-request.js';

/** First probe after an origin failure; doubles per failed probe up to the maximum. */
const FIRST_PROBE_DELAY_MS = 1000;
const MAX_PROBE_DELAY_MS = 8000;
const PROBE_TIMEOUT_MS = 5000;

export const OriginState = {
  Healthy: 'healthy',
  /** A real request failed with an outage; probing until it answers. */
  Failing: 'failing',
} as const;
export type OriginState = (typeof OriginState)[keyof typeof OriginState];

export interface OriginHealthOptions {
  clock: Clock;
  fetch: FetchLike;
  logger: Logger;
  /** The state changed (the scheduler wakes everything waiting for the origin). */
  onChange(state: OriginState): void;
}

/**
 * Origin outage handling. After a 5xx, timeout or network error the origin is `failing`: demands
 * go to peers first, even urgent ones, and stop hitting the origin themselves. Instead one probe
 * (a 1-byte Range request of the segment that failed) runs after 1 s, 2 s, 4 s, then every 8 s;
 * the first answer below 500, or any real request that succeeds, makes it `healthy` again.
 */
export class OriginHealth {
  readonly #options: OriginHealthOptions;
  #state: OriginState = OriginState.Healthy;
  #probeTimer: unknown;
  #probeDelayMs = FIRST_PROBE_DELAY_MS;
  #probeTarget: { url: string; byteRange?: ByteRange } | undefined;
  #probeController: AbortControllerLike | undefined;
  #destroyed = false;

  constructor(options: OriginHealthOptions) {
    this.#options = options;
  }

  get failing(): boolean {
    return this.#state === OriginState.Failing;
  }

  recordSuccess(): void {
    if (this.#state === OriginState.Healthy) return;
    this.#state = OriginState.Healthy;
    this.#stopProbing();
    this.#options.logger.info('origin is back');
    this.#options.onChange(OriginState.Healthy);
  }

  /** A retryable failure (5xx, timeout, network) of a real request for `target`. */
  recordFailure(target: { url: string; byteRange?: ByteRange }): void {
    if (this.#destroyed) return;
    this.#probeTarget = target;
    if (this.#state === OriginState.Failing) return;
    this.#state = OriginState.Failing;
    this.#probeDelayMs = FIRST_PROBE_DELAY_MS;
    this.#options.logger.warn('origin failing; preferring peers and probing it with backoff');
    this.#scheduleProbe();
    this.#options.onChange(OriginState.Failing);
  }

  destroy(): void {
    this.#destroyed = true;
    this.#stopProbing();
  }

  #stopProbing(): void {
    this.#options.clock.clearTimeout(this.#probeTimer);
    this.#probeTimer = undefined;
    this.#probeController?.abort();
    this.#probeController = undefined;
  }

  #scheduleProbe(): void {
    const delayMs = this.#probeDelayMs;
    this.#probeDelayMs = Math.min(delayMs * 2, MAX_PROBE_DELAY_MS);
    this.#probeTimer = this.#options.clock.setTimeout(() => void this.#probe(), delayMs);
  }

  async #probe(): Promise<void> {
    const target = this.#probeTarget;
    if (this.#destroyed || this.#state !== OriginState.Failing || !target) return;
    const { clock } = this.#options;
    const controller = (this.#probeController = new platform.AbortController());
    const timer = clock.setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
    const start = target.byteRange?.start ?? 0;
    let up = false;
    try {
      const probeOrigin = this.#options.fetch; // unbound, like every `fetch` call of the core
      const response = await probeOrigin(target.url, { headers: { Range: `bytes=${start}-${start}` }, signal: controller.signal });
      await response.body?.cancel().catch(() => {});
      up = !isOutageStatus(response.status);
    } catch {
      up = false;
    } finally {
      clock.clearTimeout(timer);
    }
    // Stopped meanwhile (recovered through a real request, or destroyed): nothing to schedule.
    if (this.#destroyed || this.#probeController !== controller || this.#state !== OriginState.Failing) return;
    this.#probeController = undefined;
    if (up) this.recordSuccess();
    else this.#scheduleProbe();
  }
}
