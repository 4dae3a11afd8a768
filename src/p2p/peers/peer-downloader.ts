import type { Clock } from '../deps.js';
import { PeerOffense } from './peer-score.js';
import type { PeerSwarm, TransferMessage } from './peer-swarm.js';
import { ProtocolLimits, transferKey } from '../protocol/protocol.js';
import { movingAverage } from '../util/moving-average.js';
import { concatChunks } from '../util/wait.js';

/**
 * A stall timer firing this much later than asked means our own process slept (background tab,
 * suspended device), not that the peer stalled: the transfer is re-evaluated without blame.
 */
const LATE_TIMER_MS = 3000;
/**
 * Minimum rate of a transfer once `p2pTimeoutMs` has passed since the request (issue 10, hole 7):
 * a peer sending 1 byte every 3.9 s never tripped the stall timer and every segment arrived with
 * just the fallback margin left. Below this it fails as `stalled` (256 kbit/s: a 500 KB segment
 * would take 15 s), long before the margin.
 */
export const MIN_TRANSFER_BYTES_PER_SECOND = 32 * 1024;

/** Why a transfer from a peer ended without bytes. */
export const TransferFailureReason = {
  /** The peer answered `absent` (it does not have the segment, or refused to serve it). */
  Absent: 'absent',
  /** No data for `p2pTimeoutMs`. */
  Stalled: 'stalled',
  PeerLeft: 'peer-left',
  /** Bytes failed a size, order or verification check. */
  Rejected: 'rejected',
  /** We stopped it (HTTP took over, prefetch no longer wanted, destroy). */
  Cancelled: 'cancelled',
} as const;
export type TransferFailureReason = (typeof TransferFailureReason)[keyof typeof TransferFailureReason];

/**
 * Thrown by a verifier for bytes it cannot vouch for although nothing says they are wrong
 * (`requireIntegrity` and no hash for the segment): rejected, but the peer is not blamed.
 */
export class UnvouchedSegmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnvouchedSegmentError';
  }
}

export class TransferFailure extends Error {
  readonly reason: TransferFailureReason;
  constructor(reason: TransferFailureReason, message: string) {
    super(message);
    this.name = 'TransferFailure';
    this.reason = reason;
  }
}

/** The hook point for integrity checks (hashes, container sanity) of bytes received from a peer. */
export type SegmentVerifier = (request: { streamId: string; segmentId: string; expectedBytes?: number }, bytes: Uint8Array) => Promise<boolean>;

export interface PeerTransferRequest {
  peerId: string;
  streamId: string;
  segmentId: string;
  /** Exact size where the manifest says it. */
  expectedBytes?: number;
}

/** One running download of a segment from one peer. */
export interface PeerTransfer extends PeerTransferRequest {
  readonly requestId: number;
  /** Resolves with verified bytes; rejects with `TransferFailure`. */
  readonly promise: Promise<Uint8Array>;
  readonly receivedBytes: number;
  readonly totalBytes: number | undefined;
  /** Progress listener (one). */
  onProgress: ((loadedBytes: number, totalBytes: number | undefined) => void) | undefined;
  /** Stops the transfer (sends `cancel`) and returns the bytes received so far. */
  cancel(): Uint8Array;
}

export interface PeerDownloaderOptions {
  swarm: PeerSwarm;
  clock: Clock;
  p2pTimeoutMs: number;
  verify: SegmentVerifier;
  /** Bytes from a peer failed a size, order or verification check (the peer is charged `offense`). */
  onRejected(rejection: { transfer: PeerTransferRequest; bytes: number; reason: string; offense: PeerOffense | undefined }): void;
  /** A peer lied (`absent` after `have`) or stalled. */
  onOffense(peerId: string, offense: PeerOffense, detail: string): void;
  /** A peer delivered a verified segment. */
  onVerified(peerId: string): void;
  /**
   * The most bytes a peer may announce for a segment of `streamId` whose size the manifest does
   * not give (see segment-size-bound.ts); unbounded (the codec's `maxSegmentBytes`) without it.
   */
  maxSegmentBytes?(streamId: string): number;
}

interface Running {
  transfer: PeerTransferRequest & { requestId: number };
  /** Announced size (`data-header`), undefined before it. */
  totalBytes: number | undefined;
  /**
   * Received chunks. Memory follows the bytes actually received, never the announced size: a
   * peer announcing 64 MiB and sending nothing costs us nothing.
   */
  chunks: Uint8Array[];
  received: number;
  stallTimer: unknown;
  resolve(bytes: Uint8Array): void;
  reject(error: TransferFailure): void;
  onProgress: PeerTransfer['onProgress'];
  startedMs: number;
}

/** Requests segments from peers and receives them chunk by chunk: stall timeout, size checks, verification. */
export class PeerDownloader {
  readonly #options: PeerDownloaderOptions;
  readonly #running = new Map<string, Running>();
  #nextRequestId = 1;

  constructor(options: PeerDownloaderOptions) {
    this.#options = options;
  }

  request(request: PeerTransferRequest): PeerTransfer {
    const requestId = this.#nextRequestId;
    this.#nextRequestId = this.#nextRequestId >= ProtocolLimits.maxRequestId ? 1 : this.#nextRequestId + 1;
    const key = transferKey(request.peerId, requestId);
    let running!: Running;
    const promise = new Promise<Uint8Array>((resolve, reject) => {
      running = { transfer: { ...request, requestId }, totalBytes: undefined, chunks: [], received: 0, stallTimer: undefined, resolve, reject, onProgress: undefined, startedMs: this.#options.clock.now() };
    });
    promise.catch(() => {}); // failures are handled by whoever awaits; never unhandled
    this.#running.set(key, running);
    const peer = this.#options.swarm.peer(request.peerId);
    if (peer) peer.activeDownloads++;
    this.#armStallTimer(key, running);
    this.#options.swarm.send(request.peerId, { type: 'request', requestId, streamId: request.streamId, segmentId: request.segmentId });
    const downloader = this;
    return {
      ...request,
      requestId,
      promise,
      get receivedBytes() { return running.received; },
      get totalBytes() { return running.totalBytes; },
      get onProgress() { return running.onProgress; },
      set onProgress(cb) { running.onProgress = cb; },
      cancel: () => downloader.#cancel(key, running),
    };
  }

  /** Handles `data-header`, `data-chunk` and `absent` for our requests. */
  handle(peerId: string, message: TransferMessage): void {
    if (message.type !== 'data-header' && message.type !== 'data-chunk' && message.type !== 'absent') return;
    const key = transferKey(peerId, message.requestId);
    const running = this.#running.get(key);
    if (!running) return; // late data of a cancelled/finished request
    if (message.type === 'absent') {
      this.#fail(key, running, new TransferFailure(TransferFailureReason.Absent, 'peer does not have the segment'));
      // A peer that said (`hello`) it serves nobody now refuses, it does not lie: its uploader
      // sends that before the `absent` when its upload cap or its own low buffer stops it.
      if (this.#options.swarm.peer(peerId)?.uploadEnabled === false) return;
      return this.#options.onOffense(peerId, PeerOffense.Absent, `announced segment ${running.transfer.segmentId}, then answered absent`);
    }
    if (message.type === 'data-header') return this.#header(key, running, message.totalBytes);
    this.#chunk(key, running, message.offsetBytes, message.bytes);
  }

  /** Fails every transfer from a peer that left or was banned. */
  peerGone(peerId: string): void {
    for (const [key, running] of [...this.#running]) {
      if (running.transfer.peerId === peerId) this.#fail(key, running, new TransferFailure(TransferFailureReason.PeerLeft, 'peer left'));
    }
  }

  destroy(): void {
    for (const [key, running] of [...this.#running]) this.#cancel(key, running);
  }

  #header(key: string, running: Running, totalBytes: number): void {
    const { expectedBytes } = running.transfer;
    if (running.totalBytes !== undefined) return this.#reject(key, running, { bytes: running.received, reason: 'second data-header', offense: PeerOffense.ProtocolViolation });
    if (totalBytes === 0 || (expectedBytes !== undefined && totalBytes !== expectedBytes)) {
      return this.#reject(key, running, { bytes: 0, reason: `announced ${totalBytes} bytes, expected ${expectedBytes ?? '> 0'}`, offense: PeerOffense.BadSegment });
    }
    const bound = expectedBytes === undefined ? this.#options.maxSegmentBytes?.(running.transfer.streamId) : undefined;
    if (bound !== undefined && totalBytes > bound) {
      // Maybe an honest outlier: no charge, the segment goes elsewhere (one fallback at most).
      return this.#reject(key, running, { bytes: 0, reason: `announced ${totalBytes} bytes, more than the ${bound} this stream's segments make plausible`, offense: undefined });
    }
    running.totalBytes = totalBytes;
    this.#armStallTimer(key, running);
  }

  #chunk(key: string, running: Running, offsetBytes: number, bytes: Uint8Array): void {
    const { totalBytes } = running;
    const protocol = PeerOffense.ProtocolViolation;
    if (totalBytes === undefined) return this.#reject(key, running, { bytes: bytes.byteLength, reason: 'data before data-header', offense: protocol });
    if (offsetBytes !== running.received) return this.#reject(key, running, { bytes: running.received + bytes.byteLength, reason: `chunk at ${offsetBytes}, expected ${running.received}`, offense: protocol });
    if (offsetBytes + bytes.byteLength > totalBytes) {
      return this.#reject(key, running, { bytes: running.received + bytes.byteLength, reason: `more bytes than the announced ${totalBytes}`, offense: protocol });
    }
    running.chunks.push(bytes);
    running.received += bytes.byteLength;
    running.onProgress?.(running.received, totalBytes);
    if (running.received < totalBytes) return this.#armStallTimer(key, running);
    this.#options.clock.clearTimeout(running.stallTimer);
    const buffer = concatChunks(running.chunks, totalBytes);
    running.chunks = [buffer];
    void this.#verify(key, running, buffer);
  }

  async #verify(key: string, running: Running, buffer: Uint8Array): Promise<void> {
    let ok = false;
    let unvouched: string | undefined;
    try {
      ok = await this.#options.verify(running.transfer, buffer);
    } catch (error) {
      if (error instanceof UnvouchedSegmentError) unvouched = error.message;
    }
    if (!this.#running.has(key)) return;
    if (unvouched !== undefined) return this.#reject(key, running, { bytes: buffer.byteLength, reason: unvouched, offense: undefined });
    if (!ok) return this.#reject(key, running, { bytes: buffer.byteLength, reason: 'verification failed', offense: PeerOffense.BadSegment });
    this.#finish(key, running);
    const peer = this.#options.swarm.peer(running.transfer.peerId);
    const elapsedMs = Math.max(1, this.#options.clock.now() - running.startedMs);
    if (peer) peer.bytesPerMs = movingAverage(peer.bytesPerMs, buffer.byteLength / elapsedMs);
    this.#options.onVerified(running.transfer.peerId);
    running.resolve(buffer);
  }

  #armStallTimer(key: string, running: Running): void {
    const { clock, p2pTimeoutMs } = this.#options;
    clock.clearTimeout(running.stallTimer);
    const armedMs = clock.now();
    // When the bytes received so far stop covering the minimum rate (after a first p2pTimeoutMs).
    const behindInMs = running.startedMs + p2pTimeoutMs + (running.received / MIN_TRANSFER_BYTES_PER_SECOND) * 1000 - armedMs;
    const delayMs = Math.max(0, Math.min(p2pTimeoutMs, behindInMs));
    const tooSlow = delayMs < p2pTimeoutMs;
    running.stallTimer = clock.setTimeout(() => {
      const { peerId, requestId, segmentId } = running.transfer;
      this.#options.swarm.send(peerId, { type: 'cancel', requestId });
      const why = tooSlow ? `below ${MIN_TRANSFER_BYTES_PER_SECOND} bytes/s` : `no data for ${p2pTimeoutMs} ms`;
      this.#fail(key, running, new TransferFailure(TransferFailureReason.Stalled, why));
      // Stalled mid-transfer or never started: the peer's fault, unless we were the ones asleep.
      const lateMs = clock.now() - armedMs - delayMs;
      if (lateMs < LATE_TIMER_MS) this.#options.onOffense(peerId, PeerOffense.Stalled, `segment ${segmentId}: ${why} after ${running.received} bytes`);
    }, delayMs);
  }

  #reject(key: string, running: Running, rejection: { bytes: number; reason: string; offense: PeerOffense | undefined }): void {
    this.#options.swarm.send(running.transfer.peerId, { type: 'cancel', requestId: running.transfer.requestId });
    this.#fail(key, running, new TransferFailure(TransferFailureReason.Rejected, rejection.reason));
    this.#options.onRejected({ transfer: running.transfer, ...rejection });
  }

  #cancel(key: string, running: Running): Uint8Array {
    if (!this.#running.has(key)) return new Uint8Array(0);
    const prefix = concatChunks(running.chunks, running.received);
    this.#options.swarm.send(running.transfer.peerId, { type: 'cancel', requestId: running.transfer.requestId });
    this.#fail(key, running, new TransferFailure(TransferFailureReason.Cancelled, 'cancelled'));
    return prefix;
  }

  #fail(key: string, running: Running, error: TransferFailure): void {
    if (!this.#running.has(key)) return;
    this.#finish(key, running);
    running.reject(error);
  }

  #finish(key: string, running: Running): void {
    this.#running.delete(key);
    this.#options.clock.clearTimeout(running.stallTimer);
    const peer = this.#options.swarm.peer(running.transfer.peerId);
    if (peer) peer.activeDownloads = Math.max(0, peer.activeDownloads - 1);
  }
}
