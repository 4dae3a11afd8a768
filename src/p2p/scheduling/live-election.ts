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
  const ranked = [...new Set(options.candidates)].map((peerId) => ({ peerId, hash: electionHash(peerId, options.streamId, options.segmentId) }));
  ranked.sort((a, b) => a.hash - b.hash || (a.peerId < b.peerId ? -1 : a.peerId > b.peerId ? 1 : 0));
  return ranked.map((entry) => entry.peerId);
}

/** The first of `rankFetchers`: who fetches the segment when nobody is skipped. */
export function electFetcher(options: { candidates: Iterable<string>; streamId: string; segmentId: string }): string | undefined {
  return rankFetchers(options)[0];
}

/** The rendezvous hash of one (peer, segment) pair: the lower, the earlier the peer's turn. */
function electionHash(peerId: string, streamId: string, segmentId: string): number {
  return fnv1aMixed(`${peerId}\u0000${streamId}\u0000${segmentId}`);
}

/** The peer's place in the swarm-wide ranking of the segment, in [0, 1): the same on every peer. */
export function electionPosition(options: { peerId: string; streamId: string; segmentId: string }): number {
  return electionHash(options.peerId, options.streamId, options.segmentId) / 2 ** 32;
}

/**
 * Swarm-wide live election: about `LIVE_SEEDS` viewers of the whole swarm fetch each new segment
 * from the origin as it is listed, whatever the swarm's size; the others take it from peers as it
 * spreads. A viewer near whom nobody holds it yet takes its own turn later: the share of the swarm
 * whose turn has come doubles every `SPREAD_DOUBLING_MS`, so a part of the swarm the segment has
 * not reached fetches it long before its players need it, and one that it reached never does.
 * With only the local election (the first of each neighbourhood fetches) a swarm of N viewers took
 * about N ÷ (neighbours + 1) origin copies of each segment (simulated: 42 of 51 reachable copies at
 * 1,000 live viewers, 352 of 659 at 10,000).
 */
export const LIVE_SEEDS = 2;
export const SPREAD_DOUBLING_MS = 1000;

/** Ms after the segment is listed at which a viewer at `position` of a swarm of `swarmSize` takes its turn (0 = a seed). */
export function spreadDelayMs(position: number, swarmSize: number): number {
  const share = (position * swarmSize) / LIVE_SEEDS;
  return share <= 1 ? 0 : SPREAD_DOUBLING_MS * Math.log2(share);
}
