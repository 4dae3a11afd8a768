import { TransferFailure, TransferFailureReason, type PeerDownloader, type PeerTransfer } from '../peers/peer-downloader.js';
import { segmentKey, type SegmentRequest } from '../segment.js';

/**
 * A peer that stalled after sending bytes (drip-feeding, below the minimum rate) is not asked for any segment of that stream
 * for this long (issue 10, hole 7: remembered per segment only, a drip-feeding peer was chosen
 * again for the next segment, costing a fallback each time). Silent stalls and bad bytes stay per
 * segment: their points add up to a ban, which needs the peer asked again.
 */
export const STREAM_FAILURE_MS = 60_000;
/** Streams with failure memory kept (oldest dropped first). */
const MAX_FAILED_STREAMS = 64;

/** One running download from a peer, and who wants it. */
export interface TransferRecord {
  transfer: PeerTransfer;
  request: SegmentRequest;
  /** Started by the prefetcher, not by a demand. */
  prefetch: boolean;
  /** A demand joined it (then it is never reaped). */
  demanded: boolean;
}

export interface PeerTransfersOptions {
  /** Verified bytes arrived. */
  onDelivered(record: TransferRecord, bytes: Uint8Array): void;
  /** A transfer ended, either way (the scheduler re-plans). */
  onEnded(): void;
  /** The clock, for how long a peer stays failed for a stream (without it: for the session). */
  now?(): number;
}

/**
 * The running peer transfers (at most one per segment) and the peers that failed a segment
 * (stalled, absent, rejected): those are not asked for it again until it is stored.
 */
export class PeerTransfers {
  readonly #options: PeerTransfersOptions;
  readonly #running = new Map<string, TransferRecord>();
  readonly #failed = new Map<string, { peers: Set<string>; lastReason: TransferFailureReason }>();
  /** streamId → peerId → until when it is not asked for that stream. */
  readonly #streamFailed = new Map<string, Map<string, number>>();

  constructor(options: PeerTransfersOptions) {
    this.#options = options;
  }

  #now(): number {
    return this.#options.now?.() ?? 0;
  }

  get(key: string): TransferRecord | undefined {
    return this.#running.get(key);
  }

  has(key: string): boolean {
    return this.#running.has(key);
  }

  records(): IterableIterator<[string, TransferRecord]> {
    return this.#running.entries();
  }

  get prefetchCount(): number {
    let count = 0;
    for (const record of this.#running.values()) if (record.prefetch) count++;
    return count;
  }

  /** Peers not to ask for this segment: failed it, or failed its stream recently. */
  failedPeers(key: string): ReadonlySet<string> | undefined {
    const segmentFailed = this.#failed.get(key)?.peers;
    const streamId = key.slice(0, key.indexOf('\u0000'));
    const byStream = this.#streamFailed.get(streamId);
    if (!byStream) return segmentFailed;
    // Asked per prefetch candidate: a copy only when a stream-wide exclusion is still running.
    const now = this.#now();
    let peers: Set<string> | undefined;
    for (const [peerId, untilMs] of byStream) {
      if (untilMs > now) (peers ??= new Set(segmentFailed)).add(peerId);
      else byStream.delete(peerId);
    }
    if (byStream.size === 0) this.#streamFailed.delete(streamId);
    return peers ?? segmentFailed;
  }

  /** Why the last failed transfer of this segment failed, if one did. */
  lastFailure(key: string): TransferFailureReason | undefined {
    return this.#failed.get(key)?.lastReason;
  }

  /** The segment is stored: every peer may be asked for it again. */
  forgetFailures(key: string): void {
    this.#failed.delete(key);
  }

  start(options: { downloader: PeerDownloader; request: SegmentRequest; peerId: string; prefetch: boolean }): TransferRecord {
    const { downloader, request, peerId, prefetch } = options;
    const { stream, segment } = request;
    const key = segmentKey(stream.id, segment.id);
    const transfer = downloader.request({ peerId, streamId: stream.id, segmentId: segment.id, expectedBytes: segment.expectedBytes });
    const record: TransferRecord = { transfer, request, prefetch, demanded: !prefetch };
    this.#running.set(key, record);
    const ended = () => {
      if (this.#running.get(key) === record) this.#running.delete(key);
      this.#options.onEnded();
    };
    transfer.promise.then(
      (bytes) => {
        ended();
        this.#options.onDelivered(record, bytes);
      },
      (error: unknown) => {
        if (!(error instanceof TransferFailure && error.reason === 'cancelled')) this.#noteFailure(key, peerId, error);
        if (error instanceof TransferFailure && error.reason === 'stalled' && transfer.receivedBytes > 0) this.#noteStreamFailure(stream.id, peerId);
        ended();
      },
    );
    return record;
  }

  /**
   * The transfer will not finish in time: cancels it and returns the bytes so far (the origin
   * sends the rest). Its peer is not asked for this segment again nor, for a while, for its
   * stream: a peer that drips bytes just fast enough not to stall would otherwise be chosen again
   * for every segment and cost a fallback each time. No score points: a slow link is no offense.
   */
  cancelTooSlow(record: TransferRecord): Uint8Array {
    const { request, transfer } = record;
    const key = segmentKey(request.stream.id, request.segment.id);
    this.#noteFailure(key, transfer.peerId, new TransferFailure(TransferFailureReason.Stalled, 'too slow for the deadline'));
    this.#noteStreamFailure(request.stream.id, transfer.peerId);
    return transfer.cancel();
  }

  #noteStreamFailure(streamId: string, peerId: string): void {
    let byStream = this.#streamFailed.get(streamId);
    if (!byStream) this.#streamFailed.set(streamId, (byStream = new Map()));
    byStream.set(peerId, this.#options.now ? this.#now() + STREAM_FAILURE_MS : Infinity);
    while (this.#streamFailed.size > MAX_FAILED_STREAMS) this.#streamFailed.delete(this.#streamFailed.keys().next().value!);
  }

  #noteFailure(key: string, peerId: string, error: unknown): void {
    const lastReason = error instanceof TransferFailure ? error.reason : 'stalled';
    const entry = this.#failed.get(key);
    if (entry) {
      entry.peers.add(peerId);
      entry.lastReason = lastReason;
    } else {
      this.#failed.set(key, { peers: new Set([peerId]), lastReason });
    }
  }
}
