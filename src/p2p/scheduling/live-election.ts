/** FNV-1a, 32 bit: a fast, well-spread hash every peer computes identically. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Live dedupe: which of `candidates` (peer ids, self included) fetches a new live segment from
 * the origin. Every peer ranks the same candidates the same way, so about one viewer per new
 * segment fetches it over HTTP and the others take it from that peer. The winner changes from
 * segment to segment, spreading the upload load.
 */
export function electFetcher(options: { candidates: Iterable<string>; streamId: string; segmentId: string }): string | undefined {
  let best: string | undefined;
  let bestHash = Infinity;
  for (const peerId of options.candidates) {
    const hash = fnv1a(`${peerId}\u0000${options.streamId}\u0000${options.segmentId}`);
    if (hash < bestHash || (hash === bestHash && best !== undefined && peerId < best)) {
      best = peerId;
      bestHash = hash;
    }
  }
  return best;
}
