import type { Clock } from './deps.js';
import type { PeerSwarm, TransferMessage } from './peer-swarm.js';
import { ProtocolLimits } from './protocol.js';
import type { SegmentStore } from './segment-store.js';

/** Concurrent uploads to one peer; more requests are answered `absent`. */
const MAX_UPLOADS_PER_PEER = 4;
/** Chunks queued per clock tick, so a `cancel` can stop a long upload between batches. */
const CHUNKS_PER_TICK = 4;

export interface PeerUploaderOptions {
  swarm: PeerSwarm;
  store: SegmentStore;
  clock: Clock;
  isUploadEnabled(): boolean;
  onUploaded(upload: { peerId: string; streamId: string; segmentId: string; bytes: number }): void;
}

interface Upload {
  cancelled: boolean;
  timer: unknown;
  release(): void;
}

/** Serves peers' `request`s from the segment store only, in chunks; honours `cancel`. */
export class PeerUploader {
  readonly #options: PeerUploaderOptions;
  readonly #uploads = new Map<string, Upload>();

  constructor(options: PeerUploaderOptions) {
    this.#options = options;
  }

  handle(peerId: string, message: TransferMessage): void {
    if (message.type === 'cancel') return this.#stop(`${peerId}\u0000${message.requestId}`);
    if (message.type !== 'request') return;
    const { swarm, store, isUploadEnabled } = this.#options;
    const key = `${peerId}\u0000${message.requestId}`;
    const entry = isUploadEnabled() && this.#countFor(peerId) < MAX_UPLOADS_PER_PEER && !this.#uploads.has(key)
      ? store.get(message.streamId, message.segmentId)
      : undefined;
    if (!entry) return swarm.send(peerId, { type: 'absent', requestId: message.requestId });
    const upload: Upload = { cancelled: false, timer: undefined, release: store.pin(message.streamId, message.segmentId) };
    this.#uploads.set(key, upload);
    swarm.send(peerId, { type: 'data-header', requestId: message.requestId, totalBytes: entry.bytes.byteLength });
    this.#sendFrom(key, upload, { peerId, requestId: message.requestId, bytes: entry.bytes, streamId: message.streamId, segmentId: message.segmentId }, 0);
  }

  peerGone(peerId: string): void {
    for (const key of [...this.#uploads.keys()]) if (key.startsWith(`${peerId}\u0000`)) this.#stop(key);
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

  #countFor(peerId: string): number {
    let count = 0;
    for (const key of this.#uploads.keys()) if (key.startsWith(`${peerId}\u0000`)) count++;
    return count;
  }
}
