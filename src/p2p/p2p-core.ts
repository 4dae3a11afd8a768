import type { P2PConfig } from './config.js';
import { resolveConfig } from './config-validation.js';
import { quietConsoleLogger, systemClock, type Clock, type Logger } from './deps.js';
import { P2PError, P2PErrorCode } from './errors.js';
import { EventEmitter } from './util/event-emitter.js';
import type { P2PEventListener, P2PEventName, P2PStats } from './events.js';
import { HybridScheduler } from './scheduling/hybrid-scheduler.js';
import type { SegmentVerifier } from './peers/peer-downloader.js';
import type { LoadOptions, PlaybackState, SegmentInfo, SegmentRequest, SegmentResponse, StreamInfo } from './segment.js';
import type { Transport } from './transport/transport.js';
import { withHttpRequestHook } from './http/origin-request.js';
import { platform, type FetchLike } from './util/platform.js';
import { createCoreVerifyHook, type CoreVerifyHook, type CoreVerifyRequest } from './verify/core-verify-hook.js';
import { createSegmentVerifier, type SegmentVerifier as BytesVerifier } from './verify/segment-verifier.js';

export type { Clock, Logger } from './deps.js';

/** Ports to the outside world; real defaults, fakes in tests. */
export interface P2PDeps {
  /** @default TrysteroTransport (WebTorrent trackers + WebRTC), loaded on first use */
  transport: Transport;
  /** @default `performance.now()` and global timers */
  clock: Clock;
  /** @default globalThis.fetch */
  fetch: FetchLike;
  /** @default console for warnings and errors, silent otherwise */
  logger: Logger;
  /**
   * Integrity hook for segments received from peers.
   * @default size, SHA-256 (with `config.integrityUrl`), container and `config.validateSegment` checks
   */
  verifySegment: SegmentVerifier;
}

export interface P2PCoreOptions {
  /** Peers with the same swarm id (and appId) share segments; see `deriveSwarmId()`. */
  swarmId: string;
  config?: Partial<P2PConfig>;
  /**
   * Join the swarm on first use (`setStreamSegments` / `loadSegment`). `false`: only when
   * `join()` is called. A player on a page's main thread joins once playback runs: joining
   * creates WebRTC connections (~100 ms of main thread in Chromium), which must not delay the
   * first frame; segments load over HTTP meanwhile.
   * @default true
   */
  autoJoin?: boolean;
  deps?: Partial<P2PDeps>;
}

function invalidRequest(message: string): P2PError {
  return new P2PError({ code: P2PErrorCode.InvalidRequest, message });
}

function checkStream(stream: StreamInfo | undefined): void {
  if (!stream || typeof stream.id !== 'string' || stream.id === '') throw invalidRequest('stream.id must be a non-empty string');
  if (typeof stream.isLive !== 'boolean') throw invalidRequest('stream.isLive must be a boolean');
}

function checkSegment(segment: SegmentInfo | undefined): void {
  if (!segment || typeof segment.id !== 'string' || segment.id === '') throw invalidRequest('segment.id must be a non-empty string');
  if (typeof segment.url !== 'string' || segment.url === '') throw invalidRequest(`segment ${segment.id}: url must be a non-empty string`);
  if (!Number.isFinite(segment.startTime) || !Number.isFinite(segment.duration) || segment.duration < 0) {
    throw invalidRequest(`segment ${segment.id}: startTime/duration must be finite seconds`);
  }
  const range = segment.byteRange;
  if (range && !(Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end) && range.start >= 0 && range.end > range.start)) {
    throw invalidRequest(`segment ${segment.id}: byteRange must satisfy 0 <= start < end`);
  }
}

/**
 * The P2P core of one player: loads segments from the segment store, peers or the origin, and
 * serves peers. Joins its swarm lazily (first `loadSegment` or `setStreamSegments`, or `join()` with
 * `autoJoin: false`), never blocking playback on it.
 */
export class P2PCore {
  readonly swarmId: string;
  readonly config: Readonly<P2PConfig>;
  readonly #deps: Omit<P2PDeps, 'transport' | 'verifySegment'> & { transport?: Transport };
  readonly #events: EventEmitter;
  readonly #scheduler: HybridScheduler;
  #joinStarted = false;
  #destroyPromise: Promise<void> | undefined;
  #statsTimer: unknown;
  #verifier: BytesVerifier | undefined;
  #verifyHook: CoreVerifyHook | undefined;
  readonly #injectedVerify: boolean;
  readonly #autoJoin: boolean;

  constructor({ swarmId, config, deps = {}, autoJoin = true }: P2PCoreOptions) {
    if (typeof swarmId !== 'string' || swarmId.trim() === '') {
      throw new P2PError({ code: P2PErrorCode.InvalidConfig, message: 'Invalid P2P config: swarmId must be a non-empty string' });
    }
    this.swarmId = swarmId;
    this.#autoJoin = autoJoin;
    this.config = resolveConfig(config);
    // Every origin request (segments, probes, the integrity file) passes the page's httpRequest hook.
    const fetchImpl = withHttpRequestHook(deps.fetch ?? platform.fetch?.bind(globalThis), this.config.httpRequest);
    this.#injectedVerify = deps.verifySegment !== undefined;
    this.#deps = { transport: deps.transport, clock: deps.clock ?? systemClock, fetch: fetchImpl, logger: deps.logger ?? quietConsoleLogger };
    this.#events = new EventEmitter((error) => this.#deps.logger.error('P2P event listener threw', error));
    this.#scheduler = new HybridScheduler({
      config: this.config,
      clock: this.#deps.clock,
      fetch: fetchImpl,
      logger: this.#deps.logger,
      emit: (name, payload) => this.#events.emit(name, payload),
      verify: deps.verifySegment ?? this.#lazyVerifyHook(),
    });
  }

  get stats(): P2PStats {
    return this.#scheduler.stats;
  }

  /** Where the core logs (`deps.logger`): loaders report what concerns the core through it too. */
  get logger(): Logger {
    return this.#deps.logger;
  }

  /**
   * The segment with these ids as the player last described it, or undefined. For integrity
   * hooks (`deps.verifySegment` only receives ids).
   */
  lookupSegment(streamId: string, segmentId: string): SegmentRequest | undefined {
    return this.#scheduler.lookupSegment(streamId, segmentId);
  }

  /** Subscribes to a core event; returns the unsubscribe function. `stats` runs only while someone listens. */
  on<K extends P2PEventName>(name: K, listener: P2PEventListener<K>): () => void {
    const off = this.#events.on(name, listener);
    if (name === 'stats') this.#scheduleStats();
    return off;
  }

  /** The player's current list of segments of a stream (VOD: all; live: the current window, called on every playlist reload). */
  setStreamSegments(stream: StreamInfo, segments: readonly SegmentInfo[]): void {
    checkStream(stream);
    if (!Array.isArray(segments)) throw invalidRequest('segments must be an array');
    segments.forEach(checkSegment);
    if (this.#destroyPromise) return;
    if (this.#autoJoin) this.join();
    this.#scheduler.setStreamSegments(stream, segments);
  }

  /** Called by bridges on timeupdate/seeking/ratechange. */
  updatePlayback(state: PlaybackState): void {
    if (!state || !Number.isFinite(state.currentTime) || !Number.isFinite(state.playbackRate) || state.playbackRate < 0) {
      throw invalidRequest('playback state needs finite currentTime and playbackRate >= 0');
    }
    if (this.#destroyPromise) return;
    this.#scheduler.updatePlayback(state);
  }

  /**
   * The player wants this segment now. Resolves with bytes and ABR-safe timing; rejects with a
   * `P2PError` (HTTP failure after retries, invalid request, destroyed) or an `AbortError` when
   * `options.signal` aborts.
   */
  async loadSegment(request: SegmentRequest, options?: LoadOptions): Promise<SegmentResponse> {
    checkStream(request?.stream);
    checkSegment(request.segment);
    if (this.#destroyPromise) throw new P2PError({ code: P2PErrorCode.Destroyed, message: 'The P2P core was destroyed' });
    if (this.#autoJoin) this.join();
    return this.#scheduler.loadSegment(request, options);
  }

  /** Leaves the swarm, stops every timer and transfer. Safe to call twice. */
  destroy(): Promise<void> {
    this.#destroyPromise ??= (async () => {
      this.#deps.clock.clearTimeout(this.#statsTimer);
      this.#statsTimer = undefined;
      await this.#scheduler.destroy();
      this.#verifier?.destroy();
      this.#events.clear();
    })();
    return this.#destroyPromise;
  }

  /**
   * Every byte from a peer passes these checks before it reaches the player or another peer.
   * Created when the swarm is joined (no peer bytes can arrive before), not in the constructor:
   * the integrity file's problems are then reported to listeners that exist by that time.
   */
  #defaultVerifyHook(): CoreVerifyHook {
    this.#verifyHook ??= this.#createVerifyHook();
    return this.#verifyHook;
  }

  /** The default hook, created on first use; origin bytes reach it through `learnFromOrigin` (origin-fetcher.ts). */
  #lazyVerifyHook(): CoreVerifyHook {
    const hook = (request: CoreVerifyRequest, bytes: Uint8Array): Promise<boolean> => this.#defaultVerifyHook()(request, bytes);
    return Object.assign(hook, {
      learnFromOrigin: (request: SegmentRequest, bytes: Uint8Array) => this.#defaultVerifyHook().learnFromOrigin(request, bytes),
    });
  }

  #createVerifyHook(): CoreVerifyHook {
    const { integrityUrl, validateSegment, requireIntegrity } = this.config;
    this.#verifier = createSegmentVerifier({
      integrityUrl,
      validateSegment,
      requireIntegrity,
      fetch: this.#deps.fetch,
      clock: this.#deps.clock,
      onWarning: (error) => this.#events.emit('warning', { error }),
    });
    return createCoreVerifyHook({
      verifier: this.#verifier,
      lookupSegment: (streamId, segmentId) => this.lookupSegment(streamId, segmentId),
      onResult: (request, result) => {
        if (!result.ok) this.#deps.logger.warn(`Segment ${request.segmentId} from a peer rejected: ${result.reason}`);
      },
    });
  }

  /** Joins the swarm once, in the background: a failure degrades to HTTP only, with a warning. Safe to call again. */
  join(): void {
    if (this.#joinStarted || this.#destroyPromise) return;
    this.#joinStarted = true;
    void (async () => {
      if (!this.#injectedVerify) this.#defaultVerifyHook();
      // The real transport is loaded on demand: unit tests and HTTP-only pages never load Trystero.
      const transport = this.#deps.transport ?? new (await import('./transport/trystero/trystero-transport.js')).TrysteroTransport({ clock: this.#deps.clock, logger: this.#deps.logger });
      if (this.#destroyPromise) return;
      this.#scheduler.attach(transport.join({ swarmId: this.swarmId, config: this.config }));
    })().catch((error: unknown) => {
      this.#deps.logger.warn('Joining the P2P swarm failed; continuing over HTTP only', error);
      const p2pError = error instanceof P2PError ? error : new P2PError({ code: P2PErrorCode.TrackerUnreachable, message: `Joining the swarm failed: ${String(error)}`, cause: error });
      this.#events.emit('warning', { error: p2pError });
    });
  }

  #scheduleStats(): void {
    if (this.#statsTimer !== undefined || this.#destroyPromise) return;
    this.#statsTimer = this.#deps.clock.setTimeout(() => {
      this.#statsTimer = undefined;
      if (this.#destroyPromise || this.#events.listenerCount('stats') === 0) return;
      this.#events.emit('stats', this.stats);
      this.#scheduleStats();
    }, this.config.statsIntervalMs);
  }
}
