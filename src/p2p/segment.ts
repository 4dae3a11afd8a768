/**
 * What a player bridge (hls.js fragment loader, Shaka scheme plugin) tells the core about a
 * segment, and what the core answers. Identity is stable across tokenized and multi-CDN URLs:
 * it never contains the URL.
 */

import type { AbortSignalLike } from './util/platform.js';

/**
 * The one key format for "this segment of this stream" in maps and sets (store, running fetches,
 * transfers, waiters), joined by a NUL that neither rendition keys nor manifest segment ids contain.
 */
export function segmentKey(streamId: string, segmentId: string): string {
  return `${streamId}\u0000${segmentId}`;
}

/** A byte range, `end` exclusive (an HTTP `Range: bytes=start-(end-1)`). */
export interface ByteRange {
  start: number;
  end: number;
}

/** One rendition (a swarm of its own for segment data), identified by its properties. */
export interface StreamInfo {
  /** Stable key, see `renditionKey()` in `swarm-id.ts`. */
  id: string;
  /** Video or audio: subtitles and other text tracks stay with the player's own loader. */
  type: 'main' | 'audio';
  isLive: boolean;
}

/** A segment of a stream as the player's manifest describes it. */
export interface SegmentInfo {
  /** Stable id within the stream: HLS media sequence number, DASH segment number or start time (plus byte range). */
  id: string;
  /** URL the origin serves it at (may change between playlist reloads; not part of the identity). */
  url: string;
  byteRange?: ByteRange;
  /** Presentation start, seconds. */
  startTime: number;
  /** Seconds. */
  duration: number;
  /** Exact size in bytes where the manifest says it (byte-range addressing); used for verification. */
  expectedBytes?: number;
}

export interface SegmentRequest {
  stream: StreamInfo;
  segment: SegmentInfo;
}

/** Where the bytes of a segment came from. */
export type SegmentSource = 'http' | 'p2p' | 'cache';

export interface SegmentTiming {
  /** `performance.now()`-style milliseconds from the core's clock. */
  startMs: number;
  firstByteMs: number;
  endMs: number;
}

export interface SegmentResponse {
  data: ArrayBuffer;
  source: SegmentSource;
  /**
   * Timings that reflect real network throughput, safe to feed a player's ABR: a segment served
   * from memory or by a peer reports the duration an HTTP download at the measured HTTP bandwidth
   * would have taken, not ~0 ms.
   */
  timing: SegmentTiming;
  /** True when the player's ABR should not learn from this response (Shaka's `fromCache`). */
  excludeFromBandwidth: boolean;
}

/** Progress of a running load, in bytes. */
export type ProgressCallback = (loadedBytes: number, totalBytes: number | undefined) => void;

export interface LoadOptions {
  signal?: AbortSignalLike;
  onProgress?: ProgressCallback;
}

/** What the player is doing; bridges push it on `timeupdate`, seeks, rate changes. */
export interface PlaybackState {
  currentTime: number;
  playbackRate: number;
  /**
   * Whether the playhead stands still: paused, or asked to play but waiting for data (before the
   * first frame, or stalled). The first report with `false` ends start-up.
   */
  paused: boolean;
  /** Seconds of media buffered ahead of `currentTime`. */
  bufferedAhead: number;
}
