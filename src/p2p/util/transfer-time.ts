/** Expected transfer time when the throughput is not known yet, ms. */
export const DEFAULT_TRANSFER_MS = 1000;
/** Size assumed for a segment whose manifest does not say it: 1 MiB. */
const ASSUMED_SEGMENT_BYTES = 1024 * 1024;

/**
 * How long a segment should take at a measured throughput (HTTP or one peer), ms. The scheduler
 * compares these against the time left before the player needs the segment.
 */
export function expectedTransferMs(options: { bytesPerMs: number | undefined; expectedBytes: number | undefined }): number {
  if (options.bytesPerMs === undefined) return DEFAULT_TRANSFER_MS;
  return (options.expectedBytes ?? ASSUMED_SEGMENT_BYTES) / options.bytesPerMs;
}
