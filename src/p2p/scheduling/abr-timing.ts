import type { SegmentTiming } from '../segment.js';

/**
 * Timing for a segment served from a peer or the store, safe to feed a player's ABR.
 *
 * The player's bandwidth estimate must reflect what the network can deliver, never how long a
 * demand waited inside the scheduler for the swarm, nor a slow peer's pace (a peer too slow for
 * the deadline is replaced by HTTP; ABR stepping down for it would cost picture quality). So the
 * reported duration is what the same bytes take at the measured HTTP throughput. An instant
 * delivery is never reported as near-infinite bandwidth either (that would push ABR up and then
 * stall on HTTP). Without an HTTP sample there is no honest figure: the real elapsed time is
 * reported and the caller marks the response `excludeFromBandwidth`. The response is complete
 * when handed over, so a slow-looking timing cannot trigger hls.js's abandon rules. `startMs`
 * can therefore precede the call.
 */
export function syntheticTiming(options: { byteLength: number; requestStartMs: number; nowMs: number; httpBytesPerMs: number | undefined }): SegmentTiming {
  const { byteLength, requestStartMs, nowMs, httpBytesPerMs } = options;
  const durationMs = httpBytesPerMs === undefined ? Math.max(nowMs - requestStartMs, 1) : Math.max(byteLength / httpBytesPerMs, 1);
  const startMs = nowMs - durationMs;
  return { startMs, firstByteMs: startMs + Math.min(durationMs / 10, 50), endMs: nowMs };
}
