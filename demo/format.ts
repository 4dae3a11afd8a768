/** Byte counts as people read them (binary units, like the element's own stats panel). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/** Peer ids are 20 random characters; the first few tell peers apart on one screen. */
export function shortPeerId(peerId: string): string {
  return peerId.slice(0, 6);
}
