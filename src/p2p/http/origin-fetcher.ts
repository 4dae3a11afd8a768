import type { P2PConfig } from '../config.js';
import type { Clock, Logger } from '../deps.js';
import { isOriginOutage, requestFromOrigin, type OriginRequestPorts, type OriginResponse } from './origin-request.js';
import { OriginHealth, type OriginState } from './origin-health.js';
import type { SegmentVerifier } from '../peers/peer-downloader.js';
import { segmentKey, type ProgressCallback, type SegmentInfo, type SegmentRequest } from '../segment.js';
import type { SegmentStore } from '../storage/segment-store.js';
import { movingAverage } from '../util/moving-average.js';
import type { AbortSignalLike, FetchLike } from '../util/platform.js';
import { expectedTransferMs } from '../util/transfer-time.js';
import { concatBytes } from '../util/wait.js';
import { HttpReason } from './http-reason.js';

/** Bytes the fetcher moved: origin bytes with their reason; a peer prefix kept or thrown away. */
export type TrafficEvent =
  | { kind: 'http'; bytes: number; reason: HttpReason }
  | { kind: 'p2p' | 'upload' | 'rejected'; bytes: number };

/**
 * A verifier that learns from the origin's bytes (trusted) what a stream's segments look like,
 * so peer bytes can be checked against it. Optional: a plain hook is a `SegmentVerifier`.
 */
export type OriginLearningVerifier = SegmentVerifier & {
  learnFromOrigin?(request: SegmentRequest, bytes: Uint8Array): void;
};

export interface OriginFetcherOptions {
  config: Readonly<P2PConfig>;
  clock: Clock;
  fetch: FetchLike;
  logger: Logger;
  verify: OriginLearningVerifier;
  store: SegmentStore;
  onTraffic(event: TrafficEvent): void;
  /** The set of segments being fetched for a stream changed (announced to peers as `loading`). */
  onLoadingChanged(streamId: string): void;
  onOriginChange(state: OriginState): void;
}

export interface OriginFetchOptions {
  signal?: AbortSignalLike;
  onProgress?: ProgressCallback;
  /** Bytes already received from a peer: only the rest is fetched, then the whole is verified. */
  prefix?: Uint8Array;
  /** False for fetches nobody asked for yet (live election): stored as not served. @default true */
  demand?: boolean;
  /** Why this segment comes from the origin (counted with its bytes). */
  reason: HttpReason;
}

interface RunningFetch {
  streamId: string;
  segmentId: string;
  promise: Promise<Uint8Array>;
}

/**
 * Segment downloads from the origin: one running fetch per segment (shared by every demand),
 * stored on success, throughput sampling for ABR-safe timings, and the origin's health (see
 * `origin-health.ts`). Retries are the scheduler's: it knows whether a peer can serve instead.
 */
export class OriginFetcher {
  readonly #options: OriginFetcherOptions;
  readonly #ports: OriginRequestPorts;
  readonly #loads = new Map<string, RunningFetch>();
  readonly health: OriginHealth;
  /** EWMA of HTTP throughput, bytes per ms. */
  bytesPerMs: number | undefined;

  constructor(options: OriginFetcherOptions) {
    this.#options = options;
    this.#ports = { fetch: options.fetch, clock: options.clock, timeoutMs: options.config.httpTimeoutMs };
    this.health = new OriginHealth({ clock: options.clock, fetch: options.fetch, logger: options.logger, onChange: options.onOriginChange });
  }

  /** The running fetch of a segment, if any. */
  running(streamId: string, segmentId: string): Promise<Uint8Array> | undefined {
    return this.#loads.get(segmentKey(streamId, segmentId))?.promise;
  }

  /** Segment ids being fetched for a stream. */
  loadingIds(streamId: string): string[] {
    return [...this.#loads.values()].filter((load) => load.streamId === streamId).map((load) => load.segmentId);
  }

  /** Expected time to fetch a segment from the origin, ms (`expectedBytes`: the size, or a guess). */
  expectedMs(segment: Pick<SegmentInfo, 'expectedBytes'>): number {
    return expectedTransferMs({ bytesPerMs: this.bytesPerMs, expectedBytes: segment.expectedBytes });
  }

  /** Fetches (the rest of) a segment once; throws `P2PError` (feeding the origin's health) or AbortError. */
  async fetch(request: SegmentRequest, options: OriginFetchOptions): Promise<{ bytes: Uint8Array; http: OriginResponse }> {
    const { stream, segment } = request;
    const key = segmentKey(stream.id, segment.id);
    const prefix = options.prefix ?? new Uint8Array(0);
    let result: OriginResponse | undefined;
    const promise = this.#load(request, options, prefix).then(async (loaded) => {
      result = loaded;
      this.#options.onTraffic({ kind: 'http', bytes: loaded.bytes.byteLength, reason: options.reason });
      this.#sample(loaded);
      let bytes = concatBytes(prefix, loaded.bytes);
      if (prefix.byteLength > 0) bytes = await this.#verifyMixed(request, bytes, prefix.byteLength, options.signal);
      else this.#learn(request, bytes);
      this.#options.store.add({ streamId: stream.id, segmentId: segment.id, bytes, source: 'http', httpReason: options.reason, isLive: stream.isLive, endTime: segment.startTime + segment.duration, served: options.demand ?? true });
      return bytes;
    });
    this.#loads.set(key, { streamId: stream.id, segmentId: segment.id, promise });
    this.#options.onLoadingChanged(stream.id);
    try {
      const bytes = await promise;
      const stored = this.#options.store.get(stream.id, segment.id);
      if (stored) stored.served = options.demand ?? true;
      return { bytes, http: result! };
    } finally {
      if (this.#loads.get(key)?.promise === promise) this.#loads.delete(key);
      this.#options.onLoadingChanged(stream.id);
    }
  }

  destroy(): void {
    this.health.destroy();
  }

  async #load({ segment }: SegmentRequest, options: OriginFetchOptions, prefix: Uint8Array): Promise<OriginResponse> {
    const { onProgress } = options;
    try {
      const loaded = await requestFromOrigin({
        url: segment.url,
        byteRange: segment.byteRange,
        offsetBytes: prefix.byteLength,
        signal: options.signal,
        onProgress: onProgress && ((loaded, total) => onProgress(prefix.byteLength + loaded, total === undefined ? undefined : prefix.byteLength + total)),
      }, this.#ports);
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
  async #verifyMixed(request: SegmentRequest, bytes: Uint8Array, prefixBytes: number, signal?: AbortSignalLike): Promise<Uint8Array> {
    const { stream, segment } = request;
    const { onTraffic } = this.#options;
    let ok = false;
    try {
      ok = await this.#options.verify({ streamId: stream.id, segmentId: segment.id, expectedBytes: segment.expectedBytes }, bytes);
    } catch {
      ok = false;
    }
    if (ok) {
      onTraffic({ kind: 'p2p', bytes: prefixBytes });
      return bytes;
    }
    onTraffic({ kind: 'rejected', bytes: prefixBytes });
    this.#options.logger.warn(`Segment ${segment.id}: peer prefix + HTTP rest failed verification; fetching it whole`);
    const whole = await requestFromOrigin({ url: segment.url, byteRange: segment.byteRange, offsetBytes: 0, signal }, this.#ports);
    onTraffic({ kind: 'http', bytes: whole.bytes.byteLength, reason: HttpReason.VerificationRefetch });
    return whole.bytes;
  }

  /** Origin bytes teach the verifier; its problems never fail the fetch. */
  #learn(request: SegmentRequest, bytes: Uint8Array): void {
    try {
      this.#options.verify.learnFromOrigin?.(request, bytes);
    } catch (error) {
      this.#options.logger.warn(`Segment ${request.segment.id}: the verifier could not learn from origin bytes`, error);
    }
  }

  #sample({ bytes, startMs, endMs }: OriginResponse): void {
    this.bytesPerMs = movingAverage(this.bytesPerMs, bytes.byteLength / Math.max(1, endMs - startMs));
  }
}

