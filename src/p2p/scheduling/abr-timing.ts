import type { SegmentTiming } from '../segment.js';

/**
 * Timing for a segment served from a peer or the store, safe to feed a player's ABR.
 *
 * An instant delivery would read as near-infinite bandwidth, push hls.js's ABR up and then stall
 * on HTTP; so the reported duration is what the same bytes would take at the measured HTTP
 * throughput (never less than the real one). The response is complete when handed over, so a
 * slow-looking timing cannot trigger hls.js's abandon rules. `startMs` can therefore precede the
 * call. Without an HTTP sample the caller marks the response `excludeFromBandwidth`.
 */
export function syntheticTiming(options: { byteLength: number; requestStartMs: number; nowMs: number; httpBytesPerMs: number | undefined }): SegmentTiming {
  const { byteLength, requestStartMs, nowMs, httpBytesPerMs } = options;
  const syntheticMs = httpBytesPerMs === undefined ? 0 : byteLength / httpBytesPerMs;
  const durationMs = Math.max(nowMs - requestStartMs, syntheticMs, 1);
  const startMs = nowMs - durationMs;
  return { startMs, firstByteMs: startMs + Math.min(durationMs / 10, 50), endMs: nowMs };
}
