import type { P2PConfig } from '../config.js';
import { HttpReason } from '../http/http-reason.js';
import type { TransferFailureReason } from '../peers/peer-downloader.js';
import type { PeerSwarm } from '../peers/peer-swarm.js';
import type { SegmentRequest } from '../segment.js';
import { DEFAULT_TRANSFER_MS } from '../util/transfer-time.js';
import type { LiveFetchers } from './live-fetchers.js';
import { expectedP2PMs } from './peer-selection.js';

/** Longest a demand waits for the swarm before going to HTTP (also keeps bridges' timeouts happy). */
export const MAX_SWARM_WAIT_MS = 8000;

/** What the wait policy looks at for one demand. */
export interface SwarmWaitInput {
  request: SegmentRequest;
  swarm: PeerSwarm | undefined;
  config: Readonly<P2PConfig>;
  /** Wall-clock ms until the player needs the segment. */
  timeLeftMs: number;
  /** Expected origin fetch time of this segment, ms. */
  expectedHttpMs: number;
  /** The segment's size for timing (`expectedSegmentBytes`); undefined = unknown. */
  expectedBytes: number | undefined;
  /** Ms left of the join grace (peers not connected yet may still come); <= 0 when over. */
  joinGraceLeftMs: number;
  /** Whether a peer was ever connected. */
  everConnected: boolean;
  /** Live: who is expected to fetch the segment, and for how long we wait for them. */
  fetchers: LiveFetchers;
}

/**
 * How long a demand may wait for the swarm before HTTP: never past the moment a peer transfer
 * started then could still finish inside the fallback margin (so a wait never ends in a forced
 * HTTP fetch of something a peer has). Live: while a trusted peer that announced it is fetching
 * the segment may still deliver, or the elected peer is in its turn (see `LiveFetchers.waitMs`).
 * VOD: while a trusted peer that announced it is fetching it may still deliver (`LiveFetchers.loadingWaitMs`), or until the segment enters `httpWindowSeconds` (peers often get it meanwhile), which keeps the HTTP lead short. With no peer
 * connected, only while the join is young (a viewer alone, or with the tracker down, never waits):
 * nothing the player needs to start ever waits (its segments are due at once).
 */
export function swarmWaitMs(input: SwarmWaitInput): number {
  const { request, swarm, config, timeLeftMs } = input;
  const { stream, segment } = request;
  const untilMargin = timeLeftMs - config.p2pFallbackMarginMs - Math.max(input.expectedHttpMs, expectedPeerMs(input));
  if (!swarm || swarm.size === 0) {
    if (input.everConnected || input.joinGraceLeftMs <= 0) return 0;
    return Math.min(untilMargin, input.joinGraceLeftMs, MAX_SWARM_WAIT_MS);
  }
  if (stream.isLive) {
    const turnMs = input.fetchers.waitMs({ swarm, streamId: stream.id, segmentId: segment.id, expectedHttpMs: input.expectedHttpMs, segmentDurationMs: segment.duration * 1000 });
    return Math.min(turnMs, untilMargin, MAX_SWARM_WAIT_MS);
  }
  const loadingMs = input.fetchers.loadingWaitMs({ swarm, streamId: stream.id, segmentId: segment.id, expectedHttpMs: input.expectedHttpMs });
  const untilWindow = timeLeftMs - config.httpWindowSeconds * 1000;
  return Math.min(Math.max(untilWindow, Math.min(loadingMs, untilMargin)), MAX_SWARM_WAIT_MS);
}

/** Expected time of a peer transfer of this segment: the fastest connected peer's, or the default. */
function expectedPeerMs({ swarm, expectedBytes }: SwarmWaitInput): number {
  let best = DEFAULT_TRANSFER_MS;
  for (const peer of swarm?.peers ?? []) if (peer.bytesPerMs !== undefined) best = Math.min(best, expectedP2PMs(peer, { expectedBytes }));
  return best;
}

/** What one demand tried before it went to the origin: the origin byte's reason comes from it. */
export interface Attempt {
  tried: Set<string>;
  /** A connected peer had the segment but there was no time for a transfer. */
  tooLate: boolean;
}

/** What one demand saw before it went to the origin. */
export interface HttpReasonInput {
  request: SegmentRequest;
  swarm: PeerSwarm | undefined;
  /** Peers this demand asked, and the last failure of this segment from any peer. */
  triedPeers: number;
  lastFailure: TransferFailureReason | undefined;
  /** A connected peer had the segment but there was no time for a transfer. */
  tooLate: boolean;
  /** Whether a peer was ever connected, and whether the player has started playing. */
  everConnected: boolean;
  started: boolean;
}

/** Why a demand goes to the origin now (see `HttpReason`). */
export function httpReasonFor(input: HttpReasonInput): HttpReason {
  const { request, swarm } = input;
  if (input.triedPeers > 0 || input.lastFailure !== undefined) {
    return input.lastFailure === 'rejected' ? HttpReason.VerificationRefetch : HttpReason.PeerFailed;
  }
  if (!swarm || swarm.size === 0) return input.everConnected || input.started ? HttpReason.NotConnected : HttpReason.Startup;
  if (input.tooLate) return HttpReason.Deadline;
  const streamId = request.stream.id;
  const held = [...swarm.peers].some((peer) => (peer.have.get(streamId)?.size ?? 0) > 0 || (peer.loading.get(streamId)?.size ?? 0) > 0);
  return held ? HttpReason.NoPeerHasIt : HttpReason.RenditionNotHeld;
}
