import type { Clock } from '../deps.js';
import { ProtocolLimits } from '../protocol/protocol.js';

export interface UploadRateLimiterOptions {
  clock: Clock;
  /** The cap on all uploads together; undefined = unlimited. */
  bitsPerSecond: number | undefined;
}

interface Waiting {
  bytes: number;
  send(): void;
}

/**
 * `uploadLimitBitsPerSecond`: a token bucket on the bytes this viewer sends to all peers together.
 * Sends wait for tokens, first come first served (an upload that sent a chunk queues its next one
 * behind the others, so concurrent uploads take turns); nothing is dropped. The bucket holds one
 * full chunk, so a chunk always fits and the burst above the rate is one chunk at most.
 */
export class UploadRateLimiter {
  readonly #clock: Clock;
  readonly #bytesPerMs: number;
  readonly #capacity = ProtocolLimits.maxChunkBytes;
  readonly #queue: Waiting[] = [];
  #tokens: number;
  #atMs: number;
  #timer: unknown;
  #destroyed = false;

  constructor({ clock, bitsPerSecond }: UploadRateLimiterOptions) {
    this.#clock = clock;
    this.#bytesPerMs = bitsPerSecond === undefined ? Infinity : bitsPerSecond / 8 / 1000;
    this.#tokens = this.#capacity;
    this.#atMs = clock.now();
  }

  /** Whether a cap is set. */
  get limited(): boolean {
    return this.#bytesPerMs !== Infinity;
  }

  /** The cap in bytes per second (Infinity when unlimited). */
  get bytesPerSecond(): number {
    return this.#bytesPerMs * 1000;
  }

  /**
   * Calls `send` once `bytes` (at most one chunk) may leave: at once when the bucket has them and
   * nobody is waiting, else in turn. Returns a function that withdraws the send if not run yet.
   */
  schedule(bytes: number, send: () => void): () => void {
    const waiting: Waiting = { bytes: Math.min(bytes, this.#capacity), send };
    if (this.#destroyed) return () => {};
    if (this.#queue.length === 0 && this.#take(waiting.bytes)) {
      send();
      return () => {};
    }
    this.#queue.push(waiting);
    this.#arm();
    return () => {
      const index = this.#queue.indexOf(waiting);
      if (index >= 0) this.#queue.splice(index, 1);
    };
  }

  /** Sends waiting for tokens (not counting the one being sent). */
  get waiting(): number {
    return this.#queue.length;
  }

  destroy(): void {
    this.#destroyed = true;
    this.#queue.length = 0;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #take(bytes: number): boolean {
    this.#refill();
    if (this.#tokens < bytes) return false;
    this.#tokens -= bytes;
    return true;
  }

  #refill(): void {
    const nowMs = this.#clock.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + Math.max(0, nowMs - this.#atMs) * this.#bytesPerMs);
    this.#atMs = nowMs;
  }

  /** One timer for the head of the queue. */
  #arm(): void {
    if (this.#timer !== undefined || this.#queue.length === 0) return;
    this.#refill();
    const delayMs = Math.max(0, Math.ceil((this.#queue[0]!.bytes - this.#tokens) / this.#bytesPerMs));
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#drain();
    }, delayMs);
  }

  #drain(): void {
    while (!this.#destroyed && this.#queue.length > 0 && this.#take(this.#queue[0]!.bytes)) {
      // A send may queue the upload's next chunk: it goes behind the ones already waiting.
      this.#queue.shift()!.send();
    }
    this.#arm();
  }
}
