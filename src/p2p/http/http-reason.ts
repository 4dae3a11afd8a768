/**
 * Why a segment's bytes came from the origin. Every origin byte carries one: what cannot be
 * explained cannot be removed. Shown on `segmentLoaded` and counted in `stats.httpByReason`.
 */
export const HttpReason = {
  /** The player's first segments: before playback started, with no peer connected yet. */
  Startup: 'startup',
  /** No peer connected once playing (alone in the swarm, tracker down, all peers left). */
  NotConnected: 'not-connected',
  /** Peers are connected and hold this rendition, but none announced this segment. */
  NoPeerHasIt: 'no-peer-has-it',
  /** Peers are connected but none holds anything of this rendition. */
  RenditionNotHeld: 'rendition-not-held',
  /** A peer has it, but too little time is left for a peer transfer. */
  Deadline: 'deadline',
  /** A peer transfer failed (absent, stalled, peer left); HTTP took over. */
  PeerFailed: 'peer-failed',
  /** A peer transfer ran too slowly for the deadline; HTTP fetched the rest. */
  PeerTooSlow: 'peer-too-slow',
  /** Peer bytes failed verification; the segment was fetched again from the origin. */
  VerificationRefetch: 'verification-refetch',
  /** Live: this viewer was elected to fetch a new live-edge segment for the swarm. */
  LiveElected: 'live-elected',
} as const;

export type HttpReason = (typeof HttpReason)[keyof typeof HttpReason];

export const HTTP_REASONS: readonly HttpReason[] = Object.freeze(Object.values(HttpReason));

/** Origin requests and bytes of one reason. */
export interface HttpReasonCount {
  requests: number;
  bytes: number;
}

export function emptyReasonCounts(): Record<HttpReason, HttpReasonCount> {
  return Object.fromEntries(HTTP_REASONS.map((reason) => [reason, { requests: 0, bytes: 0 }])) as Record<HttpReason, HttpReasonCount>;
}
