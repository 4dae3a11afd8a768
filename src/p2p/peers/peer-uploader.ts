import type { Clock } from '../deps.js';
import { PeerOffense } from './peer-score.js';
import type { PeerSwarm, TransferMessage } from './peer-swarm.js';
import { ProtocolLimits, transferKey } from '../protocol/protocol.js';
import type { SegmentStore } from '../storage/segment-store.js';
import { TokenBucket } from './token-bucket.js';

/**
 * Concurrent uploads to one peer. Our downloader never has more than 3 requests in flight per
 * peer, so a peer above this is flooding: the request is answered `absent` and costs `flood` points.
 */
const MAX_UPLOADS_PER_PEER = 4;
/** Upload service rate limit per peer (requests/s, with a burst); excess is answered `absent`. */
const REQUEST_BURST = 20;
const REQUESTS_PER_SECOND = 10;
/** Chunks queued per clock tick, so a `cancel` can stop a long upload between batches. */
const CHUNKS_PER_TICK = 4;

export interface PeerUploaderOptions {
  swarm: PeerSwarm;
  store: SegmentStore;
  clock: Clock;
  isUploadEnabled(): boolean;
  onUploaded(upload: { peerId: string; streamId: string; segmentId: string; bytes: number }): void;
  /** A peer flooded us with requests. */
  onOffense(peerId: string, offense: PeerOffense, detail: string): void;
}

interface Upload {
  peerId: string;
  cancelled: boolean;
  timer: unknown;
  release(): void;
}

/** Serves peers' `request`s from the segment store only, in chunks; honours `cancel`. */
export class PeerUploader {
  readonly #options: PeerUploaderOptions;
  readonly #uploads = new Map<string, Upload>();
  readonly #requestLimits = new Map<string, TokenBucket>();

  constructor(options: PeerUploaderOptions) {
    this.#options = options;
  }

  handle(peerId: string, message: TransferMessage): void {
    if (message.type === 'cancel') return this.#stop(transferKey(peerId, message.requestId));
    if (message.type !== 'request') return;
    const { swarm, store, isUploadEnabled } = this.#options;
    const key = transferKey(peerId, message.requestId);
    const abuse = this.#abuse(peerId, key);
    if (abuse) this.#options.onOffense(peerId, PeerOffense.Flood, abuse);
    const entry = !abuse && isUploadEnabled() ? store.get(message.streamId, message.segmentId) : undefined;
    if (!entry) return swarm.send(peerId, { type: 'absent', requestId: message.requestId });
    const upload: Upload = { peerId, cancelled: false, timer: undefined, release: store.pin(message.streamId, message.segmentId) };
    this.#uploads.set(key, upload);
    swarm.send(peerId, { type: 'data-header', requestId: message.requestId, totalBytes: entry.bytes.byteLength });
    this.#sendFrom(key, upload, { peerId, requestId: message.requestId, bytes: entry.bytes, streamId: message.streamId, segmentId: message.segmentId }, 0);
  }

  peerGone(peerId: string): void {
    this.#requestLimits.delete(peerId);
    for (const [key, upload] of [...this.#uploads]) if (upload.peerId === peerId) this.#stop(key);
  }

  destroy(): void {
    for (const key of [...this.#uploads.keys()]) this.#stop(key);
  }

  #sendFrom(key: string, upload: Upload, job: { peerId: string; requestId: number; bytes: Uint8Array; streamId: string; segmentId: string }, offset: number): void {
    const { bytes } = job;
    let position = offset;
    for (let i = 0; i < CHUNKS_PER_TICK && position < bytes.byteLength && !upload.cancelled; i++) {
      const end = Math.min(position + ProtocolLimits.maxChunkBytes, bytes.byteLength);
      this.#options.swarm.send(job.peerId, { type: 'data-chunk', requestId: job.requestId, offsetBytes: position, bytes: bytes.subarray(position, end) });
      position = end;
    }
    if (upload.cancelled) return;
    if (position < bytes.byteLength) {
      upload.timer = this.#options.clock.setTimeout(() => this.#sendFrom(key, upload, job, position), 0);
      return;
    }
    this.#stop(key);
    this.#options.onUploaded({ peerId: job.peerId, streamId: job.streamId, segmentId: job.segmentId, bytes: bytes.byteLength });
  }

  #stop(key: string): void {
    const upload = this.#uploads.get(key);
    if (!upload) return;
    upload.cancelled = true;
    this.#options.clock.clearTimeout(upload.timer);
    upload.release();
    this.#uploads.delete(key);
  }

  /** Why this request is over a limit, or undefined. */
  #abuse(peerId: string, key: string): string | undefined {
    let limit = this.#requestLimits.get(peerId);
    if (!limit) this.#requestLimits.set(peerId, (limit = new TokenBucket({ clock: this.#options.clock, capacity: REQUEST_BURST, refillPerSecond: REQUESTS_PER_SECOND })));
    if (this.#uploads.has(key)) return 'repeated a request id in flight';
    if (this.#countFor(peerId) >= MAX_UPLOADS_PER_PEER) return `more than ${MAX_UPLOADS_PER_PEER} requests outstanding`;
    if (!limit.take()) return `more than ${REQUESTS_PER_SECOND} requests/s`;
    return undefined;
  }

  #countFor(peerId: string): number {
    let count = 0;
    for (const upload of this.#uploads.values()) if (upload.peerId === peerId) count++;
    return count;
  }
}
