import type { P2PConfig } from '../config.js';
import type { Clock, Logger } from '../deps.js';
import { P2PError, isAbortError } from '../errors.js';
import { HttpLoader, type HttpLoadResult } from './origin-request.js';
import { OriginHealth, type OriginState } from './origin-health.js';
import type { SegmentVerifier } from '../peers/peer-downloader.js';
import type { ProgressCallback, SegmentInfo, SegmentRequest } from '../segment.js';
import type { SegmentStore } from '../storage/segment-store.js';
import { concatBytes } from '../util/wait.js';

/** Expected transfer time when the throughput is not known yet. */
export const DEFAULT_TRANSFER_MS = 1000;

export interface HttpCounters {
  httpBytes: number;
  p2pBytes: number;
  rejectedBytes: number;
}

export interface HttpFetcherOptions {
  config: Readonly<P2PConfig>;
  clock: Clock;
  fetch: typeof fetch;
  logger: Logger;
  verify: SegmentVerifier;
  store: SegmentStore;
  counters: HttpCounters;
  /** The set of segments being fetched for a stream changed (announced to peers as `loading`). */
  onLoadingChanged(streamId: string): void;
  onOriginChange(state: OriginState): void;
}

export interface HttpFetchOptions {
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  /** Bytes already received from a peer: only the rest is fetched, then the whole is verified. */
  prefix?: Uint8Array;
  /** False for fetches nobody asked for yet (live election): stored as not served. @default true */
  demand?: boolean;
  /** Absolute clock time after which no retry starts. */
  deadlineMs: number;
}

const keyOf = (streamId: string, segmentId: string) => `${streamId}\u0000${segmentId}`;

/**
 * Segment downloads from the origin: one running fetch per segment (shared by every demand),
 * stored on success, throughput sampling for ABR-safe timings, and the origin's health (see
 * `origin-health.ts`). Retries are the scheduler's: it knows whether a peer can serve instead.
 */
export class HttpFetcher {
  readonly #options: HttpFetcherOptions;
  readonly #loader: HttpLoader;
  readonly #loads = new Map<string, Promise<Uint8Array>>();
  readonly health: OriginHealth;
  /** EWMA of HTTP throughput, bytes per ms. */
  bytesPerMs: number | undefined;

  constructor(options: HttpFetcherOptions) {
    this.#options = options;
    this.#loader = new HttpLoader({ fetch: options.fetch, clock: options.clock, timeoutMs: options.config.httpTimeoutMs, maxRetries: 0 });
    this.health = new OriginHealth({ clock: options.clock, fetch: options.fetch, logger: options.logger, onChange: options.onOriginChange });
  }

  /** The running fetch of a segment, if any. */
  running(streamId: string, segmentId: string): Promise<Uint8Array> | undefined {
    return this.#loads.get(keyOf(streamId, segmentId));
  }

  /** Segment ids being fetched for a stream. */
  loadingIds(streamId: string): string[] {
    const prefix = `${streamId}\u0000`;
    return [...this.#loads.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  }

  expectedMs(segment: SegmentInfo): number {
    if (this.bytesPerMs === undefined) return DEFAULT_TRANSFER_MS;
    return (segment.expectedBytes ?? 1024 * 1024) / this.bytesPerMs;
  }

  /** Fetches (the rest of) a segment once; throws `P2PError` (feeding the origin's health) or AbortError. */
  async fetch(request: SegmentRequest, options: HttpFetchOptions): Promise<{ bytes: Uint8Array; http: HttpLoadResult }> {
    const { stream, segment } = request;
    const key = keyOf(stream.id, segment.id);
    const prefix = options.prefix ?? new Uint8Array(0);
    let result: HttpLoadResult | undefined;
    const promise = this.#load(request, options, prefix).then(async (loaded) => {
      result = loaded;
      this.#options.counters.httpBytes += loaded.bytes.byteLength;
      this.#sample(loaded);
      let bytes = concatBytes(prefix, loaded.bytes);
      if (prefix.byteLength > 0) bytes = await this.#verifyMixed(request, bytes, prefix.byteLength, options.signal);
      this.#options.store.add({ streamId: stream.id, segmentId: segment.id, bytes, source: 'http', isLive: stream.isLive, endTime: segment.startTime + segment.duration, served: options.demand ?? true });
      return bytes;
    });
    this.#loads.set(key, promise);
    this.#options.onLoadingChanged(stream.id);
    try {
      const bytes = await promise;
      const stored = this.#options.store.get(stream.id, segment.id);
      if (stored) stored.served = options.demand ?? true;
      return { bytes, http: result! };
    } finally {
      if (this.#loads.get(key) === promise) this.#loads.delete(key);
      this.#options.onLoadingChanged(stream.id);
    }
  }

  destroy(): void {
    this.health.destroy();
  }

  async #load({ segment }: SegmentRequest, options: HttpFetchOptions, prefix: Uint8Array): Promise<HttpLoadResult> {
    const { onProgress } = options;
    try {
      const loaded = await this.#loader.load({
        url: segment.url,
        byteRange: segment.byteRange,
        offsetBytes: prefix.byteLength,
        signal: options.signal,
        deadlineMs: options.deadlineMs,
        onProgress: onProgress && ((loaded, total) => onProgress(prefix.byteLength + loaded, total === undefined ? undefined : prefix.byteLength + total)),
      });
      this.health.recordSuccess();
      return loaded;
    } catch (error) {
      if (isOriginOutage(error)) this.health.recordFailure({ url: segment.url, byteRange: segment.byteRange });
      throw error;
    }
  }

  /**
   * A peer's prefix completed over HTTP is still peer bytes: verify the whole; if it fails, the
   * prefix is thrown away and the segment fetched whole from the origin.
   */
  async #verifyMixed(request: SegmentRequest, bytes: Uint8Array, prefixBytes: number, signal?: AbortSignal): Promise<Uint8Array> {
    const { stream, segment } = request;
    const { counters } = this.#options;
    let ok = false;
    try {
      ok = await this.#options.verify({ streamId: stream.id, segmentId: segment.id, expectedBytes: segment.expectedBytes }, bytes);
    } catch {
      ok = false;
    }
    if (ok) {
      counters.p2pBytes += prefixBytes;
      return bytes;
    }
    counters.rejectedBytes += prefixBytes;
    this.#options.logger.warn(`Segment ${segment.id}: peer prefix + HTTP rest failed verification; fetching it whole`);
    const whole = await this.#loader.load({ url: segment.url, byteRange: segment.byteRange, offsetBytes: 0, signal, deadlineMs: this.#options.clock.now() + this.#options.config.httpTimeoutMs });
    counters.httpBytes += whole.bytes.byteLength;
    return whole.bytes;
  }

  #sample({ bytes, startMs, endMs }: HttpLoadResult): void {
    const sample = bytes.byteLength / Math.max(1, endMs - startMs);
    this.bytesPerMs = this.bytesPerMs === undefined ? sample : 0.7 * this.bytesPerMs + 0.3 * sample;
  }
}

/** 5xx, timeouts and network errors say the origin is in trouble; 4xx and aborts do not. */
export function isOriginOutage(error: unknown): boolean {
  if (isAbortError(error) || !(error instanceof P2PError)) return false;
  return error.status === undefined || error.status >= 500;
}
