import type { P2PConfig } from '../config.js';
import type { Clock, Logger } from '../deps.js';
import { P2PError, P2PErrorCode, isAbortError } from '../errors.js';
import type { P2PEventMap, P2PEventName, P2PStats } from '../events.js';
import { HttpReason } from '../http/http-reason.js';
import { OriginFetcher } from '../http/origin-fetcher.js';
import { isOriginOutage, originUnreachable } from '../http/origin-request.js';
import type { SegmentVerifier } from '../peers/peer-downloader.js';
import type { RemotePeer } from '../peers/peer-swarm.js';
import { HaveMode } from '../protocol/protocol.js';
import { segmentKey, type LoadOptions, type PlaybackState, type ProgressCallback, type SegmentInfo, type SegmentRequest, type SegmentResponse, type StreamInfo } from '../segment.js';
import { SegmentStore, type SegmentStoreChange } from '../storage/segment-store.js';
import type { SwarmConnection } from '../transport/transport.js';
import { platform, type AbortSignalLike, type FetchLike } from '../util/platform.js';
import { abortError, settle } from '../util/wait.js';
import { AvailabilityWaiters } from './availability-waiters.js';
import { connectPeerSide, type PeerSide } from './peer-side.js';
import { expectedP2PMs, expectedSegmentBytes, pickPeer } from './peer-selection.js';
import { httpReasonFor, swarmWaitMs, type Attempt } from './swarm-wait.js';
import { JoinGrace } from './join-grace.js';
import { LiveFetchers, heldNearby } from './live-fetchers.js';
import { PeerDiscipline } from './peer-discipline.js';
import { PeerTransfers, type TransferRecord } from './peer-transfers.js';
import { segmentResponse, type Obtained } from './segment-response.js';
import { Prefetcher } from './prefetcher.js';
import { StreamRegistry } from './stream-registry.js';
import { TrafficCounters } from './traffic-counters.js';

/** A P2P transfer already running gets at least this long when the segment is due now. */
const MIN_P2P_GRACE_MS = 500;
/** Safety net of `#obtain`'s loop (each round either returns, starts something or waits). */
const MAX_ROUNDS = 32;

export interface HybridSchedulerOptions {
  config: Readonly<P2PConfig>;
  clock: Clock;
  fetch: FetchLike;
  logger: Logger;
  emit: <K extends P2PEventName>(name: K, payload: P2PEventMap[K]) => void;
  /** Integrity hook for bytes from peers. @default accepts everything that passed the size checks */
  verify?: SegmentVerifier;
}

/**
 * Decides, per segment, between the store, a peer and the origin: never stall first, then spend
 * as few origin bytes as possible (see `loadSegment` and `#swarmWaitMs`). The pieces it drives:
 * `PeerTransfers` (running downloads), `Prefetcher` (P2P-only read-ahead), `AvailabilityWaiters`
 * (demands waiting for the swarm), `TrafficCounters` (stats), the origin fetcher and the peer side.
 */
export class HybridScheduler {
  readonly #config: Readonly<P2PConfig>;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #emit: HybridSchedulerOptions['emit'];
  readonly #verify: SegmentVerifier;
  readonly #store: SegmentStore;
  readonly #http: OriginFetcher;
  readonly #discipline: PeerDiscipline;
  readonly #fetchers: LiveFetchers;
  readonly #registry: StreamRegistry;
  readonly #counters = new TrafficCounters();
  readonly #waiters: AvailabilityWaiters;
  readonly #transfers: PeerTransfers;
  readonly #prefetcher: Prefetcher;
  readonly #destroyController = new platform.AbortController();
  /** Set by destroy(); a field, not `signal.aborted`: Node checks the receiver on every read of that getter (~1 % of a simulation). */
  #destroyed = false;
  #peers: PeerSide | undefined;
  /** Whether a peer was ever connected (origin bytes before that are start-up's). */
  #everConnected = false;
  readonly #joinGrace: JoinGrace;

  constructor(options: HybridSchedulerOptions) {
    this.#config = options.config;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#emit = options.emit;
    this.#verify = options.verify ?? (async () => true);
    this.#registry = new StreamRegistry(options.clock);
    this.#waiters = new AvailabilityWaiters(options.clock);
    const { storageLimitBytes: limitBytes, liveRetentionSeconds } = options.config;
    this.#store = new SegmentStore({ limitBytes, liveRetentionSeconds, onChange: (change) => this.#storeChanged(change) });
    this.#http = new OriginFetcher({
      config: options.config,
      clock: options.clock,
      fetch: options.fetch,
      logger: options.logger,
      verify: this.#verify,
      store: this.#store,
      onTraffic: (event) => this.#counters.record(event),
      onLoadingChanged: (streamId) => this.#peers?.swarm.announceLoading(streamId, this.#http.loadingIds(streamId)),
      onOriginChange: () => this.#waiters.wakeAll(),
    });
    this.#discipline = new PeerDiscipline({
      clock: options.clock,
      logger: options.logger,
      emit: options.emit,
      registry: this.#registry,
      counters: this.#counters,
      swarm: () => this.#peers?.swarm,
      isDestroyed: () => this.#destroyed,
    });
    this.#fetchers = new LiveFetchers({ clock: options.clock, discipline: this.#discipline, wake: (key) => this.#waiters.wake(key) });
    this.#transfers = new PeerTransfers({
      onDelivered: (record, bytes) => this.#delivered(record, bytes),
      onEnded: () => this.#prefetcher.schedule(),
      now: () => options.clock.now(),
    });
    this.#prefetcher = new Prefetcher({
      registry: this.#registry,
      transfers: this.#transfers,
      windowSeconds: options.config.p2pWindowSeconds,
      isSettled: ({ stream, segment }) => this.#store.has(stream.id, segment.id) || this.#http.running(stream.id, segment.id) !== undefined,
      pickPeer: ({ stream, segment }) => this.#pickPeer(stream.id, segment.id, new Set()),
      startTransfer: (request, peerId) => this.#startTransfer(request, peerId, true),
      isActive: () => !this.#destroyed && this.#peers !== undefined,
    });
    // Demands waiting for peers that never came go to the origin when it closes. Once a peer is
    // connected, demands wait for the swarm for their own reasons: not woken (a wake ends a
    // demand's wait, and it would go to the origin for what a peer is about to have).
    this.#joinGrace = new JoinGrace({ clock: options.clock, onClose: () => this.#everConnected || this.#waiters.wakeAll() });
  }

  get stats(): P2PStats {
    const swarm = this.#peers?.swarm;
    const swarmSize = swarm?.trackerSwarmSize;
    return this.#counters.snapshot({ peers: swarm?.size ?? 0, storedBytes: this.#store.storedBytes, ...(swarmSize === undefined ? {} : { swarmSize }) });
  }

  /** The segment as the player's list describes it (for the integrity hook). */
  lookupSegment(streamId: string, segmentId: string): SegmentRequest | undefined {
    const stream = this.#registry.stream(streamId);
    const segment = this.#registry.segment(streamId, segmentId);
    return stream && segment ? { stream, segment } : undefined;
  }

  /** Connects the scheduler to a joined swarm. */
  attach(connection: SwarmConnection): void {
    if (this.#destroyed || this.#peers) return;
    this.#joinGrace.restart();
    this.#peers = connectPeerSide({
      connection,
      config: this.#config,
      clock: this.#clock,
      logger: this.#logger,
      verify: this.#verify,
      store: this.#store,
      emit: this.#emit,
      discipline: this.#discipline,
      counters: this.#counters,
      registry: this.#registry,
      waiters: this.#waiters,
      prefetcher: this.#prefetcher,
      onPeerConnected: () => (this.#everConnected = true),
    });
  }

  setStreamSegments(stream: StreamInfo, segments: readonly SegmentInfo[]): void {
    if (this.#destroyed) return;
    const fresh = this.#registry.setSegments(stream, segments);
    this.#fetchers.noteList(stream, segments);
    if (stream.isLive && this.#registry.activeStreamId === stream.id) {
      for (const id of fresh) this.#maybeFetchAsElected(stream, id, true);
    }
    this.#prefetcher.schedule();
  }

  updatePlayback(state: PlaybackState): void {
    if (this.#destroyed) return;
    this.#registry.setPlayback(state);
    const active = this.#registry.activeStreamId;
    const activeStream = active === undefined ? undefined : this.#registry.stream(active);
    const playhead = this.#registry.playheadSeconds();
    if (activeStream?.isLive && playhead !== undefined) this.#store.expireLive(activeStream.id, playhead);
    this.#prefetcher.reap();
    this.#prefetcher.schedule();
  }

  /**
   * (1) store → (2) join a running download → (3) a peer that has it, when there is time →
   * (4) wait for the swarm (live: the elected/announced fetcher; VOD: far-ahead segments) → (5) HTTP.
   */
  async loadSegment(request: SegmentRequest, options: LoadOptions = {}): Promise<SegmentResponse> {
    const startMs = this.#clock.now();
    const controller = new platform.AbortController();
    const abort = () => controller.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    this.#destroyController.signal.addEventListener('abort', abort, { once: true });
    try {
      if (options.signal?.aborted || this.#destroyed) controller.abort();
      this.#registry.noteSegment(request.stream, request.segment);
      this.#registry.activeStreamId = request.stream.id;
      this.#prefetcher.reap();
      const obtained = await this.#obtain(request, controller.signal, options.onProgress);
      this.#prefetcher.schedule();
      return this.#respond(request, obtained, startMs);
    } catch (error) {
      if (this.#destroyed) throw new P2PError({ code: P2PErrorCode.Destroyed, message: 'The P2P core was destroyed', cause: error });
      if (options.signal?.aborted) throw isAbortError(error) ? error : abortError();
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', abort);
      this.#destroyController.signal.removeEventListener('abort', abort);
    }
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#destroyController.abort();
    this.#joinGrace.destroy();
    this.#waiters.destroy();
    this.#fetchers.destroy();
    this.#peers?.downloader.destroy();
    this.#peers?.uploader.destroy();
    this.#http.destroy();
    await this.#peers?.swarm.leave();
    this.#store.clear();
  }

  async #obtain(request: SegmentRequest, signal: AbortSignalLike, onProgress?: ProgressCallback): Promise<Obtained> {
    const { stream, segment } = request;
    const key = segmentKey(stream.id, segment.id);
    const attempt: Attempt = { tried: new Set(), tooLate: false };
    // Origin retries (and waiting out an origin outage) stop here.
    const deadlineMs = this.#clock.now() + Math.max(this.#registry.timeUntilMs(segment.startTime), this.#config.httpTimeoutMs);
    let waited = false;
    let lastError: unknown;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (signal.aborted) throw abortError();
      const stored = this.#takeStored(stream.id, segment.id);
      if (stored) return stored;
      const httpLoad = this.#http.running(stream.id, segment.id);
      if (httpLoad) {
        const outcome = await settle(httpLoad, { clock: this.#clock, signal });
        if (outcome.kind === 'done' && !this.#store.has(stream.id, segment.id)) return { bytes: outcome.value, source: 'http' };
        if (outcome.kind === 'failed') lastError = this.#checkRetryable(outcome.error, deadlineMs);
        continue;
      }
      const record = this.#transfers.get(key);
      if (record) {
        const result = await this.#joinTransfer(record, { signal, onProgress, deadlineMs });
        if (result) return result;
        continue;
      }
      const timeLeftMs = this.#registry.timeUntilMs(segment.startTime);
      const originDown = this.#http.health.failing;
      const peer = this.#pickPeer(stream.id, segment.id, attempt.tried);
      const expectedBytes = expectedSegmentBytes(request, this.#store);
      // While the origin fails, a peer that has the segment goes first even when it is urgent.
      if (peer && (originDown || timeLeftMs - this.#config.p2pFallbackMarginMs > expectedP2PMs(peer, { expectedBytes }))) {
        attempt.tried.add(peer.id);
        this.#startTransfer(request, peer.id, false);
        continue;
      }
      if (peer) attempt.tooLate = true;
      const waitMs = originDown ? deadlineMs - this.#clock.now() : waited ? 0 : this.#swarmWaitMs(request, { timeLeftMs, expectedBytes });
      if (originDown && waitMs <= 0) throw lastError ?? originUnreachable(segment.id);
      if (waitMs > 0) {
        // Woken early when a peer announces the segment or the origin comes back.
        waited = true;
        await this.#waiters.wait(key, waitMs, signal);
        continue;
      }
      const reason = this.#httpReason(request, attempt);
      const result = await this.#tryHttp(request, { signal, onProgress, deadlineMs, reason });
      if (result.obtained) return result.obtained;
      lastError = result.error;
    }
    throw lastError ?? originUnreachable(segment.id);
  }

  /** The stored segment, marked served (a second hand-over is a cache hit). */
  #takeStored(streamId: string, segmentId: string): Obtained | undefined {
    const stored = this.#store.get(streamId, segmentId);
    if (!stored) return undefined;
    const source = stored.served ? 'cache' : stored.source;
    stored.served = true;
    return { bytes: stored.bytes, source, peerId: stored.peerId, httpReason: source === 'http' ? stored.httpReason : undefined };
  }

  /** Why this demand goes to the origin now (see `HttpReason`). */
  #httpReason(request: SegmentRequest, attempt: Attempt): HttpReason {
    return httpReasonFor({
      request,
      swarm: this.#peers?.swarm,
      triedPeers: attempt.tried.size,
      lastFailure: this.#transfers.lastFailure(segmentKey(request.stream.id, request.segment.id)),
      tooLate: attempt.tooLate,
      everConnected: this.#everConnected,
      started: this.#registry.started,
    });
  }

  /** One origin attempt; an outage before the deadline is not final (the loop retries or asks a peer). */
  async #tryHttp(
    request: SegmentRequest,
    options: { signal: AbortSignalLike; onProgress?: ProgressCallback; prefix?: Uint8Array; deadlineMs: number; reason: HttpReason },
  ): Promise<{ obtained?: Obtained; error?: unknown }> {
    try {
      const { bytes, http } = await this.#http.fetch(request, options);
      return { obtained: { bytes, source: 'http', http, httpReason: options.reason } };
    } catch (error) {
      return { error: this.#checkRetryable(error, options.deadlineMs) };
    }
  }

  /** Rethrows what no retry can fix (4xx, abort, deadline passed); returns the error otherwise. */
  #checkRetryable(error: unknown, deadlineMs: number): unknown {
    if (!isOriginOutage(error) || this.#clock.now() >= deadlineMs) throw error;
    return error;
  }

  /** Waits for a running P2P transfer until the deadline; then takes its prefix and fetches the rest over HTTP. */
  async #joinTransfer(record: TransferRecord, options: { signal: AbortSignalLike; onProgress?: ProgressCallback; deadlineMs: number }): Promise<Obtained | undefined> {
    const { signal, onProgress } = options;
    record.demanded = true;
    record.transfer.onProgress = onProgress;
    const dueMs = this.#registry.timeUntilMs(record.request.segment.startTime) - this.#config.p2pFallbackMarginMs;
    // With the origin down there is nothing to fall back to: let the peer take its time.
    const graceMs = this.#http.health.failing ? this.#config.p2pTimeoutMs * 4 : Math.max(dueMs, MIN_P2P_GRACE_MS);
    const outcome = await settle(record.transfer.promise, { clock: this.#clock, signal, timeoutMs: graceMs });
    if (outcome.kind === 'done') {
      // Normally stored by the completion handler; a segment larger than the store is handed over directly.
      return this.#store.has(record.request.stream.id, record.request.segment.id)
        ? undefined
        : { bytes: outcome.value, source: 'p2p', peerId: record.transfer.peerId };
    }
    if (outcome.kind === 'failed') return undefined;
    this.#logger.debug(`P2P transfer of ${record.request.segment.id} too slow, HTTP takes over`);
    const prefix = this.#transfers.cancelTooSlow(record);
    return (await this.#tryHttp(record.request, { ...options, prefix, reason: HttpReason.PeerTooSlow })).obtained;
  }

  #startTransfer(request: SegmentRequest, peerId: string, prefetch: boolean): void {
    this.#transfers.start({ downloader: this.#peers!.downloader, request, peerId, prefetch });
  }

  #delivered({ request: { stream, segment }, transfer }: TransferRecord, bytes: Uint8Array): void {
    if (this.#destroyed) return;
    this.#counters.record({ kind: 'p2p', bytes: bytes.byteLength });
    this.#store.add({
      streamId: stream.id,
      segmentId: segment.id,
      bytes,
      source: 'p2p',
      peerId: transfer.peerId,
      isLive: stream.isLive,
      endTime: segment.startTime + segment.duration,
    });
  }

  /**
   * Live dedupe: a seed of a new live-edge segment fetches it from the origin as it is listed; any
   * other viewer at its own turn, unless a peer near it holds or fetches the segment by then (the
   * prefetcher takes it from them). See `LIVE_SEEDS` and `LiveFetchers.waitMs`.
   */
  #maybeFetchAsElected(stream: StreamInfo, segmentId: string, listed: boolean): void {
    const swarm = this.#peers?.swarm;
    const segment = this.#registry.segment(stream.id, segmentId);
    if (this.#destroyed || !swarm || swarm.size === 0 || !segment || this.#http.health.failing || this.#registry.activeStreamId !== stream.id) return;
    if (this.#store.has(stream.id, segmentId) || this.#http.running(stream.id, segmentId) || this.#transfers.has(segmentKey(stream.id, segmentId))) return;
    if (!listed || !this.#fetchers.selfElected(swarm, stream.id, segmentId)) {
      if (heldNearby(swarm, stream.id, segmentId)) return;
      const expectedHttpMs = this.#http.expectedMs({ expectedBytes: expectedSegmentBytes({ stream, segment }, this.#store) });
      const waitMs = this.#fetchers.waitMs({ swarm, streamId: stream.id, segmentId, expectedHttpMs, segmentDurationMs: segment.duration * 1000 });
      if (waitMs > 0) {
        this.#fetchers.later(waitMs, () => this.#maybeFetchAsElected(stream, segmentId, false));
        return;
      }
    }
    const options = { signal: this.#destroyController.signal, demand: false, reason: HttpReason.LiveElected };
    this.#http.fetch({ stream, segment }, options).catch((error: unknown) => {
      if (!this.#destroyed) this.#logger.warn(`Elected fetch of live segment ${segmentId} failed`, error);
    });
  }

  /** How long this demand may wait for the swarm before HTTP: see `swarmWaitMs`. */
  #swarmWaitMs(request: SegmentRequest, { timeLeftMs, expectedBytes }: { timeLeftMs: number; expectedBytes: number | undefined }): number {
    return swarmWaitMs({
      request, swarm: this.#peers?.swarm, config: this.#config, timeLeftMs, expectedBytes,
      expectedHttpMs: this.#http.expectedMs({ expectedBytes }),
      joinGraceLeftMs: this.#joinGrace.leftMs,
      everConnected: this.#everConnected,
      fetchers: this.#fetchers,
    });
  }

  #pickPeer(streamId: string, segmentId: string, exclude: ReadonlySet<string>): RemotePeer | undefined {
    const swarm = this.#peers?.swarm;
    return swarm && pickPeer({ swarm, streamId, segmentId, exclude, failed: this.#transfers.failedPeers(segmentKey(streamId, segmentId)) });
  }

  #storeChanged({ type, streamId, segmentId }: SegmentStoreChange): void {
    if (this.#destroyed) return;
    this.#peers?.swarm.announceHave(streamId, type === 'add' ? HaveMode.Add : HaveMode.Remove, [segmentId]);
    if (type === 'add') {
      const key = segmentKey(streamId, segmentId);
      this.#transfers.forgetFailures(key);
      this.#waiters.wake(key);
    }
  }

  #respond(request: SegmentRequest, obtained: Obtained, requestStartMs: number): SegmentResponse {
    this.#counters.served(obtained.source);
    const { response, event } = segmentResponse({ request, obtained, requestStartMs, nowMs: this.#clock.now(), httpBytesPerMs: this.#http.bytesPerMs });
    this.#emit('segmentLoaded', event);
    return response;
  }
}
