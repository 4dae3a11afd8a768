import type { RemotePeer } from '../peers/peer-swarm.js';
import { segmentKey, type SegmentRequest } from '../segment.js';
import type { PeerTransfers } from './peer-transfers.js';
import type { StreamRegistry } from './stream-registry.js';
import { platform } from '../util/platform.js';

/** Concurrent P2P prefetches. */
const MAX_PREFETCHES = 2;

export interface PrefetcherOptions {
  registry: StreamRegistry;
  transfers: PeerTransfers;
  windowSeconds: number;
  /** Already stored or being fetched over HTTP. */
  isSettled(request: SegmentRequest): boolean;
  pickPeer(request: SegmentRequest): RemotePeer | undefined;
  startTransfer(request: SegmentRequest, peerId: string): void;
  /** False once the core is destroyed or before the swarm is joined. */
  isActive(): boolean;
}

/**
 * Prefetches segments of the active stream within the P2P window from peers — never from the
 * origin — so demands find them stored. Runs at most once per microtask however often asked.
 */
export class Prefetcher {
  readonly #options: PrefetcherOptions;
  #queued = false;

  constructor(options: PrefetcherOptions) {
    this.#options = options;
  }

  schedule(): void {
    if (this.#queued) return;
    this.#queued = true;
    platform.queueMicrotask(() => {
      this.#queued = false;
      if (this.#options.isActive()) this.#pump();
    });
  }

  /** Cancels prefetches nobody waits for that left the window (seek, ABR switch). */
  reap(): void {
    const { registry, transfers, windowSeconds } = this.#options;
    const inWindow = new Set(registry.window(windowSeconds).map(({ stream, segment }) => segmentKey(stream.id, segment.id)));
    for (const [key, record] of [...transfers.records()]) {
      if (record.prefetch && !record.demanded && !inWindow.has(key)) record.transfer.cancel();
    }
  }

  #pump(): void {
    const { registry, transfers, windowSeconds } = this.#options;
    let running = transfers.prefetchCount;
    for (const request of registry.window(windowSeconds)) {
      if (running >= MAX_PREFETCHES) return;
      if (this.#options.isSettled(request) || transfers.has(segmentKey(request.stream.id, request.segment.id))) continue;
      const peer = this.#options.pickPeer(request);
      if (!peer) continue;
      this.#options.startTransfer(request, peer.id);
      running++;
    }
  }
}
