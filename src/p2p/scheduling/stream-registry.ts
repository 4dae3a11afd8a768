import type { Clock } from '../deps.js';
import type { PlaybackState, SegmentInfo, StreamInfo } from '../segment.js';

interface StreamEntry {
  stream: StreamInfo;
  segments: Map<string, SegmentInfo>;
  /** Whether a full list has been seen before (new ids after that are new at the live edge). */
  listed: boolean;
  /** `segments` by start time (stable: list order among equals) and the longest duration; rebuilt lazily after a change. */
  sorted?: { segments: SegmentInfo[]; maxDuration: number };
}

/** The player's view: streams and their segments, the active stream, and where the playhead is. */
export class StreamRegistry {
  readonly #clock: Clock;
  readonly #streams = new Map<string, StreamEntry>();
  #playback: { state: PlaybackState; atMs: number } | undefined;
  /** Whether the player has played at all (before that its `currentTime` may not be the start yet). */
  #started = false;
  /** Start time of the first media segment the player asked for: where playback will begin. */
  #startPosition: number | undefined;
  /** The stream the player last requested a segment of. */
  activeStreamId: string | undefined;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Replaces a stream's segment list; returns ids not listed before (empty on the first list). */
  setSegments(stream: StreamInfo, segments: readonly SegmentInfo[]): string[] {
    const entry = this.#entry(stream);
    const fresh: string[] = [];
    const next = new Map<string, SegmentInfo>();
    for (const segment of segments) {
      if (entry.listed && !entry.segments.has(segment.id)) fresh.push(segment.id);
      next.set(segment.id, segment);
    }
    entry.segments = next;
    entry.sorted = undefined;
    entry.listed = true;
    return fresh;
  }

  /** Remembers a segment the player asked for even without a list. */
  noteSegment(stream: StreamInfo, segment: SegmentInfo): void {
    const entry = this.#entry(stream);
    if (!entry.segments.has(segment.id)) {
      entry.segments.set(segment.id, segment);
      entry.sorted = undefined;
    }
    if (segment.duration > 0) this.#startPosition ??= segment.startTime;
  }

  stream(streamId: string): StreamInfo | undefined {
    return this.#streams.get(streamId)?.stream;
  }

  segment(streamId: string, segmentId: string): SegmentInfo | undefined {
    return this.#streams.get(streamId)?.segments.get(segmentId);
  }

  setPlayback(state: PlaybackState): void {
    this.#playback = { state: { ...state }, atMs: this.#clock.now() };
    if (!state.paused) this.#started = true;
  }

  /** Whether the player has played at all. */
  get started(): boolean {
    return this.#started;
  }

  /**
   * Extrapolated playhead, seconds; undefined before the first `updatePlayback`. Before playback
   * starts, the video reports 0 while a live stream will start near its edge (hls.js seeks there
   * once the first segment is buffered): until then the start is where the first segment begins,
   * so later segments are not taken for minutes away.
   */
  playheadSeconds(): number | undefined {
    const playback = this.#playback;
    if (!playback) return undefined;
    const { currentTime, paused, playbackRate } = playback.state;
    const playhead = paused ? currentTime : currentTime + ((this.#clock.now() - playback.atMs) / 1000) * playbackRate;
    return this.#started || this.#startPosition === undefined ? playhead : Math.max(playhead, this.#startPosition);
  }

  /**
   * The player's buffer ahead in segments of the active stream (the upload back-off's measure),
   * less what played since the last report; undefined before a report or a segment list.
   */
  bufferedAheadSegments(): number | undefined {
    const playback = this.#playback;
    const [current] = this.window(0);
    if (!playback || !current || !(current.segment.duration > 0)) return undefined;
    const { bufferedAhead, paused, playbackRate } = playback.state;
    const played = paused ? 0 : ((this.#clock.now() - playback.atMs) / 1000) * playbackRate;
    return Math.max(0, bufferedAhead - played) / current.segment.duration;
  }

  /** Wall-clock ms until the player reaches `startTime` (0 when unknown or already due). */
  timeUntilMs(startTime: number): number {
    const playhead = this.playheadSeconds();
    if (playhead === undefined) return 0;
    const rate = Math.max(this.#playback!.state.playbackRate, 0.1);
    return Math.max(0, ((startTime - playhead) / rate) * 1000);
  }

  /** Segments of the active stream starting within `[playhead, playhead + windowSeconds]`, earliest first. */
  window(windowSeconds: number): Array<{ stream: StreamInfo; segment: SegmentInfo }> {
    const entry = this.activeStreamId === undefined ? undefined : this.#streams.get(this.activeStreamId);
    const playhead = this.playheadSeconds();
    if (!entry || playhead === undefined) return [];
    // Asked several times per segment and per playback report: sorted once per list, then a
    // binary search (a VOD list has thousands of segments; copying and sorting it was the cost).
    const { segments, maxDuration } = (entry.sorted ??= sortByStart(entry.segments));
    const result: Array<{ stream: StreamInfo; segment: SegmentInfo }> = [];
    for (let i = firstStartingFrom(segments, playhead - maxDuration); i < segments.length; i++) {
      const segment = segments[i]!;
      if (segment.startTime > playhead + windowSeconds) break;
      if (segment.startTime + segment.duration > playhead) result.push({ stream: entry.stream, segment });
    }
    return result;
  }

  #entry(stream: StreamInfo): StreamEntry {
    let entry = this.#streams.get(stream.id);
    if (!entry) this.#streams.set(stream.id, (entry = { stream, segments: new Map(), listed: false }));
    return entry;
  }
}

function sortByStart(segments: ReadonlyMap<string, SegmentInfo>): { segments: SegmentInfo[]; maxDuration: number } {
  const sorted = [...segments.values()].sort((a, b) => a.startTime - b.startTime);
  let maxDuration = 0;
  for (const segment of sorted) if (segment.duration > maxDuration) maxDuration = segment.duration;
  return { segments: sorted, maxDuration };
}

/** Index of the first segment starting at or after `time` (segments sorted by start). */
function firstStartingFrom(segments: readonly SegmentInfo[], time: number): number {
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (segments[middle]!.startTime < time) low = middle + 1;
    else high = middle;
  }
  return low;
}
