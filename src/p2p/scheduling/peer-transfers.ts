import { TransferFailure, type PeerDownloader, type PeerTransfer, type TransferFailureReason } from '../peers/peer-downloader.js';
import { segmentKey, type SegmentRequest } from '../segment.js';

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
}

/**
 * The running peer transfers (at most one per segment) and the peers that failed a segment
 * (stalled, absent, rejected): those are not asked for it again until it is stored.
 */
export class PeerTransfers {
  readonly #options: PeerTransfersOptions;
  readonly #running = new Map<string, TransferRecord>();
  readonly #failed = new Map<string, { peers: Set<string>; lastReason: TransferFailureReason }>();

  constructor(options: PeerTransfersOptions) {
    this.#options = options;
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

  failedPeers(key: string): ReadonlySet<string> | undefined {
    return this.#failed.get(key)?.peers;
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
        ended();
      },
    );
    return record;
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
