/**
 * HLS through hls.js (imported on first use). With P2P on, fragments and init segments load
 * through the core (`HlsJsP2PBridge`); playlists always come from the origin. hls.js is created
 * and loads the manifest at once; the core starts in parallel (`P2PSession`).
 */
import type Hls from 'hls.js';
import type { ErrorData, HlsConfig, Level, LevelLoadedData, LevelSwitchedData, ManifestParsedData } from 'hls.js';
import type { P2PCore } from '../../p2p/p2p-core.js';
import { P2PSession } from '../p2p-session.js';
import { mapHlsError } from './hlsjs-error-mapper.js';
import { buildHlsConfig } from './hlsjs-config.js';
import { HlsJsP2PBridge } from './hlsjs-p2p-bridge.js';
import { HlsJsAudioTracks } from './hlsjs-audio-tracks.js';
import type { HttpLoaderClass } from './hlsjs-fragment-plugin.js';
import { hlsRequestSetup } from './hlsjs-request-setup.js';
import { MediaErrorCode, PlayerErrorDetail, type EngineName, type MediaLoader, type MediaLoaderOptions, type PlayerError, type Rendition } from '../media-loader.js';
import { createPlayerError, invalidSrcError } from '../player-error.js';
import { RemotePlaybackGuard } from '../remote-playback.js';
import { assertRenditionIndex, renditionLabels } from '../rendition-label.js';

export function toRenditions(levels: readonly Level[]): Rendition[] {
  const labels = renditionLabels(levels.map(({ height, bitrate }) => ({ height, bitrate })));
  return levels.map((level, index) => ({
    id: String(index),
    width: level.width || undefined,
    height: level.height || undefined,
    bitrate: level.bitrate,
    codecs: level.attrs?.CODECS ?? (level.codecSet || undefined),
    label: labels[index],
  }));
}

export class HlsJsLoader implements MediaLoader {
  readonly name: EngineName = 'hls';
  readonly #options: MediaLoaderOptions;
  readonly #session: P2PSession;
  #hls: Hls | undefined;
  #bridge: HlsJsP2PBridge | undefined;
  #renditions: Rendition[] = [];
  #selected = -1;
  #isLive: boolean | undefined;
  #recoveredMediaError = false;
  #settleLoad: (() => void) | undefined;
  #remotePlayback: RemotePlaybackGuard | undefined;
  #audio: HlsJsAudioTracks | undefined;
  /** `holdMedia`: hls.js was created with `autoStartLoad: false`; `startLoad()` waits for startMedia(). */
  #holding: boolean;
  #parsed = false;
  /** startMedia() came before MANIFEST_PARSED. */
  #startOnParse = false;

  constructor(options: MediaLoaderOptions) {
    this.#options = options;
    this.#holding = options.holdMedia === true;
    this.#session = new P2PSession({ ...options, engineRequestSetup: hlsRequestSetup(options.engineConfig as Partial<HlsConfig> | undefined) });
  }

  get engine(): Hls | undefined {
    return this.#hls;
  }

  /** The core, once it has started (load() resolves after that). */
  get p2p(): P2PCore | undefined {
    return this.#session.current;
  }

  get renditions(): readonly Rendition[] {
    return this.#renditions;
  }

  get selectedRendition(): number {
    return this.#selected;
  }

  /** -1 = automatic (ABR). Other values switch at once (hls.js flushes the forward buffer). */
  set selectedRendition(index: number) {
    assertRenditionIndex(index, this.#renditions.length);
    this.#selected = index;
    if (this.#hls) this.#hls.currentLevel = index;
  }

  /** Index into the last `audiotracks` list (hls.js `audioTrack`); -1 before the manifest. */
  get selectedAudioTrack(): number {
    return this.#audio?.selected ?? -1;
  }

  set selectedAudioTrack(index: number) {
    if (this.#audio) this.#audio.selected = index;
  }

  /** Resolves once the manifest is parsed (or the load failed) and the core, if any, has started or failed to. */
  async load(): Promise<void> {
    const invalid = invalidSrcError(this.#options.src);
    if (invalid) return this.#fail(invalid);
    const { default: HlsClass } = await import('hls.js');
    if (this.#session.destroyed) return;
    if (!HlsClass.isSupported()) {
      return this.#fail(createPlayerError({ code: MediaErrorCode.SrcNotSupported, detail: PlayerErrorDetail.UnsupportedBrowser, message: 'This browser has no Media Source Extensions: hls.js cannot play' }));
    }
    if (this.#session.enabled) {
      this.#bridge = new HlsJsP2PBridge({ session: this.#session, httpLoader: this.#options.engineConfig?.fLoader as HttpLoaderClass | undefined });
    }
    const engineConfig = this.#holding ? { ...this.#options.engineConfig, autoStartLoad: false } : this.#options.engineConfig;
    const hls = new HlsClass(buildHlsConfig({ engineConfig, bridge: this.#bridge }));
    this.#hls = hls;
    this.#bridge?.attach(hls);
    const parsed = new Promise<void>((resolve) => (this.#settleLoad = resolve));
    this.#remotePlayback = new RemotePlaybackGuard(this.#options.video);
    this.#listen(hls, HlsClass);
    hls.attachMedia(this.#options.video);
    hls.loadSource(this.#options.src);
    this.#options.emit('sourceloading', { src: this.#options.src });
    // The core starts once the manifest is on its way (its module is preloaded): only the first
    // fragment request awaits it. While media is held, not at all: no swarm before playback is wanted.
    if (this.#holding) return parsed;
    this.#session.start();
    await Promise.all([parsed, this.#session.core()]);
  }

  /** Ends `holdMedia`: hls.js loads the level playlist and fragments (the manifest is not fetched again), the core starts. */
  startMedia(): void {
    if (!this.#holding || this.#session.destroyed) return;
    this.#holding = false;
    this.#session.start();
    // Before MANIFEST_PARSED, startLoad() would do nothing: the handler starts it then.
    if (this.#parsed) this.#hls?.startLoad();
    else if (this.#hls) this.#startOnParse = true; // created with autoStartLoad: false
  }

  async destroy(): Promise<void> {
    if (this.#session.destroyed) return;
    this.#settleLoad?.();
    this.#bridge?.destroy();
    this.#hls?.destroy();
    this.#hls = undefined;
    this.#remotePlayback?.restore();
    await this.#session.destroy();
  }

  #listen(hls: Hls, HlsClass: typeof Hls): void {
    const { Events } = HlsClass;
    this.#audio = new HlsJsAudioTracks({ hls, Events, emit: this.#options.emit });
    // Registered after hls.js' buffer controller, so it runs once the managed source is set.
    hls.on(Events.MEDIA_ATTACHING, () => this.#remotePlayback?.offerHlsAlternative(this.#options.src));
    hls.on(Events.MANIFEST_PARSED, (_event, data: ManifestParsedData) => {
      this.#parsed = true;
      if (this.#startOnParse) hls.startLoad();
      this.#renditions = toRenditions(data.levels);
      this.#options.emit('renditions', { renditions: this.#renditions });
      if (this.#selected !== -1) hls.currentLevel = this.#selected;
      this.#settleLoad?.();
    });
    hls.on(Events.LEVEL_SWITCHED, (_event, data: LevelSwitchedData) => {
      this.#options.emit('renditionchange', { index: data.level });
    });
    hls.on(Events.LEVEL_LOADED, (_event, data: LevelLoadedData) => {
      if (data.details.live === this.#isLive) return;
      this.#isLive = data.details.live;
      const target = hls.targetLatency;
      this.#options.emit('live', { isLive: data.details.live, targetLiveOffsetSeconds: data.details.live && target !== null ? target : undefined });
    });
    hls.on(Events.ERROR, (_event, data: ErrorData) => this.#onError(hls, data));
  }

  #onError(hls: Hls, data: ErrorData): void {
    if (!data.fatal || this.#session.failed || this.#session.destroyed) return;
    const error = mapHlsError(data);
    // hls.js' documented recovery: one recoverMediaError() before giving up on a decode/append
    // error. Not for unsupported codecs (also typed mediaError): retrying cannot help there.
    if (error.detail === PlayerErrorDetail.MediaError && !this.#recoveredMediaError) {
      this.#recoveredMediaError = true;
      hls.recoverMediaError();
      return;
    }
    hls.stopLoad();
    this.#fail(error);
  }

  #fail(error: PlayerError): void {
    if (this.#session.fail(error)) this.#settleLoad?.();
  }
}
