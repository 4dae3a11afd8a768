import type { HttpReason } from '../http/http-reason.js';
import { segmentKey, type SegmentSource } from '../segment.js';

/** One stored segment. `bytes` is never mutated after `add()`. */
export interface StoredSegment {
  streamId: string;
  segmentId: string;
  bytes: Uint8Array;
  /** How the bytes arrived ('http' or 'p2p'). */
  source: Exclude<SegmentSource, 'cache'>;
  /** The peer that sent them, for 'p2p'. */
  peerId?: string;
  /** Why they came from the origin, for 'http'. */
  httpReason?: HttpReason;
  isLive: boolean;
  /** Presentation end of the segment, seconds (for live retention). */
  endTime: number;
  /** Whether the player has been handed these bytes already (later hits are 'cache'). */
  served: boolean;
}

export interface SegmentStoreChange {
  type: 'add' | 'remove';
  streamId: string;
  segmentId: string;
}

export interface SegmentStoreOptions {
  limitBytes: number;
  liveRetentionSeconds: number;
  /** Called after each add/remove, so the core can announce `have` deltas. */
  onChange?: (change: SegmentStoreChange) => void;
}

/**
 * Byte-bounded segment memory. VOD segments are evicted least-recently-used; live segments
 * also expire `liveRetentionSeconds` behind the playhead. A pinned segment (being uploaded or
 * handed to the player right now) is never evicted.
 */
export class SegmentStore {
  readonly #limitBytes: number;
  readonly #liveRetentionSeconds: number;
  readonly #onChange: ((change: SegmentStoreChange) => void) | undefined;
  /** Insertion order = LRU order (oldest first): `get` re-inserts. */
  readonly #entries = new Map<string, StoredSegment>();
  /** The same entries by stream, then segment id: the per-stream questions never scan the store. */
  readonly #byStream = new Map<string, Map<string, StoredSegment>>();
  readonly #pins = new Map<string, number>();
  /** Largest segment ever stored per stream (kept after eviction: sizes are what it learnt). */
  readonly #largest = new Map<string, number>();
  #storedBytes = 0;

  constructor({ limitBytes, liveRetentionSeconds, onChange }: SegmentStoreOptions) {
    this.#limitBytes = limitBytes;
    this.#liveRetentionSeconds = liveRetentionSeconds;
    this.#onChange = onChange;
  }

  get storedBytes(): number {
    return this.#storedBytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(streamId: string, segmentId: string): boolean {
    // Through the stream index: the scheduler asks this on every pump, and building the joined key each time cost more than the lookup.
    return this.#byStream.get(streamId)?.has(segmentId) ?? false;
  }

  /** Looks a segment up and marks it recently used. */
  get(streamId: string, segmentId: string): StoredSegment | undefined {
    const key = segmentKey(streamId, segmentId);
    const entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  /** Segment ids held for a stream (for a full `have`). */
  segmentIds(streamId: string): string[] {
    return [...(this.#byStream.get(streamId)?.keys() ?? [])];
  }

  /** Stream ids with at least one stored segment. */
  streamIds(): string[] {
    return [...this.#byStream.keys()];
  }

  /** The largest segment ever stored of `streamId`, or of any stream without one; undefined if none. */
  largestSegmentBytes(streamId?: string): number | undefined {
    if (streamId !== undefined) return this.#largest.get(streamId);
    return this.#largest.size === 0 ? undefined : Math.max(...this.#largest.values());
  }

  /** Stores a segment; returns false when it alone exceeds the limit (nothing is stored then). */
  add(segment: Omit<StoredSegment, 'served'> & { served?: boolean }): boolean {
    const size = segment.bytes.byteLength;
    if (size > (this.#largest.get(segment.streamId) ?? 0)) this.#largest.set(segment.streamId, size);
    if (size > this.#limitBytes) return false;
    this.#remove(segmentKey(segment.streamId, segment.segmentId));
    const entry: StoredSegment = { ...segment, served: segment.served ?? false };
    this.#entries.set(segmentKey(entry.streamId, entry.segmentId), entry);
    let stream = this.#byStream.get(entry.streamId);
    if (!stream) this.#byStream.set(entry.streamId, (stream = new Map()));
    stream.set(entry.segmentId, entry);
    this.#storedBytes += size;
    this.#onChange?.({ type: 'add', streamId: entry.streamId, segmentId: entry.segmentId });
    this.#evictOverLimit();
    return true;
  }

  /** Protects a segment from eviction until the returned release function is called (once). */
  pin(streamId: string, segmentId: string): () => void {
    const key = segmentKey(streamId, segmentId);
    this.#pins.set(key, (this.#pins.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const count = (this.#pins.get(key) ?? 1) - 1;
      if (count > 0) this.#pins.set(key, count);
      else this.#pins.delete(key);
      this.#evictOverLimit();
    };
  }

  /** Drops live segments of `streamId` that ended more than `liveRetentionSeconds` before `playheadSeconds`. */
  expireLive(streamId: string, playheadSeconds: number): void {
    const horizon = playheadSeconds - this.#liveRetentionSeconds;
    const stream = this.#byStream.get(streamId);
    if (!stream) return;
    // Deleting the entry being visited is safe while iterating a Map.
    for (const entry of stream.values()) {
      if (!entry.isLive || entry.endTime >= horizon) continue;
      const key = segmentKey(streamId, entry.segmentId);
      if (!this.#pins.has(key)) this.#remove(key);
    }
  }

  /** Removes everything (pins included). */
  clear(): void {
    for (const key of [...this.#entries.keys()]) this.#remove(key);
    this.#pins.clear();
  }

  #evictOverLimit(): void {
    if (this.#storedBytes <= this.#limitBytes) return;
    for (const key of this.#entries.keys()) {
      if (this.#storedBytes <= this.#limitBytes) return;
      if (!this.#pins.has(key)) this.#remove(key);
    }
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    const stream = this.#byStream.get(entry.streamId);
    stream?.delete(entry.segmentId);
    if (stream?.size === 0) this.#byStream.delete(entry.streamId);
    this.#storedBytes -= entry.bytes.byteLength;
    this.#onChange?.({ type: 'remove', streamId: entry.streamId, segmentId: entry.segmentId });
  }
}
