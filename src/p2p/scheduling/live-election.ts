import { fnv1aMixed } from '../util/fnv1a.js';

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
    const hash = fnv1aMixed(`${peerId}\u0000${options.streamId}\u0000${options.segmentId}`);
    if (hash < bestHash || (hash === bestHash && best !== undefined && peerId < best)) {
      best = peerId;
      bestHash = hash;
    }
  }
  return best;
}
