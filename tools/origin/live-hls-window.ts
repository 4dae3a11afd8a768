/**
 * Simulated live HLS: loops a VOD media playlist forever as a sliding window whose media sequence
 * advances in real time.
 *
 * Timeline: the stream is taken to have begun `windowSegments` segments before `startMs`, so the
 * window is full from the first request. Segment `n` (media sequence) covers
 * `[epoch + n * target, epoch + (n + 1) * target)` and is published once that interval has ended.
 * Publication runs on the playlist's TARGET duration (our samples' segments are exactly that long);
 * `#EXTINF` values are copied from the VOD. Segment `n` is the VOD's segment `n % count`; a
 * `#EXT-X-DISCONTINUITY` marks every loop point and `#EXT-X-DISCONTINUITY-SEQUENCE` counts them.
 */
import { extname } from 'node:path';
import type { HlsMediaPlaylist, HlsSegmentEntry } from './hls-media-playlist.ts';

export interface LiveHlsWindowOptions {
  /** The VOD media playlist to loop. */
  playlist: HlsMediaPlaylist;
  /** Segments in the sliding window. */
  windowSegments: number;
  /** Wall-clock time (epoch ms) at which the window first became full. */
  startMs: number;
}

/** Live URI of segment `n`: unique per media sequence, so each can be counted and identified. */
export function liveSegmentUri(mediaSequence: number, vodUri: string): string {
  return `seg-${mediaSequence}${extname(vodUri.split('?')[0])}`;
}

export class LiveHlsWindow {
  readonly #playlist: HlsMediaPlaylist;
  readonly #windowSegments: number;
  readonly #epochMs: number;
  readonly #segmentMs: number;

  constructor(options: LiveHlsWindowOptions) {
    if (!Number.isInteger(options.windowSegments) || options.windowSegments < 1) {
      throw new RangeError(`windowSegments must be a positive integer, got ${options.windowSegments}`);
    }
    if (!Number.isFinite(options.startMs)) throw new RangeError(`startMs must be a finite epoch time, got ${options.startMs}`);
    this.#playlist = options.playlist;
    this.#windowSegments = options.windowSegments;
    this.#segmentMs = options.playlist.targetDurationSec * 1000;
    this.#epochMs = options.startMs - options.windowSegments * this.#segmentMs;
  }

  /** Media sequence of the newest published segment at `nowMs` (−1 when none is published yet). */
  lastPublishedSequence(nowMs: number): number {
    return Math.max(-1, Math.floor((nowMs - this.#epochMs) / this.#segmentMs) - 1);
  }

  isPublished(mediaSequence: number, nowMs: number): boolean {
    return mediaSequence >= 0 && mediaSequence <= this.lastPublishedSequence(nowMs);
  }

  /** The VOD segment that media sequence `n` replays. */
  vodSegmentFor(mediaSequence: number): HlsSegmentEntry {
    const { segments } = this.#playlist;
    return segments[mediaSequence % segments.length];
  }

  /**
   * The live media playlist at `nowMs`. `segmentQuery` (e.g. `?start=…`, with its `?`) is
   * appended to every segment URI.
   */
  render(nowMs: number, segmentQuery = ''): string {
    const count = this.#playlist.segments.length;
    const last = this.lastPublishedSequence(nowMs);
    const first = Math.max(0, last - this.#windowSegments + 1);
    const lines = [
      '#EXTM3U',
      `#EXT-X-VERSION:${this.#playlist.version}`,
      `#EXT-X-TARGETDURATION:${this.#playlist.targetDurationSec}`,
      `#EXT-X-MEDIA-SEQUENCE:${first}`,
      `#EXT-X-DISCONTINUITY-SEQUENCE:${Math.floor(first / count)}`,
    ];
    if (this.#playlist.mapUri) lines.push(`#EXT-X-MAP:URI="${this.#playlist.mapUri}"`);
    for (let n = first; n <= last; n++) {
      if (n > first && n % count === 0) lines.push('#EXT-X-DISCONTINUITY');
      const vod = this.vodSegmentFor(n);
      lines.push(
        `#EXT-X-PROGRAM-DATE-TIME:${new Date(this.#epochMs + n * this.#segmentMs).toISOString()}`,
        `#EXTINF:${vod.durationSec.toFixed(6)},`,
        liveSegmentUri(n, vod.uri) + segmentQuery,
      );
    }
    return lines.join('\n') + '\n';
  }
}
