import type { Clock } from '../deps.js';
import { movingAverage } from '../util/moving-average.js';

/**
 * Confirmations are grouped in windows of at least this long before they make a rate sample:
 * requesters' latencies differ, so two `have`s a few ms apart would otherwise look like a huge rate.
 */
const WINDOW_MS = 1000;

/**
 * How fast the bytes we hand to `send()` reach our peers, learned from their `have`
 * confirmations (issue 12). The transport does not say what left the data channel, and without
 * an upload cap nothing else tells the uploader what its uplink carries: a viewer on a 1 Mbit/s
 * uplink queued segment after segment, each new requester's first byte waited behind all of them
 * for more than `p2pTimeoutMs`, and every requester charged it `stalled` until it was banned.
 *
 * Measured only while something is unconfirmed (the uplink is then busy or we are waiting for a
 * `have`), so the estimate is at most what the uplink carried: it errs on the side of refusing.
 */
export class UplinkEstimate {
  readonly #clock: Clock;
  #bytesPerMs: number | undefined;
  #windowStartMs = 0;
  #windowBytes = 0;

  constructor(options: { clock: Clock }) {
    this.#clock = options.clock;
  }

  /** Bytes per ms delivered, undefined before the first window closed. */
  get bytesPerMs(): number | undefined {
    return this.#bytesPerMs;
  }

  /** Nothing was unconfirmed and now something is: a busy period (and a window) starts. */
  busy(): void {
    this.#windowStartMs = this.#clock.now();
    this.#windowBytes = 0;
  }

  /**
   * A peer confirmed `bytes` we had handed over; `idle`: nothing is unconfirmed any more (the busy
   * period ended, so its window closes whatever its length: all of it has arrived).
   */
  delivered(bytes: number, idle: boolean): void {
    this.#windowBytes += bytes;
    const nowMs = this.#clock.now();
    const elapsedMs = nowMs - this.#windowStartMs;
    if (elapsedMs < (idle ? 1 : WINDOW_MS)) return;
    this.#bytesPerMs = movingAverage(this.#bytesPerMs, this.#windowBytes / elapsedMs);
    this.#windowStartMs = nowMs;
    this.#windowBytes = 0;
  }
}
