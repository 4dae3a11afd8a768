import type { Clock } from '../deps.js';
import type { PeerSwarm, RemotePeer } from '../peers/peer-swarm.js';
import { segmentKey, type SegmentInfo, type StreamInfo } from '../segment.js';
import { electionPosition, rankFetchers, spreadDelayMs } from './live-election.js';
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
/** A segment a neighbour holds is waited for this long at most (callers cap it at their fallback margin). */
const HELD_NEARBY_WAIT_MS = 60_000;
/** Segments whose turns we track at most (oldest dropped first). */
const MAX_TRACKED_SEGMENTS = 256;

/** What we saw of one peer's turn at one segment. */
interface Turn {
  /** When we first saw it announce `loading` of the segment, ms. */
  loadingSinceMs?: number;
  /** Its turn (as the first of our ranking) has been judged. */
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
  /** Segment key -> its stream, when we saw it listed new at the edge, and peer id -> its turn. */
  readonly #turns = new Map<string, { streamId: string; listedMs?: number; byPeer: Map<string, Turn> }>();
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
    const now = this.#clock.now();
    for (let i = known.length; i < sorted.length; i++) this.#entryOf(stream.id, sorted[i]!.id).listedMs ??= now;
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
    const candidates = this.candidates(swarm, streamId);
    if (rankFetchers({ candidates, streamId, segmentId })[0] !== swarm.selfId) return false;
    return spreadDelayMs(electionPosition({ peerId: swarm.selfId, streamId, segmentId }), swarmSizeOf(swarm, candidates)) === 0;
  }

  /**
   * Ms to wait for a peer to fetch this segment from the origin; 0 = fetch it ourselves. Waits for
   * a trusted peer's `loading` until its deadline, else until our own turn (see `LIVE_SEEDS`):
   * counted from when we saw the segment listed, at the swarm-wide position of our hash, and never
   * before the first of our ranking had its turn (`SILENT_TURN_MS`, plus a segment duration if it
   * keeps up with the edge: it may see the segment listed that much later than we did). A segment
   * we never saw listed new (we joined after it) is due at once; one a serving neighbour holds
   * (it reached us, but that neighbour could not serve us now: busy, a refusal) is waited for up to
   * the caller's margin, as others take it from that neighbour. A first of the ranking that is a
   * seed of the segment and announced nothing in its turn is counted silent; two such turns in a
   * row and it is not elected on that stream for a while.
   */
  waitMs(input: LiveWaitInput): number {
    const { swarm, streamId, segmentId } = input;
    const now = this.#clock.now();
    const entry = this.#entryOf(streamId, segmentId);
    const turn = (peerId: string): Turn => {
      let found = entry.byPeer.get(peerId);
      if (!found) entry.byPeer.set(peerId, (found = {}));
      return found;
    };
    const loadingUntil = this.#loadingDeadline(input, turn);
    if (loadingUntil > now) return loadingUntil - now;
    if (entry.listedMs === undefined) return 0;
    // It has reached us: a neighbour that holds it but could not serve us now (busy, a refusal)
    // is followed by others that take it from it. Until the fallback margin (the caller's cap).
    if (heldNearby(swarm, streamId, segmentId)) return HELD_NEARBY_WAIT_MS;
    const candidates = this.candidates(swarm, streamId);
    const size = swarmSizeOf(swarm, candidates);
    let dueMs = entry.listedMs + spreadDelayMs(electionPosition({ peerId: swarm.selfId, streamId, segmentId }), size);
    const first = rankFetchers({ candidates, streamId, segmentId })[0]!;
    if (first !== swarm.selfId && swarm.peer(first)) {
      const turnEndMs = entry.listedMs + this.#reloadAllowanceMs(input, first) + SILENT_TURN_MS;
      dueMs = Math.max(dueMs, turnEndMs);
      const current = turn(first);
      if (now >= turnEndMs && !current.counted && spreadDelayMs(electionPosition({ peerId: first, streamId, segmentId }), size) === 0) {
        current.counted = true;
        if (!announced(swarm, first, streamId, segmentId)) this.#silentTurn(first, streamId);
      }
    }
    return Math.max(0, dueMs - now);
  }

  /**
   * VOD (and live): how long to wait for trusted peers that announced `loading` of the segment,
   * at most their allowance (a second plus twice our own origin time, <= 2 s) from when we first
   * saw the announcement; one that breaks it is not waited for on that stream again (a liar that
   * announces `loading` of every segment no longer drains every wait down to the margin).
   */
  loadingWaitMs(input: LiveWaitInput): number {
    const turns = this.#entryOf(input.streamId, input.segmentId).byPeer;
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

  /** Calls `run` in `ms` unless destroyed first (a viewer's own turn at a segment). */
  later(ms: number, run: () => void): void {
    const timer = this.#clock.setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
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

  #entryOf(streamId: string, segmentId: string): { streamId: string; listedMs?: number; byPeer: Map<string, Turn> } {
    const key = segmentKey(streamId, segmentId);
    let entry = this.#turns.get(key);
    if (!entry) {
      this.#turns.set(key, (entry = { streamId, byPeer: new Map() }));
      while (this.#turns.size > MAX_TRACKED_SEGMENTS) this.#turns.delete(this.#turns.keys().next().value!);
    }
    return entry;
  }
}

/** The swarm's size for the election: the trackers' count, never fewer than the candidates we see. */
function swarmSizeOf(swarm: PeerSwarm, candidates: readonly string[]): number {
  return Math.max(swarm.trackerSwarmSize ?? 0, candidates.length);
}

/** Whether a neighbour that serves holds the segment. */
export function heldNearby(swarm: PeerSwarm, streamId: string, segmentId: string): boolean {
  for (const peer of swarm.peers) if (peer.uploadEnabled && peer.have.get(streamId)?.has(segmentId)) return true;
  return false;
}

/** Whether the peer announced `have` or `loading` of the segment. */
function announced(swarm: PeerSwarm, peerId: string, streamId: string, segmentId: string): boolean {
  const peer = swarm.peer(peerId);
  return peer !== undefined && (peer.have.get(streamId)?.has(segmentId) === true || peer.loading.get(streamId)?.has(segmentId) === true);
}
