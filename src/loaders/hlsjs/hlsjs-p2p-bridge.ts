/**
 * Connects one hls.js instance to one P2P session: gives fragments a URL-independent identity,
 * routes them to the core (the fLoader plugin) and tells the core the segment lists of loaded
 * playlists. Created with hls.js, before the core exists: nothing here waits for it.
 */
import type Hls from 'hls.js';
import type { AudioTrackLoadedData, Fragment, LevelDetails, LevelLoadedData } from 'hls.js';
import type { SegmentInfo, SegmentRequest, StreamInfo } from '../../p2p/segment.js';
import { renditionKey } from '../../p2p/swarm-id.js';
import { createP2PFragmentPlugin, type FragmentRoute, type HttpLoaderClass } from './hlsjs-fragment-plugin.js';
import { lengthenLiveDelay } from './hlsjs-live-delay.js';
import type { P2PSession } from '../p2p-session.js';
import { applyByteRange, initSegmentId } from '../segment-identity.js';

/** hls.js' `frag.sn` of an init segment. */
const INIT_SN = 'initSegment';

/** A fragment as the core sees it (ids: see segment-identity.ts; hls.js' `byteRange` is end-exclusive already). */
export function toSegmentInfo(frag: Fragment): SegmentInfo {
  const [start, end] = frag.byteRange;
  const range = start === undefined ? undefined : { start, end };
  const isInit = frag.sn === INIT_SN;
  const segment: SegmentInfo = {
    id: isInit ? initSegmentId({ url: frag.url, range }) : String(frag.sn),
    url: frag.url,
    startTime: isInit ? 0 : frag.start,
    duration: isInit ? 0 : frag.duration,
  };
  return applyByteRange(segment, range);
}

export class HlsJsP2PBridge implements FragmentRoute {
  /** The `config.fLoader` to give hls.js. */
  readonly fragmentPlugin: ReturnType<typeof createP2PFragmentPlugin>;
  readonly #session: P2PSession;
  #hls: Hls | undefined;
  #unsubscribe: Array<() => void> = [];

  /** `httpLoader`: the page's own `fLoader`, for the fragments the core does not load. */
  constructor({ session, httpLoader }: { session: P2PSession; httpLoader?: HttpLoaderClass }) {
    this.#session = session;
    this.fragmentPlugin = createP2PFragmentPlugin(this, { httpLoader });
  }

  core(): ReturnType<FragmentRoute['core']> {
    return this.#session.core();
  }

  /** Starts following `hls`' playlists. Call once, right after `new Hls(config)`. */
  attach(hls: Hls): void {
    this.#hls = hls;
    // The running hls.js class carries its event names; this module imports hls.js for types only.
    const { Events } = hls.constructor as typeof Hls;
    lengthenLiveDelay(hls);
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
      // NAME / GROUP-ID / CHARACTERISTICS tell apart tracks of one language and codec (main vs audio description).
      const id = renditionKey({
        type: 'audio',
        bitrate: track.bitrate ?? 0,
        codecs: track.audioCodec,
        lang: track.lang ?? track.name,
        name: track.name ?? track.attrs?.NAME,
        groupId: track.groupId ?? track.attrs?.['GROUP-ID'],
        characteristics: track.characteristics ?? track.attrs?.CHARACTERISTICS,
      });
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
    this.#hls = undefined;
  }

  #onPlaylist(type: 'main' | 'audio', index: number, details: LevelDetails): void {
    const stream = this.streamFor(type, index);
    if (!stream) return;
    const segments = details.fragments.filter((frag) => frag.url).map(toSegmentInfo);
    this.#session.setStreamSegments({ ...stream, isLive: details.live }, segments);
  }
}

