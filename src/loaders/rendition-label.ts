/** Renditions as the quality menu shows them: labels ("360p", with the bitrate where heights repeat) and index checks. */

/** Labels in input order: `"720p"`, `"720p (3.0 Mbps)"` when two share a height, `"128 kbps"` without a height. */
export function renditionLabels(renditions: ReadonlyArray<{ height?: number; bitrate: number }>): string[] {
  const heights = renditions.map((r) => r.height ?? 0);
  return renditions.map(({ height, bitrate }) => {
    const rate = formatBitrate(bitrate);
    if (!height) return rate;
    const repeated = heights.filter((h) => h === height).length > 1;
    return repeated ? `${height}p (${rate})` : `${height}p`;
  });
}

function formatBitrate(bitsPerSecond: number): string {
  if (bitsPerSecond >= 1_000_000) return `${(bitsPerSecond / 1_000_000).toFixed(1)} Mbps`;
  return `${Math.round(bitsPerSecond / 1000)} kbps`;
}

/** Throws a `RangeError` unless `index` is -1 (automatic) or an index into `count` renditions. */
export function assertRenditionIndex(index: number, count: number): void {
  if (!Number.isInteger(index) || index < -1 || index >= count) {
    throw new RangeError(`selectedRendition must be -1 or an index below ${count}, got ${index}`);
  }
}
