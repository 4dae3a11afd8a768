/**
 * How many bytes a peer may announce for a segment whose size the manifest does not give. The
 * downloader keeps what a peer sends until the segment is complete, so without a bound one hostile
 * peer could make us hold `maxSegmentBytes` (64 MiB) per transfer, three transfers at a time. Real
 * segments of a stream differ in size by a small factor, and the first ones come from the origin
 * (start-up), so the store knows the stream's sizes before any peer is asked.
 */
export const SegmentSizeBound = Object.freeze({
  /** Never below this: a short or low-bitrate first segment must not refuse honest bigger ones. */
  floorBytes: 2 * 1024 * 1024,
  /** A stream's segment may be this many times its largest seen one (scene changes, VBR). */
  sameStreamFactor: 2,
  /** A stream with nothing seen yet (a switch up): this many times the largest of any stream. */
  otherStreamFactor: 4,
});

/**
 * The most bytes to accept for one segment of a stream. With `floorBytes` and three downloads per
 * peer, a stream whose segments are at most 1 MiB costs at most 6 MiB per hostile peer here (plus
 * the transport's frame budget, < 9 MiB: see frame-guard.ts), under the 16 MiB we promise.
 */
export function plausibleSegmentBytes(o: { largestOfStream: number | undefined; largestOfAny: number | undefined; maxSegmentBytes: number }): number {
  const learnt = o.largestOfStream !== undefined
    ? o.largestOfStream * SegmentSizeBound.sameStreamFactor
    : o.largestOfAny !== undefined ? o.largestOfAny * SegmentSizeBound.otherStreamFactor : o.maxSegmentBytes;
  return Math.min(o.maxSegmentBytes, Math.max(SegmentSizeBound.floorBytes, learnt));
}
