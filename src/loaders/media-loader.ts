/**
 * The contract between `<p2p-video>` and a playback engine. One file per engine implements it
 * (`hlsjs-loader.ts`, `shaka-loader.ts`, `native-loader.ts`); adding an engine is one new file
 * plus a line in `engine-registry.ts`.
 */
import type { P2PCore } from '../p2p/p2p-core.js';
import type { Logger } from '../p2p/deps.js';
import type { P2PConfig } from '../p2p/config.js';
import type { P2PErrorCode } from '../p2p/errors.js';

export type EngineName = 'hls' | 'shaka' | 'native';

/** One video rendition as the quality menu shows it. */
export interface Rendition {
  /** Engine-specific id (hls.js level index, Shaka variant track id). */
  id: string;
  width?: number;
  height?: number;
  /** Bits per second. */
  bitrate: number;
  codecs?: string;
  label: string;
}

/** One audio track (a language, usually) as the audio menu shows it. */
export interface AudioTrackInfo {
  /** Stable within a source (built from the engine's language / name / roles). */
  id: string;
  /** BCP 47 as the manifest gives it (`en`, `de`); '' when unknown. */
  language: string;
  label: string;
}

/** Live information media-chrome understands (`streamType`, seekable window). */
export interface LiveInfo {
  isLive: boolean;
  /** Seconds the player targets behind the live edge. */
  targetLiveOffsetSeconds?: number;
}

/** `MediaError`-compatible codes. */
export const MediaErrorCode = {
  Aborted: 1,
  Network: 2,
  Decode: 3,
  SrcNotSupported: 4,
} as const;
export type MediaErrorCode = (typeof MediaErrorCode)[keyof typeof MediaErrorCode];

/** `PlayerError.detail`: why playback failed, stable and kebab-case (listed in docs/attributes-and-events.md). */
export const PlayerErrorDetail = {
  /** `src` is empty, not a URL, or not http(s)/blob. */
  InvalidSrc: 'invalid-src',
  /** The `engine` attribute is not `hls`, `shaka` or `native`. */
  InvalidEngine: 'invalid-engine',
  /** The engine's module could not be loaded. */
  LoadFailed: 'load-failed',
  /** The manifest URL answered 404. */
  ManifestNotFound: 'manifest-not-found',
  /** The manifest URL answered another HTTP error (`status` says which). */
  ManifestHttpError: 'manifest-http-error',
  /** The manifest request got no response: a CORS refusal or an unreachable host. */
  Cors: 'cors',
  /** The response is not an HLS playlist / DASH manifest. */
  NotAManifest: 'not-a-manifest',
  /** The browser cannot decode any rendition (e.g. HEVC where it is missing). */
  UnsupportedCodec: 'unsupported-codec',
  /** No Media Source Extensions: the engine cannot run here. */
  UnsupportedBrowser: 'unsupported-browser',
  /** Segments or playlists kept failing after the engine's retries. */
  Network: 'network',
  /** Decoding or appending media failed (after one recovery attempt with hls.js). */
  MediaError: 'media-error',
  /** A DRM / key system failure. */
  Drm: 'drm',
  /** Any other engine failure. */
  EngineError: 'engine-error',
  /** Native playback: the browser aborted fetching the media (`MediaError.MEDIA_ERR_ABORTED`). */
  Aborted: 'aborted',
  /** Native playback: the browser cannot play the source (`MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED`). */
  SrcNotSupported: 'src-not-supported',
} as const;
export type PlayerErrorDetail = (typeof PlayerErrorDetail)[keyof typeof PlayerErrorDetail];

/** Warning codes of the loaders themselves; the core's warnings carry a `P2PErrorCode`. */
export const LoaderWarningCode = {
  /** The P2P core could not start (bad P2P settings): playing over HTTP only. */
  P2PUnavailable: 'p2p-unavailable',
} as const;
export type LoaderWarningCode = (typeof LoaderWarningCode)[keyof typeof LoaderWarningCode];

/** `p2pwarning`'s `code`: from a loader, or from the core. */
export type P2PWarningCode = LoaderWarningCode | P2PErrorCode;

/** What `el.error` holds: MediaError-like, plus a stable machine-readable `detail`. */
export interface PlayerError {
  code: MediaErrorCode;
  detail: PlayerErrorDetail;
  message: string;
  /** HTTP status where relevant. */
  status?: number;
  fatal: boolean;
}

export interface LoaderEventMap {
  /**
   * The engine has been given the source: the manifest request is on its way (hls.js
   * `loadSource()`, Shaka `load()`, native `video.load()`). Work that can wait, waits for this.
   */
  sourceloading: { src: string };
  renditions: { renditions: Rendition[] };
  /** The rendition actually playing changed (index into `renditions`). */
  renditionchange: { index: number };
  /**
   * The audio tracks the engine can switch between, and the one it plays (index into `tracks`,
   * -1 while unknown). Sent again when the list or the track playing changes.
   */
  audiotracks: { tracks: AudioTrackInfo[]; selected: number };
  live: LiveInfo;
  error: PlayerError;
  /** Something that degrades P2P but not playback (e.g. the core could not start: playing over HTTP only). */
  warning: { code: P2PWarningCode; message: string };
}

export interface MediaLoaderOptions {
  video: HTMLVideoElement;
  src: string;
  /**
   * P2P core settings; undefined = no P2P. The loader owns the core it creates. A swarm id still
   * being worked out may be given as a promise: the engine starts without waiting for it.
   */
  p2p?: {
    swarmId: string | PromiseLike<string>;
    config: Partial<P2PConfig>;
    /** The core's logger (`deps.logger`); the element's prints debug messages with `debug`. Default: the core's. */
    logger?: Logger;
  };
  /**
   * `preload="metadata"`: load the manifest only (renditions known), no media segment, no P2P
   * core or swarm, until `startMedia()`; loading then goes on without fetching the manifest again.
   */
  holdMedia?: boolean;
  /** Passed to the engine as-is (hls.js config object / Shaka `configure()` object). */
  engineConfig?: Record<string, unknown>;
  emit: <K extends keyof LoaderEventMap>(type: K, detail: LoaderEventMap[K]) => void;
}

export interface MediaLoader {
  readonly name: EngineName;
  /** The engine instance (hls.js `Hls`, `shaka.Player`), or the video element for native. */
  readonly engine: unknown;
  /** The P2P core this loader drives, if any. */
  readonly p2p: P2PCore | undefined;
  readonly renditions: readonly Rendition[];
  /** Index into `renditions` of the selected rendition; -1 = automatic (ABR). */
  selectedRendition: number;
  /**
   * Index into the last `audiotracks` list of the audio track to play (switches at once). Absent
   * on engines without alternate audio (native: the browser's own `audioTracks` apply).
   */
  selectedAudioTrack?: number;
  /** Ends `holdMedia`: segments start loading and the P2P core starts. Safe to call again; absent on engines that cannot hold. */
  startMedia?(): void;
  /** Resolves when the source is attached (manifest parsed); rejects never: failures go to `emit('error')`. */
  load(): Promise<void>;
  /** Releases the engine, its listeners, timers and the P2P core. Safe to call twice. */
  destroy(): Promise<void>;
}

