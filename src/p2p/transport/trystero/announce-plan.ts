/**
 * What one scheduled announce of one room to one tracker should send (issue 12: tracker cost).
 * Trystero calls announce at 0.2, 0.5 and 1.3 s after joining (a warm-up), then at the tracker's
 * interval; each upstream announce carries the room's pooled offers. Two kinds of them buy nothing:
 *
 * - A warm-up re-announce with the same offers to a swarm the tracker has already given them to in
 *   full (or before it has said how big the swarm is): trackers relay an announce's offers to min(offers, others) random peers (aquatic
 *   storage.rs:427, wt-tracker fast-tracker.ts:642-662, bittorrent-tracker), so once the swarm has
 *   no more other peers than we sent offers, or than we are connected to, a resend reaches nobody new.
 * - Offers from a room at `maxPeers`: the core hangs up on every peer beyond it, so each answer costs
 *   two tracker messages and a connection for nothing. A full room leaves the tracker's swarm instead
 *   (`event: 'stopped'`, which all three trackers handle), so newcomers' offers go to peers that
 *   can take them, and comes back with offers once a peer has left.
 *
 * Announces due at the tracker's interval are always sent while the room is not full: they keep us
 * listed (aquatic drops peers silent for 180 s, wt-tracker after two intervals). With everyone in
 * the swarm already connected they carry no offers (no connection is made for them).
 */
export const AnnounceKind = Object.freeze({
  /** Announce with the pooled offers. */
  Offers: 'offers',
  /** Announce with no offers: stay listed, invite nobody. */
  Listed: 'listed',
  /** Leave the tracker's swarm (`event: 'stopped'`). */
  Leave: 'leave',
  /** Send nothing this time. */
  Skip: 'skip',
} as const);
export type AnnounceKind = (typeof AnnounceKind)[keyof typeof AnnounceKind];

export interface AnnounceState {
  /** The room has `maxPeers` peers connected. */
  full: boolean;
  /** Peers connected in this room now. */
  connectedPeers: number;
  /** Other peers in the tracker's swarm, from its last response (`complete + incomplete - 1`); undefined before one. */
  othersInSwarm: number | undefined;
  /** The last announce this socket sent (undefined on a new socket: the tracker does not know us). */
  last: { kind: AnnounceKind; offers: number; atMs: number } | undefined;
  /** The tracker's announce interval (clamped). */
  intervalMs: number;
  nowMs: number;
}

export function planAnnounce(state: AnnounceState): AnnounceKind {
  const { last } = state;
  const listed = last !== undefined && last.kind !== AnnounceKind.Leave;
  if (state.full) return listed ? AnnounceKind.Leave : AnnounceKind.Skip;
  const others = state.othersInSwarm;
  const everyoneConnected = others !== undefined && others <= state.connectedPeers;
  // Early (a warm-up or a re-announce before the interval): only worth it if someone new can get an offer.
  const early = listed && state.nowMs - last.atMs < state.intervalMs * 0.9;
  // Before the tracker has said how big the swarm is, a resend would go where the first went.
  if (early && (others === undefined || everyoneConnected || (last.kind === AnnounceKind.Offers && others <= last.offers))) return AnnounceKind.Skip;
  return everyoneConnected ? AnnounceKind.Listed : AnnounceKind.Offers;
}

/** Trystero's pool size and our `numwant`: three offers per announce (aquatic takes 10, wt-tracker 20). */
export const OFFERS_PER_ANNOUNCE = 3;

/**
 * The body of an announce of `kind` (send() adds `action`, `info_hash` and `peer_id`): every
 * field as all three trackers parse it (test/integration/helpers/tracker-conformance-rules.ts).
 */
export function announceBody(kind: Exclude<AnnounceKind, 'skip'>, offers: ReadonlyArray<{ offerId: string; sdp: string }> = []): Record<string, unknown> {
  if (kind === AnnounceKind.Leave) return { event: 'stopped', numwant: 0 };
  const sent = kind === AnnounceKind.Offers ? offers : [];
  return { numwant: sent.length > 0 ? OFFERS_PER_ANNOUNCE : 0, offers: sent.map(({ offerId, sdp }) => ({ offer_id: offerId, offer: { type: 'offer', sdp } })) };
}
