import type { P2PEventMap } from '../events.js';
import type { HttpReason } from '../http/http-reason.js';
import type { OriginResponse } from '../http/origin-request.js';
import type { SegmentRequest, SegmentResponse, SegmentSource } from '../segment.js';
import { syntheticTiming } from './abr-timing.js';

/** A segment's bytes as the scheduler obtained them, before they are handed to the player. */
export interface Obtained {
  bytes: Uint8Array;
  source: SegmentSource;
  peerId?: string;
  http?: OriginResponse;
  httpReason?: HttpReason;
}

/**
 * The player's response and the `segmentLoaded` event for obtained bytes. HTTP: the real timing;
 * peer/cache: see `syntheticTiming`. The bytes are copied: players transfer (detach) the buffer to
 * workers, and the store keeps its own.
 */
export function segmentResponse(options: {
  request: SegmentRequest;
  obtained: Obtained;
  requestStartMs: number;
  nowMs: number;
  httpBytesPerMs: number | undefined;
}): { response: SegmentResponse; event: P2PEventMap['segmentLoaded'] } {
  const { request, obtained, requestStartMs, nowMs, httpBytesPerMs } = options;
  const { bytes, source, peerId, http, httpReason } = obtained;
  const timing = http
    ? { startMs: http.startMs, firstByteMs: http.firstByteMs, endMs: http.endMs }
    : syntheticTiming({ byteLength: bytes.byteLength, requestStartMs, nowMs, httpBytesPerMs });
  const event: P2PEventMap['segmentLoaded'] = {
    stream: request.stream,
    segment: request.segment,
    source,
    bytes: bytes.byteLength,
    peerId,
    durationMs: timing.endMs - timing.startMs,
    ...(source === 'http' && { httpReason }),
  };
  const data = bytes.slice().buffer as ArrayBuffer;
  return { response: { data, source, timing, excludeFromBandwidth: source !== 'http' && httpBytesPerMs === undefined }, event };
}
