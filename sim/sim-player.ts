/**
 * A player per viewer, shaped after hls.js as our element configures it: master + level playlist
 * first, one fragment at a time up to `bufferTargetSeconds` ahead (live: `liveBufferSeconds`), live start
 * `liveStartSegments` behind the edge and a playlist reload every target duration, ABR on
 * hls.js' dual EWMA (3 s / 9 s half-lives, 500 kbit/s default, up at 0.7, stay at 0.95 of the
 * estimate), retry after 1 s on an error. Playback starts, and resumes after a stall, once one
 * segment is buffered.
 */
import type { AccessLink } from './access-link.ts';
import type { LoadedSegment, PlayerLoader } from './player-loaders.ts';
import type { Scenario } from './scenario.ts';
import type { SimClock } from './sim-clock.ts';
import type { SimOrigin } from './sim-origin.ts';
import type { SimStream } from './sim-stream.ts';

const ABR_DEFAULT_ESTIMATE_BPS = 500_000;
const ABR_UP_FACTOR = 0.7;
const ABR_STAY_FACTOR = 0.95;
const RETRY_DELAY_MS = 1000;
/** A segment counts as played once this much of it was (the bench's rule). */
const PLAYED_OVERLAP_SECONDS = 0.2;

/** What a viewer's playback looked like; filled while it plays. */
export interface PlaybackReport {
  startupMs: number | undefined;
  stalls: number;
  stalledMs: number;
  playedMs: number;
  loadErrors: number;
  segmentsBySource: { http: number; p2p: number; cache: number };
}

class Ewma {
  readonly #alpha: number;
  #estimate = 0;
  #weight = 0;
  constructor(halfLifeSeconds: number) {
    this.#alpha = Math.exp(Math.log(0.5) / halfLifeSeconds);
  }
  sample(weightSeconds: number, value: number): void {
    const alpha = this.#alpha ** weightSeconds;
    this.#estimate = value * (1 - alpha) + alpha * this.#estimate;
    this.#weight += weightSeconds;
  }
  get estimate(): number | undefined {
    return this.#weight === 0 ? undefined : this.#estimate / (1 - this.#alpha ** this.#weight);
  }
}

interface Buffered {
  seq: number;
  level: number;
  start: number;
  end: number;
}

export interface SimPlayerOptions {
  clock: SimClock;
  scenario: Scenario;
  stream: SimStream;
  origin: SimOrigin;
  link: AccessLink;
  loader: PlayerLoader;
  /** The swarm's union of played segments (`level/seq`). */
  played: Set<string>;
  /** Live: start this many segments behind the edge, and buffer at most this far ahead (see `livePlayback`). */
  liveStartSegments: number;
  liveBufferSeconds: number;
  /** Diagnostics: one line per fragment load and stall. */
  trace?: (line: string) => void;
}

export class SimPlayer {
  readonly report: PlaybackReport = { startupMs: undefined, stalls: 0, stalledMs: 0, playedMs: 0, loadErrors: 0, segmentsBySource: { http: 0, p2p: 0, cache: 0 } };
  readonly #o: SimPlayerOptions;
  readonly #fast = new Ewma(3);
  readonly #slow = new Ewma(9);
  #state: 'starting' | 'playing' | 'stalled' | 'ended' | 'stopped' = 'starting';
  #joinMs = 0;
  #level = 0;
  #seenEdge = -1;
  #nextSeq = -1;
  #playhead = 0;
  #bufferEnd = 0;
  readonly #buffered: Buffered[] = [];
  #loading: AbortController | undefined;
  #waitingForPlaylist = true;
  #lastTickMs = 0;
  readonly #timers = new Set<unknown>();

  constructor(options: SimPlayerOptions) {
    this.#o = options;
    this.#level = this.#pickLevel(ABR_DEFAULT_ESTIMATE_BPS, Infinity);
  }

  /** The page loads: master playlist, then the first level's playlist. */
  start(): void {
    this.#joinMs = this.#lastTickMs = this.#o.clock.now();
    this.#later(() => this.#levelPlaylistLoaded(), 2 * this.#o.origin.playlistMs(this.#o.link));
    this.#later(() => this.#tick(), this.#o.scenario.timeUpdateMs);
  }

  /** The page closes. */
  stop(): void {
    if (this.#state === 'stopped') return;
    this.#advance();
    this.#state = 'stopped';
    this.#loading?.abort();
    for (const timer of this.#timers) this.#o.clock.clearTimeout(timer);
    this.#timers.clear();
  }

  get #segmentSeconds(): number {
    return this.#o.scenario.segmentSeconds;
  }

  #later(fn: () => void, ms: number): void {
    const timer = this.#o.clock.setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#state !== 'stopped') fn();
    }, ms);
    this.#timers.add(timer);
  }

  #levelPlaylistLoaded(): void {
    const { stream, scenario, loader, clock } = this.#o;
    const segments = stream.playlist(this.#level, clock.now());
    loader.setPlaylist(stream.streams[this.#level]!, segments);
    this.#waitingForPlaylist = false;
    if (scenario.isLive) {
      this.#seenEdge = Number(segments[segments.length - 1]!.id);
      // hls.js reloads a live playlist every target duration.
      this.#later(() => this.#later(() => this.#levelPlaylistLoaded(), this.#o.origin.playlistMs(this.#o.link)), this.#segmentSeconds * 1000);
    }
    if (this.#nextSeq < 0) {
      this.#nextSeq = scenario.isLive ? Math.max(Number(segments[0]!.id), this.#seenEdge - this.#o.liveStartSegments + 1) : 0;
      this.#playhead = this.#bufferEnd = this.#nextSeq * this.#segmentSeconds;
      this.#report();
    }
    this.#loadNext();
  }

  #loadNext(): void {
    const { scenario, stream } = this.#o;
    if (this.#loading || this.#waitingForPlaylist || this.#state === 'stopped' || this.#state === 'ended') return;
    if (!scenario.isLive && this.#nextSeq >= stream.vodSegmentCount) return;
    if (scenario.isLive && this.#nextSeq > this.#seenEdge) return;
    if (this.#bufferEnd - this.#playhead >= (scenario.isLive ? this.#o.liveBufferSeconds : scenario.bufferTargetSeconds)) return;
    const level = this.#chooseLevel();
    if (level !== this.#level) {
      // A level switch loads that level's playlist first (live: and follows it from now on).
      this.#level = level;
      this.#waitingForPlaylist = true;
      this.#later(() => this.#levelPlaylistLoaded(), this.#o.origin.playlistMs(this.#o.link));
      return;
    }
    const controller = (this.#loading = new AbortController());
    const seq = this.#nextSeq;
    const request = { stream: stream.streams[level]!, segment: stream.segment(level, seq) };
    const askedMs = this.#o.clock.now();
    this.#o.trace?.(`${askedMs.toFixed(0)} ask ${level}/${seq} ahead ${(this.#bufferEnd - this.#playhead).toFixed(2)} ${this.#state}`);
    this.#o.loader.load(request, controller.signal).then(
      (loaded) => this.#loaded({ loaded, seq, level, controller }),
      (error: unknown) => {
        if (this.#loading !== controller || this.#state === 'stopped') return;
        this.#loading = undefined;
        this.report.loadErrors++;
        if (process.env.SIM_DEBUG && this.report.loadErrors < 3) console.error("load error", this.#o.clock.now(), seq, String(error));
        this.#later(() => this.#loadNext(), RETRY_DELAY_MS);
      },
    );
  }

  #loaded({ loaded, seq, level, controller }: { loaded: LoadedSegment; seq: number; level: number; controller: AbortController }): void {
    if (this.#loading !== controller || this.#state === 'stopped') return;
    this.#loading = undefined;
    this.report.segmentsBySource[loaded.source]++;
    this.#o.trace?.(`${this.#o.clock.now().toFixed(0)} got ${level}/${seq} ${loaded.source} ahead ${(this.#bufferEnd - this.#playhead).toFixed(2)} ${this.#state}`);
    const bits = loaded.bytes * this.#o.scenario.payloadScale * 8;
    const bps = (bits * 1000) / Math.max(1, loaded.endMs - loaded.startMs);
    this.#fast.sample(this.#segmentSeconds, bps);
    this.#slow.sample(this.#segmentSeconds, bps);
    const start = seq * this.#segmentSeconds;
    this.#buffered.push({ seq, level, start, end: start + this.#segmentSeconds });
    this.#bufferEnd = start + this.#segmentSeconds;
    this.#nextSeq = seq + 1;
    this.#maybePlay();
    this.#loadNext();
  }

  #chooseLevel(): number {
    const estimate = Math.min(this.#fast.estimate ?? ABR_DEFAULT_ESTIMATE_BPS, this.#slow.estimate ?? ABR_DEFAULT_ESTIMATE_BPS);
    return this.#pickLevel(estimate, this.#level);
  }

  /** Renditions are listed highest first: the first one the estimate affords. */
  #pickLevel(estimate: number, current: number): number {
    const { renditions } = this.#o.scenario;
    for (let level = 0; level < renditions.length; level++) {
      const factor = level < current ? ABR_UP_FACTOR : ABR_STAY_FACTOR;
      if (renditions[level]!.bitrate <= estimate * factor) return level;
    }
    return renditions.length - 1;
  }

  #maybePlay(): void {
    if (this.#state !== 'starting' && this.#state !== 'stalled') return;
    const atEnd = !this.#o.scenario.isLive && this.#nextSeq >= this.#o.stream.vodSegmentCount;
    if (this.#bufferEnd - this.#playhead < this.#segmentSeconds - 1e-9 && !atEnd) return;
    this.#advance();
    if (this.#state === 'starting') this.report.startupMs = this.#o.clock.now() - this.#joinMs;
    this.#state = 'playing';
    this.#report();
  }

  /** Moves the playhead to now: play time, stalls, played segments. */
  #advance(): void {
    const now = this.#o.clock.now();
    const dtSeconds = (now - this.#lastTickMs) / 1000;
    this.#lastTickMs = now;
    if (this.#state === 'stalled') this.report.stalledMs += dtSeconds * 1000;
    if (this.#state !== 'playing') return;
    const room = Math.max(0, this.#bufferEnd - this.#playhead);
    const step = Math.min(dtSeconds, room);
    this.#playhead += step;
    this.report.playedMs += step * 1000;
    this.#markPlayed();
    if (step < dtSeconds) {
      const ended = !this.#o.scenario.isLive && this.#nextSeq >= this.#o.stream.vodSegmentCount;
      this.#state = ended ? 'ended' : 'stalled';
      if (!ended) {
        this.#o.trace?.(`${now.toFixed(0)} STALL at ${this.#playhead.toFixed(2)}`);
        this.report.stalls++;
        this.report.stalledMs += (dtSeconds - step) * 1000;
      }
    }
  }

  #markPlayed(): void {
    while (this.#buffered.length > 0) {
      const first = this.#buffered[0]!;
      if (this.#playhead >= first.start + Math.min(PLAYED_OVERLAP_SECONDS, first.end - first.start)) this.#o.played.add(`${first.level}/${first.seq}`);
      if (this.#playhead < first.end) return;
      this.#buffered.shift();
    }
  }

  #tick(): void {
    this.#advance();
    this.#report();
    this.#maybePlay();
    this.#loadNext();
    this.#later(() => this.#tick(), this.#o.scenario.timeUpdateMs);
  }

  #report(): void {
    if (this.#nextSeq < 0) return;
    this.#o.loader.updatePlayback({
      currentTime: this.#playhead,
      playbackRate: 1,
      paused: this.#state === 'starting' || this.#state === 'ended',
      bufferedAhead: Math.max(0, this.#bufferEnd - this.#playhead),
    });
  }
}
