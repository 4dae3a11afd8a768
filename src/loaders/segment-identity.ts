/**
 * How the loaders name segments for the core, one rule for every engine. An id must be the same
 * for every viewer of a stream, so it never holds what differs between them: no query string
 * (tokens), no host (multi-CDN).
 *
 * Byte ranges follow the core's `ByteRange` convention everywhere: `end` is EXCLUSIVE, so
 * `{ start: 0, end: 100 }` is bytes 0 to 99, sent as `Range: bytes=0-99`. hls.js' `frag.byteRange`
 * already is `[start, end)`; Shaka's `getEndByte()` and HTTP `Range` headers are inclusive and go
 * through `rangeFromInclusive()`. In ids a range is spelled `@start-end` (end exclusive), or
 * `@start-` when its end is unknown (an open-ended `Range: bytes=start-`).
 */
import type { ByteRange, SegmentInfo } from '../p2p/segment.js';

/** A byte range whose end may be unknown (open-ended). `end` is exclusive. */
export interface PartialByteRange {
  start: number;
  end?: number;
}

/** The path of `url` (no query, no host); the whole string when it does not parse. */
export function urlPath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    // A relative or odd URL: the whole string is still a stable id.
    return url;
  }
}

/** `id` plus the range in the one spelling of ids (`@start-end`, end exclusive). */
export function withByteRange(id: string, range: PartialByteRange | undefined): string {
  return range ? `${id}@${range.start}-${range.end ?? ''}` : id;
}

/** The end-exclusive range of an inclusive `[start, endInclusive]` (Shaka's segment references, `Range` headers). */
export function rangeFromInclusive(start: number, endInclusive: number | null | undefined): PartialByteRange {
  return endInclusive === null || endInclusive === undefined ? { start } : { start, end: endInclusive + 1 };
}

/** The range of a `Range: bytes=a-b` header (b inclusive), or undefined without one. */
export function rangeFromHeader(header: string | undefined): PartialByteRange | undefined {
  const match = /bytes=(\d+)-(\d*)/.exec(header ?? '');
  if (!match) return undefined;
  return rangeFromInclusive(Number(match[1]), match[2] === '' ? undefined : Number(match[2]));
}

/** Id of an init segment: `init:` + its URL path + its byte range, if any. */
export function initSegmentId({ url, range }: { url: string; range?: PartialByteRange }): string {
  return withByteRange(`init:${urlPath(url)}`, range);
}

/**
 * Id of a media segment known by its presentation start (DASH: numbering and URLs differ
 * between packagers, the timeline does not): `t` + whole milliseconds, plus a byte range
 * for segments addressed by range (SegmentBase).
 */
export function timeSegmentId({ startTime, range }: { startTime: number; range?: PartialByteRange }): string {
  const id = `t${Math.round(startTime * 1000)}`;
  // A range from byte 0 with no known end is the whole file: no range in the id.
  return range && (range.start > 0 || range.end !== undefined) ? withByteRange(id, range) : id;
}

/** Sets `byteRange` and `expectedBytes` on `segment` when `range` has a known end. */
export function applyByteRange(segment: SegmentInfo, range: PartialByteRange | undefined): SegmentInfo {
  if (range?.end !== undefined) {
    const byteRange: ByteRange = { start: range.start, end: range.end };
    segment.byteRange = byteRange;
    segment.expectedBytes = byteRange.end - byteRange.start;
  }
  return segment;
}
