import { fnv1aMixed } from '../util/fnv1a.js';

/**
 * Live dedupe: the order in which `candidates` (peer ids, self included) are asked to fetch a new
 * live segment from the origin, first = elected. Every peer ranks the same candidates the same way,
 * so about one viewer per new segment fetches it over HTTP and the others take it from that peer;
 * when the first stays silent, the next in the ranking takes its turn. Rendezvous hashing: each
 * (peer, segment) pair gets its own mixed hash, so the winner changes from segment to segment
 * and the shares are even (see `fnv1aMixed`).
 */
export function rankFetchers(options: { candidates: Iterable<string>; streamId: string; segmentId: string }): string[] {
  const ranked = [...new Set(options.candidates)].map((peerId) => ({ peerId, hash: fnv1aMixed(`${peerId}\u0000${options.streamId}\u0000${options.segmentId}`) }));
  ranked.sort((a, b) => a.hash - b.hash || (a.peerId < b.peerId ? -1 : a.peerId > b.peerId ? 1 : 0));
  return ranked.map((entry) => entry.peerId);
}

/** The first of `rankFetchers`: who fetches the segment when nobody is skipped. */
export function electFetcher(options: { candidates: Iterable<string>; streamId: string; segmentId: string }): string | undefined {
  return rankFetchers(options)[0];
}
