import { syntheticTiming } from './abr-timing.js';
import type { P2PConfig } from '../config.js';
import type { Clock, Logger } from '../deps.js';
import { P2PError, P2PErrorCode, isAbortError } from '../errors.js';
import type { P2PEventMap, P2PEventName, P2PStats } from '../events.js';
import { OriginFetcher } from '../http/origin-fetcher.js';
import { isOriginOutage, type OriginResponse } from '../http/origin-request.js';
import { PeerDownloader, TransferFailure, type PeerTransfer, type SegmentVerifier } from '../peers/peer-downloader.js';
import { PeerOffense, PeerScores } from '../peers/peer-score.js';
import { electedFetcher, expectedP2PMs, pickPeer } from './peer-selection.js';
import { PeerSwarm, type RemotePeer } from '../peers/peer-swarm.js';
import { PeerUploader } from '../peers/peer-uploader.js';
import { HaveMode, PROTOCOL_VERSION } from '../protocol/protocol.js';
import { ProtocolCodec } from '../protocol/protocol-codec.js';
import type { LoadOptions, PlaybackState, ProgressCallback, SegmentInfo, SegmentRequest, SegmentResponse, SegmentSource, StreamInfo } from '../segment.js';
import { SegmentStore, type SegmentStoreChange } from '../storage/segment-store.js';
import { StreamRegistry } from './stream-registry.js';
import type { SwarmConnection } from '../transport/transport.js';
import { abortError, settle } from '../util/wait.js';

/** Concurrent P2P prefetches. */
const MAX_PREFETCHES = 2;
/** Longest a demand waits for the swarm before going to HTTP (also keeps bridges' timeouts happy). */
const MAX_SWARM_WAIT_MS = 8000;
/** A P2P transfer already running gets at least this long when the segment is due now. */
const MIN_P2P_GRACE_MS = 500;
/** Safety net of `#obtain`'s loop (each round either returns, starts something or waits). */
const MAX_ROUNDS = 32;

export interface HybridSchedulerOptions {
  config: Readonly<P2PConfig>;
  clock: Clock;
  fetch: typeof fetch;
  logger: Logger;
  emit: <K extends P2PEventName>(name: K, payload: P2PEventMap[K]) => void;
  /** Integrity hook for bytes from peers. @default accepts everything that passed the size checks */
  verify?: SegmentVerifier;
}

interface TransferRecord {
  transfer: PeerTransfer;
  request: SegmentRequest;
  prefetch: boolean;
  demanded: boolean;
}

interface Obtained {
  bytes: Uint8Array;
  source: SegmentSource;
  peerId?: string;
  http?: OriginResponse;
}

const keyOf = (streamId: string, segmentId: string) => `${streamId}\u0000${segmentId}`;

/**
 * Decides, per segment, between the store, a peer and the origin: never stall first, then spend
 * as few origin bytes as possible (see docs in `loadSegment` and `#swarmWaitMs`).
 */
export class HybridScheduler {
  readonly #config: Readonly<P2PConfig>;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #emit: HybridSchedulerOptions['emit'];
  readonly #verify: SegmentVerifier;
  readonly #store: SegmentStore;
  readonly #http: OriginFetcher;
  readonly #scores: PeerScores;
  readonly #registry: StreamRegistry;
  readonly #transfers = new Map<string, TransferRecord>();
  readonly #waiters = new Map<string, Set<() => void>>();
  /** Peers that failed a segment (stalled, absent, rejected): not asked for it again. */
  readonly #failedPeers = new Map<string, Set<string>>();
  readonly #destroyController = new AbortController();
  readonly #counters = { httpBytes: 0, p2pBytes: 0, uploadBytes: 0, rejectedBytes: 0, segments: { http: 0, p2p: 0, cache: 0 } };
  #swarm: PeerSwarm | undefined;
  #downloader: PeerDownloader | undefined;
  #uploader: PeerUploader | undefined;
  #pumpQueued = false;

  constructor(options: HybridSchedulerOptions) {
    this.#config = options.config;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#emit = options.emit;
    this.#verify = options.verify ?? (async () => true);
    this.#registry = new StreamRegistry(options.clock);
    this.#store = new SegmentStore({
      limitBytes: options.config.storageLimitBytes,
      liveRetentionSeconds: options.config.liveRetentionSeconds,
      onChange: (change) => this.#storeChanged(change),
    });
    this.#http = new OriginFetcher({
      config: options.config,
      clock: options.clock,
      fetch: options.fetch,
      logger: options.logger,
      verify: this.#verify,
      store: this.#store,
      counters: this.#counters,
      onLoadingChanged: (streamId) => this.#swarm?.announceLoading(streamId, this.#http.loadingIds(streamId)),
      onOriginChange: () => this.#wakeAll(),
    });
    this.#scores = new PeerScores({
      clock: options.clock,
      onBan: ({ peerId, offense, reason }) => {
        this.#emit('peerBanned', { peerId, reason });
        this.#swarm?.ban(peerId, offense === PeerOffense.ProtocolViolation ? 'protocol' : 'banned');
      },
    });
  }

  /** Whether the origin is answering (false during an outage, until a probe succeeds). */
  get originHealthy(): boolean {
    return !this.#http.health.failing;
  }

  get #destroyed(): boolean {
    return this.#destroyController.signal.aborted;
  }

  get stats(): P2PStats {
    const { httpBytes, p2pBytes } = this.#counters;
    return {
      ...this.#counters,
      segments: { ...this.#counters.segments },
      peers: this.#swarm?.size ?? 0,
      storedBytes: this.#store.storedBytes,
      p2pRatio: httpBytes + p2pBytes === 0 ? 0 : p2pBytes / (httpBytes + p2pBytes),
    };
  }

  /** The segment as the player's list describes it (for the integrity hook). */
  lookupSegment(streamId: string, segmentId: string): SegmentRequest | undefined {
    const stream = this.#registry.stream(streamId);
    const segment = this.#registry.segment(streamId, segmentId);
    return stream && segment ? { stream, segment } : undefined;
  }

  /** Connects the scheduler to a joined swarm. */
  attach(connection: SwarmConnection): void {
    if (this.#destroyed || this.#swarm) return;
    const offense = (peerId: string, kind: PeerOffense, detail: string) => this.#offense(peerId, kind, detail);
    const swarm = new PeerSwarm({
      connection,
      codec: new ProtocolCodec({ maxSegmentBytes: this.#config.maxSegmentBytes }),
      clock: this.#clock,
      logger: this.#logger,
      maxPeers: this.#config.maxPeers,
      uploadEnabled: this.#config.uploadEnabled,
      holdings: () => new Map(this.#store.streamIds().map((id) => [id, this.#store.segmentIds(id)])),
      handlers: {
        peerConnected: (peer) => {
          this.#emit('peerConnected', { peerId: peer.id });
          this.#schedulePump();
        },
        peerDisconnected: (peerId, reason) => {
          this.#downloader?.peerGone(peerId);
          this.#uploader?.peerGone(peerId);
          this.#scores.forget(peerId);
          this.#emit('peerDisconnected', { peerId, reason });
        },
        availabilityChanged: (_peerId, streamId, added) => {
          for (const id of added) this.#wake(keyOf(streamId, id));
          this.#schedulePump();
        },
        transferMessage: (peerId, message) => {
          if (message.type === 'request' || message.type === 'cancel') this.#uploader?.handle(peerId, message);
          else this.#downloader?.handle(peerId, message);
        },
        offense,
        unsupportedVersion: (peerId, version) => {
          const message = `Peer ${peerId} speaks protocol version ${version}, we speak ${PROTOCOL_VERSION}: dropped`;
          this.#emit('warning', { error: new P2PError({ code: P2PErrorCode.UnsupportedProtocolVersion, message }) });
        },
        warning: (warning) => this.#emit('warning', { error: new P2PError({ code: warning.code, message: warning.message }) }),
      },
    });
    this.#swarm = swarm;
    this.#downloader = new PeerDownloader({
      swarm,
      clock: this.#clock,
      p2pTimeoutMs: this.#config.p2pTimeoutMs,
      verify: this.#verify,
      onRejected: ({ transfer, bytes, reason, offense: kind }) => this.#rejected({ ...transfer, bytes, reason, offense: kind }),
      onOffense: offense,
      onVerified: (peerId) => this.#scores.reward(peerId),
    });
    this.#uploader = new PeerUploader({
      swarm,
      store: this.#store,
      clock: this.#clock,
      isUploadEnabled: () => this.#config.uploadEnabled,
      onUploaded: ({ peerId, streamId, segmentId, bytes }) => {
        this.#counters.uploadBytes += bytes;
        const stream = this.#registry.stream(streamId);
        if (stream) this.#emit('segmentUploaded', { stream, segmentId, peerId, bytes });
      },
      onOffense: offense,
    });
  }

  setStreamSegments(stream: StreamInfo, segments: readonly SegmentInfo[]): void {
    if (this.#destroyed) return;
    const fresh = this.#registry.setSegments(stream, segments);
    if (stream.isLive && this.#registry.activeStreamId === stream.id) {
      for (const id of fresh) this.#maybeFetchAsElected(stream, id);
    }
    this.#schedulePump();
  }

  updatePlayback(state: PlaybackState): void {
    if (this.#destroyed) return;
    this.#registry.setPlayback(state);
    const active = this.#registry.activeStreamId;
    const activeStream = active === undefined ? undefined : this.#registry.stream(active);
    const playhead = this.#registry.playheadSeconds();
    if (activeStream?.isLive && playhead !== undefined) this.#store.expireLive(activeStream.id, playhead);
    this.#reapPrefetches();
    this.#schedulePump();
  }

  /**
   * (1) store → (2) join a running download → (3) a peer that has it, when there is time →
   * (4) wait for the swarm (live: the elected/announced fetcher; VOD: far-ahead segments) → (5) HTTP.
   */
  async loadSegment(request: SegmentRequest, options: LoadOptions = {}): Promise<SegmentResponse> {
    const startMs = this.#clock.now();
    const controller = new AbortController();
    const abort = () => controller.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    this.#destroyController.signal.addEventListener('abort', abort, { once: true });
    try {
      if (options.signal?.aborted || this.#destroyed) controller.abort();
      this.#registry.noteSegment(request.stream, request.segment);
      this.#registry.activeStreamId = request.stream.id;
      this.#reapPrefetches();
      const obtained = await this.#obtain(request, controller.signal, options.onProgress);
      this.#schedulePump();
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
    this.#destroyController.abort();
    for (const wakers of this.#waiters.values()) for (const wake of wakers) wake();
    this.#waiters.clear();
    this.#downloader?.destroy();
    this.#uploader?.destroy();
    this.#http.destroy();
    await this.#swarm?.leave();
    this.#store.clear();
  }

  async #obtain(request: SegmentRequest, signal: AbortSignal, onProgress?: ProgressCallback): Promise<Obtained> {
    const { stream, segment } = request;
    const key = keyOf(stream.id, segment.id);
    const tried = new Set<string>();
    // Origin retries (and waiting out an origin outage) stop here.
    const deadlineMs = this.#clock.now() + Math.max(this.#registry.timeUntilMs(segment.startTime), this.#config.httpTimeoutMs);
    let waited = false;
    let lastError: unknown;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (signal.aborted) throw abortError();
      const stored = this.#store.get(stream.id, segment.id);
      if (stored) {
        const source = stored.served ? 'cache' : stored.source;
        stored.served = true;
        return { bytes: stored.bytes, source, peerId: stored.peerId };
      }
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
      const peer = this.#pickPeer(stream.id, segment.id, tried);
      // While the origin fails, a peer that has the segment goes first even when it is urgent.
      if (peer && (originDown || timeLeftMs - this.#config.p2pFallbackMarginMs > expectedP2PMs(peer, segment))) {
        tried.add(peer.id);
        this.#startTransfer(request, peer.id, false);
        continue;
      }
      const waitMs = originDown ? deadlineMs - this.#clock.now() : waited ? 0 : this.#swarmWaitMs(request, timeLeftMs);
      if (originDown && waitMs <= 0) throw lastError ?? originDownError(segment);
      if (waitMs > 0) {
        // Woken early when a peer announces the segment or the origin comes back.
        waited = true;
        await this.#waitForAvailability(key, waitMs, signal);
        continue;
      }
      const result = await this.#tryHttp(request, { signal, onProgress, deadlineMs });
      if (result.obtained) return result.obtained;
      lastError = result.error;
    }
    throw lastError ?? originDownError(segment);
  }

  /** One origin attempt; an outage before the deadline is not final (the loop retries or asks a peer). */
  async #tryHttp(request: SegmentRequest, options: { signal: AbortSignal; onProgress?: ProgressCallback; prefix?: Uint8Array; deadlineMs: number }): Promise<{ obtained?: Obtained; error?: unknown }> {
    try {
      const { bytes, http } = await this.#http.fetch(request, options);
      return { obtained: { bytes, source: 'http', http } };
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
  async #joinTransfer(record: TransferRecord, options: { signal: AbortSignal; onProgress?: ProgressCallback; deadlineMs: number }): Promise<Obtained | undefined> {
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
    const prefix = record.transfer.cancel();
    return (await this.#tryHttp(record.request, { ...options, prefix })).obtained;
  }

  #startTransfer(request: SegmentRequest, peerId: string, prefetch: boolean): void {
    const { stream, segment } = request;
    const key = keyOf(stream.id, segment.id);
    const transfer = this.#downloader!.request({ peerId, streamId: stream.id, segmentId: segment.id, expectedBytes: segment.expectedBytes });
    const record: TransferRecord = { transfer, request, prefetch, demanded: !prefetch };
    this.#transfers.set(key, record);
    const done = () => {
      if (this.#transfers.get(key) === record) this.#transfers.delete(key);
      this.#schedulePump();
    };
    transfer.promise.then(
      (bytes) => {
        done();
        if (this.#destroyed) return;
        this.#counters.p2pBytes += bytes.byteLength;
        this.#store.add({ streamId: stream.id, segmentId: segment.id, bytes, source: 'p2p', peerId, isLive: stream.isLive, endTime: segment.startTime + segment.duration });
      },
      (error: unknown) => {
        if (!(error instanceof TransferFailure && error.reason === 'cancelled')) {
          let failed = this.#failedPeers.get(key);
          if (!failed) this.#failedPeers.set(key, (failed = new Set()));
          failed.add(peerId);
        }
        done();
      },
    );
  }

  /** Live dedupe: the elected peer fetches a new live-edge segment from the origin right away. */
  #maybeFetchAsElected(stream: StreamInfo, segmentId: string): void {
    const swarm = this.#swarm;
    const segment = this.#registry.segment(stream.id, segmentId);
    if (!swarm || swarm.size === 0 || !segment || this.#http.health.failing) return;
    const key = keyOf(stream.id, segmentId);
    if (this.#store.has(stream.id, segmentId) || this.#http.running(stream.id, segmentId) || this.#transfers.has(key)) return;
    if (electedFetcher(swarm, stream.id, segmentId) !== swarm.selfId) return;
    const deadlineMs = this.#clock.now() + this.#config.httpTimeoutMs;
    this.#http.fetch({ stream, segment }, { signal: this.#destroyController.signal, demand: false, deadlineMs }).catch((error: unknown) => {
      if (!this.#destroyed) this.#logger.warn(`Elected fetch of live segment ${segmentId} failed`, error);
    });
  }

  /**
   * How long a demand may wait for the swarm before HTTP. Live: when a peer announced it is
   * fetching the segment or another peer was elected, until the last moment an HTTP fetch still
   * makes it. VOD: a segment further ahead than `httpWindowSeconds` waits until it enters that
   * window (peers often get it meanwhile), which keeps the HTTP lead short. Never waits when no
   * peer is connected (tracker down, alone in the swarm).
   */
  #swarmWaitMs({ stream, segment }: SegmentRequest, timeLeftMs: number): number {
    const swarm = this.#swarm;
    if (!swarm || swarm.size === 0) return 0;
    if (stream.isLive) {
      const announced = [...swarm.peers].some((peer) => peer.loading.get(stream.id)?.has(segment.id));
      const elected = electedFetcher(swarm, stream.id, segment.id);
      if (!announced && (elected === undefined || elected === swarm.selfId)) return 0;
      return Math.min(timeLeftMs - this.#config.p2pFallbackMarginMs - this.#http.expectedMs(segment), MAX_SWARM_WAIT_MS);
    }
    return Math.min(timeLeftMs - this.#config.httpWindowSeconds * 1000, MAX_SWARM_WAIT_MS);
  }

  #waitForAvailability(key: string, waitMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      let wakers = this.#waiters.get(key);
      if (!wakers) this.#waiters.set(key, (wakers = new Set()));
      const finish = () => {
        this.#clock.clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        wakers.delete(finish);
        if (wakers.size === 0 && this.#waiters.get(key) === wakers) this.#waiters.delete(key);
        resolve();
      };
      const onAbort = () => {
        finish();
        reject(abortError());
      };
      const timer = this.#clock.setTimeout(finish, waitMs);
      wakers.add(finish);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  #wake(key: string): void {
    for (const wake of [...(this.#waiters.get(key) ?? [])]) wake();
  }

  #wakeAll(): void {
    for (const wakers of [...this.#waiters.values()]) for (const wake of [...wakers]) wake();
  }

  #pickPeer(streamId: string, segmentId: string, exclude: ReadonlySet<string>): RemotePeer | undefined {
    if (!this.#swarm) return undefined;
    return pickPeer({ swarm: this.#swarm, streamId, segmentId, exclude, failed: this.#failedPeers.get(keyOf(streamId, segmentId)) });
  }

  /** Prefetches segments of the active stream within `p2pWindowSeconds` from peers (never HTTP). */
  #schedulePump(): void {
    if (this.#pumpQueued || this.#destroyed) return;
    this.#pumpQueued = true;
    queueMicrotask(() => {
      this.#pumpQueued = false;
      if (!this.#destroyed && this.#swarm) this.#pump();
    });
  }

  #pump(): void {
    let running = [...this.#transfers.values()].filter((record) => record.prefetch).length;
    for (const { stream, segment } of this.#registry.window(this.#config.p2pWindowSeconds)) {
      if (running >= MAX_PREFETCHES) return;
      const key = keyOf(stream.id, segment.id);
      if (this.#store.has(stream.id, segment.id) || this.#transfers.has(key) || this.#http.running(stream.id, segment.id)) continue;
      const peer = this.#pickPeer(stream.id, segment.id, new Set());
      if (!peer) continue;
      this.#startTransfer({ stream, segment }, peer.id, true);
      running++;
    }
  }

  /** Cancels prefetches nobody waits for that left the window (seek, ABR switch). */
  #reapPrefetches(): void {
    const inWindow = new Set(this.#registry.window(this.#config.p2pWindowSeconds).map(({ stream, segment }) => keyOf(stream.id, segment.id)));
    for (const [key, record] of [...this.#transfers]) {
      if (record.prefetch && !record.demanded && !inWindow.has(key)) record.transfer.cancel();
    }
  }

  #storeChanged({ type, streamId, segmentId }: SegmentStoreChange): void {
    if (this.#destroyed) return;
    this.#swarm?.announceHave(streamId, type === 'add' ? HaveMode.Add : HaveMode.Remove, [segmentId]);
    if (type === 'add') {
      this.#failedPeers.delete(keyOf(streamId, segmentId));
      this.#wake(keyOf(streamId, segmentId));
    }
  }

  #rejected(rejection: { peerId: string; streamId: string; segmentId: string; bytes: number; reason: string; offense: PeerOffense }): void {
    const { peerId, streamId, segmentId, bytes, reason } = rejection;
    this.#counters.rejectedBytes += bytes;
    const stream = this.#registry.stream(streamId);
    if (stream) this.#emit('segmentRejected', { stream, segmentId, peerId, bytes, reason });
    this.#offense(peerId, rejection.offense, `segment ${segmentId}: ${reason}`);
  }

  /** Every misbehaviour ends here: scored, and banned at `BAN_SCORE` (see `peer-score.ts`). */
  #offense(peerId: string, offense: PeerOffense, detail: string): void {
    if (this.#destroyed || this.#swarm?.isBanned(peerId)) return;
    this.#logger.debug(`peer ${peerId}: ${offense} (${detail})`);
    if (offense === PeerOffense.ProtocolViolation) {
      this.#emit('warning', { error: new P2PError({ code: P2PErrorCode.ProtocolViolation, message: `Peer ${peerId}: ${detail}` }) });
    }
    this.#scores.penalize(peerId, offense, detail);
  }

  /** HTTP: the real timing; peer/cache: see `syntheticTiming`. */
  #respond(request: SegmentRequest, obtained: Obtained, requestStartMs: number): SegmentResponse {
    const { bytes, source, peerId, http } = obtained;
    this.#counters.segments[source]++;
    const httpBytesPerMs = this.#http.bytesPerMs;
    const timing = http
      ? { startMs: http.startMs, firstByteMs: http.firstByteMs, endMs: http.endMs }
      : syntheticTiming({ byteLength: bytes.byteLength, requestStartMs, nowMs: this.#clock.now(), httpBytesPerMs });
    this.#emit('segmentLoaded', { stream: request.stream, segment: request.segment, source, bytes: bytes.byteLength, peerId, durationMs: timing.endMs - timing.startMs });
    // A copy: players transfer (detach) the buffer to workers; the store keeps its own.
    const data = bytes.slice().buffer as ArrayBuffer;
    return { data, source, timing, excludeFromBandwidth: source !== 'http' && httpBytesPerMs === undefined };
  }
}

function originDownError(segment: SegmentInfo): P2PError {
  return new P2PError({ code: P2PErrorCode.HttpError, message: `Origin unreachable and no peer has segment ${segment.id}`, fatal: true });
}
