/**
 * Connects one hls.js instance to one P2P core: gives fragments a URL-independent identity,
 * tells the core the segment lists of loaded playlists, and reports playback.
 */
import type Hls from 'hls.js';
import type { AudioTrackLoadedData, Fragment, LevelDetails, LevelLoadedData } from 'hls.js';
import type { P2PCore } from '../../p2p/p2p-core.js';
import type { SegmentInfo, SegmentRequest, StreamInfo } from '../../p2p/segment.js';
import { renditionKey } from '../../p2p/swarm-id.js';
import { createP2PFragmentLoader, type FragmentRoute } from './hlsjs-fragment-plugin.js';
import { PlaybackReporter } from '../playback-reporter.js';

/** hls.js' `frag.sn` of an init segment. */
const INIT_SN = 'initSegment';

/** Id of an init segment: its URL path (tokens in the query change per viewer) plus byte range. */
function initSegmentId(frag: Fragment): string {
  let path = frag.url;
  try {
    path = new URL(frag.url).pathname;
  } catch {
    // A relative or odd URL: the whole string is still a stable id.
  }
  const [start, end] = frag.byteRange;
  return start === undefined ? `init:${path}` : `init:${path}@${start}-${end}`;
}

/** A fragment as the core sees it. */
export function toSegmentInfo(frag: Fragment): SegmentInfo {
  const [start, end] = frag.byteRange;
  const segment: SegmentInfo = {
    id: frag.sn === INIT_SN ? initSegmentId(frag) : String(frag.sn),
    url: frag.url,
    startTime: frag.sn === INIT_SN ? 0 : frag.start,
    duration: frag.sn === INIT_SN ? 0 : frag.duration,
  };
  if (start !== undefined && end !== undefined) {
    segment.byteRange = { start, end };
    segment.expectedBytes = end - start;
  }
  return segment;
}

export class HlsJsP2PBridge implements FragmentRoute {
  readonly core: P2PCore;
  /** The `config.fLoader` to give hls.js. */
  readonly fragmentLoader: ReturnType<typeof createP2PFragmentLoader>;
  #hls: Hls | undefined;
  #reporter: PlaybackReporter;
  #unsubscribe: Array<() => void> = [];

  constructor({ core, video }: { core: P2PCore; video: HTMLMediaElement }) {
    this.core = core;
    this.fragmentLoader = createP2PFragmentLoader(this);
    this.#reporter = new PlaybackReporter({ video, core });
  }

  /** Starts following `hls`' playlists. Call once, right after `new Hls(config)`. */
  attach(hls: Hls): void {
    this.#hls = hls;
    // The running hls.js class carries its event names; this module imports hls.js for types only.
    const { Events } = hls.constructor as typeof Hls;
    const onLevel = (_event: string, data: LevelLoadedData): void => this.#onPlaylist('main', data.level, data.details);
    const onAudio = (_event: string, data: AudioTrackLoadedData): void => this.#onPlaylist('audio', data.id, data.details);
    hls.on(Events.LEVEL_LOADED, onLevel);
    hls.on(Events.AUDIO_TRACK_LOADED, onAudio);
    this.#unsubscribe.push(
      () => hls.off(Events.LEVEL_LOADED, onLevel),
      () => hls.off(Events.AUDIO_TRACK_LOADED, onAudio),
    );
  }

  /** The stream a fragment belongs to, or undefined for what P2P does not carry (subtitles). */
  streamFor(type: string, index: number): StreamInfo | undefined {
    const hls = this.#hls;
    if (!hls) return undefined;
    if (type === 'main') {
      const level = hls.levels[index];
      if (!level) return undefined;
      // The manifest's CODECS (with profiles); hls.js' codecSet keeps only the codec families.
      const codecs = level.attrs?.CODECS ?? ([level.videoCodec, level.audioCodec].filter(Boolean).join(',') || level.codecSet);
      const id = renditionKey({ type: 'main', bitrate: level.bitrate, width: level.width, height: level.height, codecs });
      return { id, type: 'main', isLive: level.details?.live ?? false };
    }
    if (type === 'audio') {
      const track = hls.audioTracks[index];
      if (!track) return undefined;
      const id = renditionKey({ type: 'audio', bitrate: track.bitrate ?? 0, codecs: track.audioCodec, lang: track.lang ?? track.name });
      return { id, type: 'audio', isLive: track.details?.live ?? false };
    }
    return undefined;
  }

  requestFor(frag: Fragment): SegmentRequest | undefined {
    if (!frag.url) return undefined;
    const stream = this.streamFor(frag.type, frag.level);
    return stream && { stream, segment: toSegmentInfo(frag) };
  }

  destroy(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    this.#reporter.destroy();
    this.#hls = undefined;
  }

  #onPlaylist(type: 'main' | 'audio', index: number, details: LevelDetails): void {
    const stream = this.streamFor(type, index);
    if (!stream) return;
    const segments = details.fragments.filter((frag) => frag.url).map(toSegmentInfo);
    try {
      this.core.setStreamSegments({ ...stream, isLive: details.live }, segments);
    } catch (error) {
      // The core rejects malformed lists; segments still load one by one (or over HTTP).
      console.warn('p2p-video: segment list not accepted by the P2P core', error);
    }
  }
}

