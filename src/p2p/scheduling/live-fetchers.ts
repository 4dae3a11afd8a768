import type { Clock } from '../deps.js';
import type { PeerSwarm, RemotePeer } from '../peers/peer-swarm.js';
import { segmentKey, type SegmentInfo, type StreamInfo } from '../segment.js';
import { rankFetchers } from './live-election.js';
import type { PeerDiscipline } from './peer-discipline.js';

/**
 * A peer plays a stream now when it announced (`have` or `loading`) one of the stream's newest
 * this-many segments (or one listed since: see `noteList`). Anything older says only that it played it once: a peer that switched
 * rendition keeps its old segments for `liveRetentionSeconds` but never fetches new ones.
 */
export const PLAYING_WINDOW_SEGMENTS = 3;
/**
 * An elected peer that announced nothing of the segment this long after we started waiting for it
 * loses its turn: we fetch (see `waitMs`). Plus the segment's duration when the peer holds the
 * segment just before (it keeps up with the edge): players reload a live playlist once per target
 * duration, each at its own phase, so it may learn of the segment up to one segment duration after
 * we did. With 1 s alone, such honest peers lost their turn (each waiter fetched the segment
 * itself, and two such turns cost the peer its election for 30 s): simulated live, 200 viewers,
 * 3 min, seeds 1/2, reachable viewers' origin copies 32.89/32.26 -> see docs/simulator.md. A peer
 * without the previous segment (switched rendition, lagging) keeps the 1 s turn. The wait stays
 * capped so that a peer transfer fits before the fallback margin (`swarmWaitMs`).
 */
export const SILENT_TURN_MS = 1000;
/** Silent turns in a row after which a peer is not elected on that stream for `SILENT_COOL_OFF_MS`. */
const SILENT_TURNS_TO_COOL_OFF = 2;
const SILENT_COOL_OFF_MS = 30_000;
/**
 * A peer announcing `loading` must announce `have` within this plus twice our own origin time
 * (an honest fetcher's origin is ours), at most `MAX_LOADING_MS`: then it lied or is too slow
 * to wait for, and is not waited for on that stream for `BROKEN_LOADING_DISTRUST_MS`.
 */
const LOADING_GRACE_MS = 1000;
const MAX_LOADING_MS = 2000;
export const BROKEN_LOADING_DISTRUST_MS = 10 * 60_000;
/** Segments whose turns we track at most (oldest dropped first). */
const MAX_TRACKED_SEGMENTS = 256;

/** What we saw of one peer's turn at one segment. */
interface Turn {
  /** When we started waiting for it as the elected fetcher (its turn), ms. */
  turnStartMs?: number;
  /** When we first saw it announce `loading` of the segment, ms. */
  loadingSinceMs?: number;
  /** Its silent turn has been counted. */
  counted?: boolean;
}

export interface LiveFetchersOptions {
  clock: Clock;
  discipline: PeerDiscipline;
  /** Ends the wait of demands for this segment key (a peer they waited for was just distrusted). */
  wake(key: string): void;
}

/** What one live wait decision looks at. */
export interface LiveWaitInput {
  swarm: PeerSwarm;
  streamId: string;
  segmentId: string;
  /** Our expected origin fetch time of this segment, ms. */
  expectedHttpMs: number;
  /** The segment's duration, ms: how much later than us the elected peer may see it listed (0 if unknown). */
  segmentDurationMs?: number;
}

/**
 * Live dedupe, the waiting side: who is expected to fetch a new live segment from the origin, and
 * how long we wait for it. Only peers that play the stream now are elected; an elected peer that
 * stays silent loses its turn, one that announces `loading` and never delivers is not waited for
 * again on that stream (`PeerDiscipline.distrustFetcher`).
 */
export class LiveFetchers {
  readonly #clock: Clock;
  readonly #discipline: PeerDiscipline;
  readonly #wake: (key: string) => void;
  /** Stream id -> the ids of its playing window (see `noteList`). */
  readonly #newest = new Map<string, ReadonlySet<string>>();
  /** Stream id -> segment id -> the id listed just before it, for the playing window. */
  readonly #previous = new Map<string, ReadonlyMap<string, string>>();
  /** Stream id -> start time of the newest segment of its previous list. */
  readonly #edges = new Map<string, number>();
  /** Segment key -> its stream, and peer id -> its turn. */
  readonly #turns = new Map<string, { streamId: string; byPeer: Map<string, Turn> }>();
  /** Pending `#checkLater` timers. */
  readonly #timers = new Set<unknown>();
  /** `stream + peer` -> silent turns in a row. */
  readonly #silent = new Map<string, number>();

  constructor(options: LiveFetchersOptions) {
    this.#clock = options.clock;
    this.#discipline = options.discipline;
    this.#wake = options.wake;
  }

  /**
   * The player's latest list of a live stream. The window: the newest `PLAYING_WINDOW_SEGMENTS`
   * of the previous list, and everything new since (a list that grew by several segments at once
   * must not leave out the peers that hold the segments just before them).
   */
  noteList(stream: StreamInfo, segments: readonly SegmentInfo[]): void {
    if (!stream.isLive || segments.length === 0) return;
    const sorted = [...segments].sort((a, b) => a.startTime - b.startTime);
    const previousEdge = this.#edges.get(stream.id) ?? Infinity;
    const known = sorted.filter((segment) => segment.startTime <= previousEdge);
    const from = known.length >= PLAYING_WINDOW_SEGMENTS ? known[known.length - PLAYING_WINDOW_SEGMENTS]!.startTime : -Infinity;
    const window = sorted.filter((segment) => segment.startTime >= from);
    this.#newest.set(stream.id, new Set(window.map((segment) => segment.id)));
    const previous = new Map<string, string>();
    const start = sorted.length - window.length;
    for (let i = Math.max(start, 1); i < sorted.length; i++) previous.set(sorted[i]!.id, sorted[i - 1]!.id);
    this.#previous.set(stream.id, previous);
    this.#edges.set(stream.id, sorted[sorted.length - 1]!.startTime);
  }

  /** Self, and the trusted peers that play the stream now (without our list: that ever announced it). */
  candidates(swarm: PeerSwarm, streamId: string): string[] {
    const newest = this.#newest.get(streamId);
    const playsNow = (peer: RemotePeer): boolean => {
      const have = peer.have.get(streamId);
      const loading = peer.loading.get(streamId);
      if (!newest) return (have?.size ?? 0) > 0 || (loading?.size ?? 0) > 0;
      for (const id of newest) if (have?.has(id) || loading?.has(id)) return true;
      return false;
    };
    const candidates = [swarm.selfId];
    for (const peer of swarm.peers) if (playsNow(peer) && this.#discipline.trustsFetcher(peer.id, streamId)) candidates.push(peer.id);
    return candidates;
  }

  /**
   * Whether we fetch a new live segment at once: we are first in the ranking. Nothing a peer
   * announced holds us back: a liar announcing `loading` of every segment would keep the elected
   * fetcher from ever fetching, and waiting for a peer that already has it made a chain of peer
   * transfers that arrived too late (simulated at 100 viewers: 35.8 origin copies against 33.4).
   */
  selfElected(swarm: PeerSwarm, streamId: string, segmentId: string): boolean {
    return rankFetchers({ candidates: this.candidates(swarm, streamId), streamId, segmentId })[0] === swarm.selfId;
  }

  /**
   * Ms to wait for a peer to fetch this segment from the origin; 0 = fetch it ourselves. Waits for
   * a trusted peer's `loading` until its deadline, else for the elected peer's turn; when it stays
   * silent `SILENT_TURN_MS` (plus a segment duration if it keeps up with the edge), we fetch. One turn per segment, and a demand waits once: in a partial
   * mesh the next in our ranking is often silent too (waiting for its own elected), and waiting
   * turn after turn drained the slack and started peer transfers too late (simulated, 100 viewers,
   * seed 2: 35.0 origin copies with 2 waits, 33.2 with one; 33.8 before this policy).
   */
  waitMs(input: LiveWaitInput): number {
    const { swarm, streamId, segmentId } = input;
    const now = this.#clock.now();
    const turns = this.#turnsOf(streamId, segmentId);
    const turn = (peerId: string): Turn => {
      let found = turns.get(peerId);
      if (!found) turns.set(peerId, (found = {}));
      return found;
    };
    const loadingUntil = this.#loadingDeadline(input, turn);
    if (loadingUntil > now) return loadingUntil - now;
    for (const peerId of rankFetchers({ candidates: this.candidates(swarm, streamId), streamId, segmentId })) {
      if (peerId === swarm.selfId) return 0;
      // One that has it but could not serve us now (busy, backing off) gets the same turn: others
      // that got it from it may announce it meanwhile (going to the origin at once cost 1.73
      // origin copies against 1.56 in the simulated 8-viewer bench).
      if (!swarm.peer(peerId)) return 0;
      const current = turn(peerId);
      if (current.turnStartMs === undefined) {
        if ([...turns.values()].some((other) => other.turnStartMs !== undefined)) return 0;
        current.turnStartMs = now;
      }
      const silentUntil = current.turnStartMs + this.#reloadAllowanceMs(input, peerId) + SILENT_TURN_MS;
      if (now < silentUntil) return silentUntil - now;
      if (!current.counted) this.#silentTurn(peerId, streamId);
      current.counted = true;
    }
    return 0;
  }

  /**
   * VOD (and live): how long to wait for trusted peers that announced `loading` of the segment,
   * at most their allowance (a second plus twice our own origin time, <= 2 s) from when we first
   * saw the announcement; one that breaks it is not waited for on that stream again (a liar that
   * announces `loading` of every segment no longer drains every wait down to the margin).
   */
  loadingWaitMs(input: LiveWaitInput): number {
    const turns = this.#turnsOf(input.streamId, input.segmentId);
    const turn = (peerId: string): Turn => {
      let found = turns.get(peerId);
      if (!found) turns.set(peerId, (found = {}));
      return found;
    };
    return Math.max(0, this.#loadingDeadline(input, turn) - this.#clock.now());
  }

  /** The segment's duration when the peer holds the segment listed just before it (see `SILENT_TURN_MS`), else 0. */
  #reloadAllowanceMs(input: LiveWaitInput, peerId: string): number {
    const before = this.#previous.get(input.streamId)?.get(input.segmentId);
    const peer = before === undefined ? undefined : input.swarm.peer(peerId);
    const keepsUp = peer !== undefined && (peer.have.get(input.streamId)?.has(before!) || peer.loading.get(input.streamId)?.has(before!));
    return keepsUp ? (input.segmentDurationMs ?? 0) : 0;
  }

  /** Safe twice. */
  destroy(): void {
    for (const timer of this.#timers) this.#clock.clearTimeout(timer);
    this.#timers.clear();
    this.#newest.clear();
    this.#previous.clear();
    this.#edges.clear();
    this.#turns.clear();
    this.#silent.clear();
  }

  /** Until when trusted peers announcing `loading` of the segment are waited for; breakers of that promise are distrusted. */
  #loadingDeadline(input: LiveWaitInput, turn: (peerId: string) => Turn): number {
    const { swarm, streamId, segmentId } = input;
    const now = this.#clock.now();
    const allowMs = Math.min(LOADING_GRACE_MS + 2 * input.expectedHttpMs, MAX_LOADING_MS);
    let until = 0;
    for (const peer of swarm.peers) {
      if (!peer.loading.get(streamId)?.has(segmentId) || !this.#discipline.trustsFetcher(peer.id, streamId)) continue;
      const current = turn(peer.id);
      if (current.loadingSinceMs === undefined) {
        current.loadingSinceMs = now;
        this.#checkLater({ swarm, peerId: peer.id, streamId, segmentId, allowMs });
      }
      this.#silent.delete(`${streamId}\u0000${peer.id}`);
      const deadline = current.loadingSinceMs + allowMs;
      if (now < deadline) until = Math.max(until, deadline);
      else this.#distrust({ peerId: peer.id, streamId, forMs: BROKEN_LOADING_DISTRUST_MS, detail: `announced loading of ${segmentId}, no have after ${allowMs} ms` });
    }
    return until;
  }

  /**
   * The promise is checked at its deadline even when someone else delivered the segment first
   * (a liar that announces every segment is not saved by honest fetchers).
   */
  #checkLater(promise: { swarm: PeerSwarm; peerId: string; streamId: string; segmentId: string; allowMs: number }): void {
    const { swarm, peerId, streamId, segmentId, allowMs } = promise;
    const timer = this.#clock.setTimeout(() => {
      this.#timers.delete(timer);
      const peer = swarm.peer(peerId);
      if (!peer?.loading.get(streamId)?.has(segmentId) || !this.#discipline.trustsFetcher(peerId, streamId)) return;
      this.#distrust({ peerId, streamId, forMs: BROKEN_LOADING_DISTRUST_MS, detail: `announced loading of ${segmentId}, no have after ${allowMs} ms` });
    }, allowMs);
    this.#timers.add(timer);
  }

  /** An elected peer stayed silent: it lost this turn, and after a few in a row its weight for a while. */
  #silentTurn(peerId: string, streamId: string): void {
    const key = `${streamId}\u0000${peerId}`;
    const count = (this.#silent.get(key) ?? 0) + 1;
    this.#silent.delete(key);
    if (count < SILENT_TURNS_TO_COOL_OFF) {
      this.#silent.set(key, count);
      while (this.#silent.size > MAX_TRACKED_SEGMENTS) this.#silent.delete(this.#silent.keys().next().value!);
      return;
    }
    this.#distrust({ peerId, streamId, forMs: SILENT_COOL_OFF_MS, detail: `${count} silent turns as the elected fetcher` });
  }

  /** Other demands of the stream waiting for that peer stop waiting now, not at their own deadline. */
  #distrust(distrust: { peerId: string; streamId: string; forMs: number; detail: string }): void {
    this.#discipline.distrustFetcher(distrust);
    for (const [key, entry] of [...this.#turns]) if (entry.streamId === distrust.streamId && entry.byPeer.has(distrust.peerId)) this.#wake(key);
  }

  #turnsOf(streamId: string, segmentId: string): Map<string, Turn> {
    const key = segmentKey(streamId, segmentId);
    let entry = this.#turns.get(key);
    if (!entry) {
      this.#turns.set(key, (entry = { streamId, byPeer: new Map() }));
      while (this.#turns.size > MAX_TRACKED_SEGMENTS) this.#turns.delete(this.#turns.keys().next().value!);
    }
    return entry.byPeer;
  }
}
