import type { Clock } from '../deps.js';

/**
 * What a peer can be charged with. Defense in depth: every check below lives where the bytes
 * arrive (transport, swarm, downloader, uploader) and reports here; this file only keeps score.
 */
export const PeerOffense = {
  /** Segment bytes failed verification (size, SHA-256, container, operator hook). */
  BadSegment: 'bad-segment',
  /** Malformed, unknown or out-of-order message. */
  ProtocolViolation: 'protocol-violation',
  /** One message above `ProtocolLimits.maxMessageBytes` (checked before decoding). */
  OversizedMessage: 'oversized-message',
  /** Announced a segment in `have`, then answered `absent` (a liar, or a stale announcement). */
  Absent: 'absent',
  /** Accepted a request, then sent nothing for `p2pTimeoutMs` (never started or stopped mid-transfer). */
  Stalled: 'stalled',
  /** Over a rate limit (requests, announcements) or the outstanding-request cap. */
  Flood: 'flood',
  /** Announced more segment ids or streams than we remember per peer. */
  AnnounceOverflow: 'announce-overflow',
} as const;
export type PeerOffense = (typeof PeerOffense)[keyof typeof PeerOffense];

/**
 * Points per offense; a peer reaching `BAN_SCORE` is banned for the session. Honest peers can
 * trip the cheap ones by accident (an `absent` racing an eviction, a slow link stalling once), so
 * those need several repeats; two segments that fail verification within 40 s ban (not exactly half
 * a ban each: the first one's points decay before the second arrives, so 50 + 50 never reached
 * 100 and a corrupter that served two segments stayed), broken or oversized messages a whole one.
 */
const PENALTY: Record<PeerOffense, number> = {
  'bad-segment': 60,
  'protocol-violation': 100,
  'oversized-message': 100,
  absent: 20,
  stalled: 25,
  flood: 5,
  'announce-overflow': 25,
};
export const BAN_SCORE = 100;
/** Penalties fade at this rate, so rare accidents never add up to a ban. */
const DECAY_POINTS_PER_SECOND = 0.5;
/** A verified segment earns back this many points. */
const SUCCESS_CREDIT = 5;
/**
 * A peer that left keeps its points this long, so leaving and rejoining with the same id does not
 * wipe the slate (issue 10, hole 9: 12 bad segments, no ban). Bounded: at most this many departed ids.
 */
const DEPARTED_RETENTION_MS = 10 * 60_000;
const MAX_DEPARTED = 1000;

export interface PeerScoresOptions {
  clock: Clock;
  /**
   * Called when a peer reaches `BAN_SCORE`; its points are dropped. The ban itself is
   * `PeerSwarm.ban()`'s (the swarm ignores and hangs up on banned peers), so callers stop
   * charging a peer once the swarm reports it banned.
   */
  onBan(ban: { peerId: string; offense: PeerOffense; reason: string }): void;
}

interface Score {
  points: number;
  atMs: number;
}

/** Misbehaviour points per peer id, decaying with time. Keeps score only: `PeerSwarm` owns the bans. */
export class PeerScores {
  readonly #options: PeerScoresOptions;
  readonly #scores = new Map<string, Score>();
  /** Ids that left, oldest first (Map insertion order), for the retention bound. */
  readonly #departed = new Map<string, number>();

  constructor(options: PeerScoresOptions) {
    this.#options = options;
  }

  /** Current points (0 = clean). */
  score(peerId: string): number {
    return this.#current(peerId)?.points ?? 0;
  }

  /** Charges a peer; returns true when this offense got it banned. */
  penalize(peerId: string, offense: PeerOffense, detail: string): boolean {
    // Charged: it is here (back under the same id), no longer a departed one.
    this.#departed.delete(peerId);
    const score = this.#current(peerId) ?? { points: 0, atMs: this.#options.clock.now() };
    score.points += PENALTY[offense];
    this.#scores.set(peerId, score);
    if (score.points < BAN_SCORE) return false;
    this.#scores.delete(peerId);
    this.#options.onBan({ peerId, offense, reason: `${offense}: ${detail}` });
    return true;
  }

  reward(peerId: string): void {
    this.#departed.delete(peerId);
    const score = this.#current(peerId);
    if (score) score.points = Math.max(0, score.points - SUCCESS_CREDIT);
  }

  /**
   * A peer left: its points stay (decaying as usual) for `DEPARTED_RETENTION_MS`, at most
   * `MAX_DEPARTED` ids, so a rejoin under the same id resumes its score.
   */
  left(peerId: string): void {
    const nowMs = this.#options.clock.now();
    this.#expireDeparted(nowMs);
    if (!this.#scores.has(peerId)) return;
    this.#departed.delete(peerId);
    this.#departed.set(peerId, nowMs);
    while (this.#departed.size > MAX_DEPARTED) this.#dropDeparted(this.#departed.keys().next().value!);
  }

  /** Ids remembered in all (connected and departed), for memory checks. */
  get size(): number {
    return this.#scores.size;
  }

  #expireDeparted(nowMs: number): void {
    for (const [peerId, leftAtMs] of this.#departed) {
      if (nowMs - leftAtMs < DEPARTED_RETENTION_MS) break;
      this.#dropDeparted(peerId);
    }
  }

  #dropDeparted(peerId: string): void {
    this.#departed.delete(peerId);
    this.#scores.delete(peerId);
  }

  #current(peerId: string): Score | undefined {
    const nowMs = this.#options.clock.now();
    this.#expireDeparted(nowMs);
    const score = this.#scores.get(peerId);
    if (!score) return undefined;
    score.points = Math.max(0, score.points - (Math.max(0, nowMs - score.atMs) / 1000) * DECAY_POINTS_PER_SECOND);
    score.atMs = nowMs;
    return score;
  }
}
