/** Quality-menu labels for renditions: "360p", with the bitrate added where heights repeat. */

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
