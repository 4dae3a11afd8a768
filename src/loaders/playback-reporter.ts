/** Tells a P2P core what the video is doing, so it can prioritise segments around the playhead. */
import type { P2PCore } from '../p2p/p2p-core.js';
import type { PlaybackState } from '../p2p/segment.js';

const EVENTS = ['timeupdate', 'seeking', 'seeked', 'ratechange', 'play', 'pause', 'playing', 'waiting'] as const;

/** `HTMLMediaElement.HAVE_FUTURE_DATA`: below it a playing video is still waiting for data. */
const HAVE_FUTURE_DATA = 3;

/** Seconds buffered ahead of `currentTime` in the range that contains it (0 when not buffered). */
export function bufferedAheadSeconds(video: HTMLMediaElement): number {
  const { buffered, currentTime } = video;
  for (let i = 0; i < buffered.length; i++) {
    // A little slack: after a seek the playhead may sit just before the first appended sample.
    if (buffered.start(i) <= currentTime + 0.1 && currentTime < buffered.end(i)) return buffered.end(i) - currentTime;
  }
  return 0;
}

/**
 * What the core needs of the video. `paused` is whether the playhead stands still: a video asked
 * to play but still waiting for data (before its first frame, or stalled) is not moving, and
 * counts as paused, so the core neither extrapolates the playhead nor takes start-up for done.
 */
export function playbackState(video: HTMLMediaElement): PlaybackState {
  return {
    currentTime: video.currentTime,
    playbackRate: video.playbackRate,
    paused: video.paused || video.readyState < HAVE_FUTURE_DATA,
    bufferedAhead: bufferedAheadSeconds(video),
  };
}

/** Listens to the video's playback events and forwards each change to `core.updatePlayback`. */
export class PlaybackReporter {
  #video: HTMLMediaElement;
  #core: Pick<P2PCore, 'updatePlayback'>;
  #listener = (): void => this.report();

  constructor({ video, core }: { video: HTMLMediaElement; core: Pick<P2PCore, 'updatePlayback'> }) {
    this.#video = video;
    this.#core = core;
    for (const type of EVENTS) video.addEventListener(type, this.#listener);
    this.report();
  }

  /** Sends the current state now (also called on every playback event). */
  report(): void {
    this.#core.updatePlayback(playbackState(this.#video));
  }

  destroy(): void {
    for (const type of EVENTS) this.#video.removeEventListener(type, this.#listener);
  }
}
