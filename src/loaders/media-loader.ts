/**
 * The contract between `<p2p-video>` and a playback engine. One file per engine implements it
 * (`hlsjs-loader.ts`, `shaka-loader.ts`, `native-loader.ts`); adding an engine is one new file
 * plus a line in `engine-registry.ts`.
 */
import type { P2PCore } from '../p2p/p2p-core.js';
import type { P2PConfig } from '../p2p/config.js';

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

/** What `el.error` holds: MediaError-like, plus a stable machine-readable `detail`. */
export interface PlayerError {
  code: MediaErrorCode;
  /** kebab-case, e.g. 'manifest-not-found', 'manifest-http-error', 'cors', 'not-a-manifest', 'unsupported-codec', 'network', 'invalid-src'. */
  detail: string;
  message: string;
  /** HTTP status where relevant. */
  status?: number;
  fatal: boolean;
}

export interface LoaderEventMap {
  renditions: { renditions: Rendition[] };
  /** The rendition actually playing changed (index into `renditions`). */
  renditionchange: { index: number };
  live: LiveInfo;
  error: PlayerError;
  /** Something that degrades P2P but not playback (e.g. the core could not start: playing over HTTP only). */
  warning: { code: string; message: string };
}

export interface MediaLoaderOptions {
  video: HTMLVideoElement;
  src: string;
  /**
   * P2P core settings; undefined = no P2P. The loader owns the core it creates. A swarm id still
   * being worked out may be given as a promise: the engine starts without waiting for it.
   */
  p2p?: { swarmId: string | PromiseLike<string>; config: Partial<P2PConfig> };
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
  /** Resolves when the source is attached (manifest parsed); rejects never: failures go to `emit('error')`. */
  load(): Promise<void>;
  /** Releases the engine, its listeners, timers and the P2P core. Safe to call twice. */
  destroy(): Promise<void>;
}

export type MediaLoaderFactory = (options: MediaLoaderOptions) => MediaLoader;
