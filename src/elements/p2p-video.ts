import { html, nothing } from 'lit';
import type { PropertyDeclarations } from 'lit';
import { PlayerErrorDetail } from '../loaders/media-loader.js';
import type { EngineName, LoaderEventMap, MediaLoader, PlayerError, Rendition } from '../loaders/media-loader.js';
import type { P2PCore } from '../p2p/p2p-core.js';
import type { P2PStats } from '../p2p/events.js';
import { createConsoleLogger } from '../p2p/deps.js';
import { EMPTY_P2P_STATS } from './events.js';
import { LoadGate } from './load-gate.js';
import { LoaderController } from './loader-controller.js';
import { effectiveSource, readLoadRequest } from './load-request.js';
import { MediaEventsController } from './media-events-controller.js';
import { MEDIA_ATTRIBUTES, createInnerVideo, defineMediaPassthrough, mirrorMediaAttribute } from './media-passthrough.js';
import type { MediaPassthrough } from './media-passthrough.js';
import { P2PEventsController } from './p2p-events-controller.js';
import { RenditionsMirror } from './renditions-mirror.js';
import { AudioTracksMirror } from './audio-tracks-mirror.js';
import { SlottedControls } from './slotted-controls.js';
import { ControlsSchedule } from './controls-schedule.js';
import { ControlsLanguage } from './controls-language.js';
import { SourceSelection } from './source-selection.js';
import { TrackMirror } from './track-mirror.js';
import { renderDefaultControls } from './default-controls.js';
import { MediaTracksLitElement } from './media-tracks-element.js';
import { p2pVideoStyles } from './p2p-video-styles.js';
import type { P2PVideoConfig, StreamType } from './p2p-video-config.js';

export type { P2PVideoConfig, StreamType } from './p2p-video-config.js';

/** One loader event, as a union the element switches over exhaustively. */
type LoaderEvent = { [K in keyof LoaderEventMap]: { type: K; detail: LoaderEventMap[K] } }[keyof LoaderEventMap];
/** The control bar waits for the first frame (autoplay) or the manifest request (see controls-schedule.ts), never longer than this. */
const CONTROLS_LATEST_MS = 1000;

/**
 * A `<video>` that plays HLS and DASH and shares segments with other viewers of the same stream
 * over WebRTC. It behaves like a media element: media properties, methods and events pass through,
 * so it also works as the `slot="media"` of your own `<media-controller>`.
 *
 * @tag p2p-video
 *
 * @attr {boolean} autoplay - As on `<video>`.
 * @attr {boolean} muted - As on `<video>` (the default muted state).
 * @attr {boolean} loop - As on `<video>`.
 * @attr {string} poster - As on `<video>`.
 * @attr {string} preload - As on `<video>`.
 * @attr {boolean} playsinline - As on `<video>`.
 * @attr {string} crossorigin - As on `<video>`.
 * @attr {boolean} disablepictureinpicture - As on `<video>`.
 * @attr {boolean} disableremoteplayback - As on `<video>`.
 * @attr {string} lang - Language of the controls (English, German, or any media-chrome translation the page imports) and of the P2P stats (en, de). Default: the nearest ancestor's `lang`, else the browser's.
 *
 * @prop {boolean} defaultMuted - The `muted` attribute, as on `<video>` (`muted` is the current state).
 * @prop {VideoRenditionList} videoRenditions - The renditions (media-tracks list; `selectedIndex` -1 = automatic).
 *
 * @fires play - And every other native media event (`playing pause waiting seeking seeked timeupdate durationchange loadedmetadata loadeddata canplay ended ratechange volumechange progress emptied …`), re-dispatched from the host.
 * @fires {CustomEvent<PlayerError>} error - Fatal error; `el.error` holds a `PlayerError` (`{ code, message, detail, status?, fatal }`), also the event's `detail`. `detail` (`PlayerErrorDetail`) is one of: `invalid-src`, `invalid-engine`, `load-failed`, `manifest-not-found`, `manifest-http-error`, `cors`, `not-a-manifest`, `unsupported-codec`, `unsupported-browser`, `network`, `media-error`, `drm`, `engine-error`, `aborted`, `src-not-supported`.
 * @fires {CustomEvent<P2PStats>} p2pstats - P2P counters, about once a second while P2P runs.
 * @fires {CustomEvent<{ peerId: string }>} p2ppeerconnect - A peer connected.
 * @fires {CustomEvent<{ peerId: string }>} p2ppeerdisconnect - A peer disconnected.
 * @fires {CustomEvent<P2PSegmentLoadDetail>} p2psegmentload - A segment reached the player (`source`: http, p2p or cache).
 * @fires {CustomEvent<P2PWarningDetail>} p2pwarning - Something degrades P2P (not playback): `{ code, message }`. `code` (`P2PWarningCode`) is `p2p-unavailable` (the core could not start: HTTP only) or one of the core's: `http-error`, `http-timeout`, `invalid-config`, `invalid-request`, `tracker-unreachable`, `protocol-violation`, `integrity-failure`, `integrity-file-invalid`, `unsupported-protocol-version`, `destroyed`.
 * @fires streamtypechange - `streamType` changed.
 * @fires {CustomEvent<{ index: number }>} renditionchange - The rendition playing changed (`currentRendition`).
 *
 * @slot - `<source>` and `<track>` children, as on `<video>`: without `src`, the first playable `<source>` loads (the next one if it fails); `<track>`s become the video's text tracks (captions menu).
 * @slot controls - Your own controls instead of the built-in bar (media-chrome elements work there).
 *
 * @csspart video - The inner `<video>`.
 * @csspart controller - The inner `<media-controller>`.
 * @csspart control-bar - The built-in control bar.
 * @csspart button - Every button of the bar (also `play-button`, `mute-button`, `live-button`, `captions-button`, `audio-track-button`, `rendition-button`, `rate-button`, `pip-button`, `fullscreen-button`).
 * @csspart time-range - The seek bar.
 * @csspart volume-range - The volume slider.
 * @csspart time-display - Current time / duration.
 * @csspart stats - The P2P stats display.
 * @csspart menu - Every popup menu (also `rendition-menu`, `rate-menu`, `captions-menu`, `audio-track-menu`).
 * @csspart loading-indicator - The spinner.
 *
 * @cssprop [--media-primary-color=rgb(238 238 238)] - Icon and text color (media-chrome; every `--media-*` property works).
 * @cssprop [--media-secondary-color=rgb(20 20 30 / .7)] - Control background (media-chrome).
 * @cssprop [--media-accent-color=rgb(250 50 100)] - Seek bar fill (media-chrome).
 * @cssprop [--p2p-video-aspect-ratio=16 / 9] - Aspect ratio while the element has no explicit height.
 * @cssprop [--p2p-video-background=#000] - Letterbox color.
 * @cssprop [--p2p-video-object-fit=contain] - `object-fit` of the video.
 * @cssprop [--p2p-stats-accent=#7ee2a8] - Color of the P2P share when peers deliver bytes.
 */
export class P2PVideoElement extends MediaTracksLitElement {
  static override properties: PropertyDeclarations = {
    src: { type: String, reflect: true },
    forcedEngine: { type: String, attribute: 'engine' },
    nocontrols: { type: Boolean, reflect: true },
    trackers: { type: String },
    iceServers: { type: String, attribute: 'ice-servers' },
    swarmId: { type: String, attribute: 'swarm-id' },
    noP2P: { type: Boolean, attribute: 'nop2p', reflect: true },
    noUpload: { type: Boolean, attribute: 'noupload' },
    debug: { type: Boolean, reflect: true },
    loading: { type: String, reflect: true },
    p2pPassword: { type: String, attribute: 'p2p-password' },
    integrity: { type: String },
    config: { attribute: false },
  };

  static override styles = p2pVideoStyles;

  /**
   * HLS (`.m3u8`) or DASH (`.mpd`) URL, or a file the browser plays natively. Setting it loads the
   * source; empty or invalid fires `error` with `detail: 'invalid-src'`.
   */
  declare src: string | null;
  /**
   * Forces a playback engine, `'hls'`, `'shaka'` or `'native'`, instead of choosing by URL. The
   * `engine` attribute; setting the `engine` property does the same (reading it gives the instance).
   */
  declare forcedEngine: string | null;
  /** Hides the built-in control bar (and its keyboard shortcuts). */
  declare nocontrols: boolean;
  /** Space-separated WebTorrent tracker URLs (`wss://…`). Default: public trackers. */
  declare trackers: string | null;
  /**
   * Space-separated STUN/TURN URLs; `turn:user:pass@host:port` carries credentials. Empty: none
   * (peers on one LAN only). Default: public STUN servers.
   */
  declare iceServers: string | null;
  /** Viewers with the same swarm id share segments. Default: derived from `src`. */
  declare swarmId: string | null;
  /** Plays over HTTP only: no P2P core, no tracker, no WebRTC. */
  declare noP2P: boolean;
  /** Downloads from peers but never uploads to them (automatic on metered connections). */
  declare noUpload: boolean;
  /** Logs to the console, prefixed `[p2p-video]`: the core's debug messages, the engine chosen, loader and P2P events but stats (for support). */
  declare debug: boolean;
  /** `'lazy'`: loads nothing (engine, manifest, swarm) until the element is near the viewport or asked to play, as `<img loading>`. */
  declare loading: 'eager' | 'lazy' | null;
  /** Private swarm: only viewers with the same password meet and exchange segments. */
  declare p2pPassword: string | null;
  /**
   * URL of the origin's segment hashes (PeerTube's `segments-sha256.json`: file name, or file name
   * and byte range, to SHA-256 hex), relative to the page. Segments from peers that do not match
   * are rejected. Fetched from the origin only. Sets `config.p2p.integrityUrl`.
   */
  declare integrity: string | null;
  /** Settings without attributes (P2P tuning, hls.js / Shaka config). Assign a new object to apply. */
  declare config: P2PVideoConfig;

  readonly #video: HTMLVideoElement;
  readonly #loaders: LoaderController;
  readonly #gate: LoadGate;
  readonly #logger = createConsoleLogger({ prefix: '[p2p-video]', verbose: () => this.debug });
  readonly #p2pEvents = new P2PEventsController(this, { logger: this.#logger });
  readonly #renditions: RenditionsMirror;
  readonly #audioTracks = new AudioTracksMirror(this);
  readonly #slotted = new SlottedControls();
  #error: PlayerError | null = null;
  #streamType: StreamType | undefined;
  #currentRendition = -1;
  readonly #controls: ControlsSchedule;
  readonly #language: ControlsLanguage;
  readonly #sources: SourceSelection;
  /** The `controls` slot is filled: the built-in bar steps aside. */
  #slottedControls = false;
  /** Counts play() and pause() calls: a play() waiting for a source switch is cancelled by a later pause(). */
  #playRequest = 0;
  #connectedOnce = false; // until then the host is being created: its `muted` attribute mutes, as on <video>

  constructor() {
    super();
    this.src = null;
    this.forcedEngine = null;
    this.nocontrols = false;
    this.trackers = null;
    this.iceServers = null;
    this.swarmId = null;
    this.noP2P = false;
    this.noUpload = false;
    this.debug = false;
    this.loading = null;
    this.p2pPassword = null;
    this.config = {};
    this.#video = createInnerVideo({ videoRenditions: () => this.videoRenditions, audioTracks: () => (this.#loaders.loader?.name === 'native' ? undefined : this.audioTracks), streamType: () => this.#streamType });
    this.#renditions = new RenditionsMirror(this);
    this.#controls = new ControlsSchedule(this, { video: this.#video, autoplay: () => this.autoplay, latestMs: CONTROLS_LATEST_MS });
    this.#language = new ControlsLanguage(this, { due: () => this.#controls.due });
    this.#sources = new SourceSelection(this, this.#video);
    new TrackMirror(this, this.#video);
    new MediaEventsController(this);
    this.#gate = new LoadGate(this, { video: this.#video, source: () => effectiveSource(this, this.#sources.current)?.src ?? null });
    this.#loaders = new LoaderController(this, {
      video: this.#video,
      logger: this.#logger,
      read: () => readLoadRequest(this, { gate: this.#gate, source: this.#sources.current }),
      onLoader: (loader) => this.#onLoader(loader),
      onEvent: (type, detail) => this.#onLoaderEvent({ type, detail } as LoaderEvent),
      onLoadSettled: () => this.#controls.loadSettled({ loaded: this.#loaders.loader !== undefined }),
    });
  }

  /** The inner `<video>`. */
  get nativeEl(): HTMLVideoElement {
    return this.#video;
  }

  /** Whether the built-in controls are shown (default true): the inverse of `nocontrols`, for frameworks that set `controls` as on `<video>`. No attribute. */
  get controls(): boolean {
    return !this.nocontrols;
  }

  set controls(value: boolean) {
    this.nocontrols = !value;
  }

  /**
   * Read: the engine instance (hls.js `Hls`, `shaka.Player`, or the inner video for native playback).
   * Set: forces an engine like the `engine` attribute (frameworks set properties); not a name or null: TypeError.
   */
  get engine(): unknown {
    return this.#loaders.loader?.engine;
  }

  set engine(value: EngineName | (string & {}) | null) {
    if (value !== null && value !== undefined && typeof value !== 'string') {
      throw new TypeError(`<p2p-video>.engine takes the name of an engine ('hls', 'shaka' or 'native') or null, not ${typeof value}; read it for the engine instance`);
    }
    this.forcedEngine = value ?? null;
  }

  /** The engine in use, once a source is loaded. */
  get engineName(): EngineName | undefined {
    return this.#loaders.loader?.name;
  }

  /** The P2P core of the current source (undefined with `nop2p` or no source). */
  get p2p(): P2PCore | undefined {
    return this.#loaders.loader?.p2p;
  }

  /** P2P counters (zeros while no P2P runs). */
  get stats(): P2PStats {
    return this.p2p?.stats ?? EMPTY_P2P_STATS;
  }

  /** The absolute URL of the source loaded (the `src` attribute or the chosen `<source>`), '' before one is: as on `<video>`. */
  get currentSrc(): string {
    return this.#loaders.currentSrc;
  }

  /** The last fatal error, MediaError-like; null while playing fine. */
  get error(): PlayerError | null {
    if (this.#error) return this.#error;
    const media = this.#video.error;
    if (!media) return null;
    return { code: media.code as PlayerError['code'], detail: PlayerErrorDetail.MediaError, message: media.message || 'Media error', fatal: true };
  }

  /** `'live'` or `'on-demand'` once the manifest is parsed. */
  get streamType(): StreamType | undefined {
    return this.#streamType;
  }

  /** The renditions of the current source, as the engine reports them. */
  get renditions(): readonly Rendition[] {
    return this.#loaders.loader?.renditions ?? [];
  }

  /** Index into `renditions` of the rendition playing now (-1 while unknown). */
  get currentRendition(): number {
    return this.#currentRendition;
  }

  /** Resolves when pending updates are rendered, the current source is attached (or failed) and the bar, if due, is usable. Handy in tests and scripts. */
  get loadComplete(): Promise<void> {
    return this.#attached().then(() => this.#controls.ready).then(() => this.#language.ready).then(() => this.updateComplete).then(() => undefined);
  }

  #attached(): Promise<void> {
    return this.updateComplete.then(() => this.#loaders.settled).then(() => this.updateComplete).then(() => undefined);
  }

  /** Like `HTMLMediaElement.load()`: starts over with the current source (a new engine and P2P core), or the first playable `<source>`. */
  load(): void {
    this.#sources.restart();
    this.#loaders.reload();
  }

  /**
   * Like `HTMLMediaElement.play()`: starts playback (and a deferred load); rejects if the browser blocks
   * autoplay. While a new `src` is being attached it plays that source once attached, as `<video>` does.
   */
  play(): Promise<void> {
    const request = ++this.#playRequest;
    this.#gate.open();
    if (!this.isUpdatePending && !this.#loaders.busy) return this.#video.play();
    return this.#attached().then(() => {
      if (request !== this.#playRequest) throw new DOMException('The play() request was interrupted by a call to pause().', 'AbortError');
      return this.#video.play();
    });
  }

  /** Like `HTMLMediaElement.pause()` (also cancels a `play()` waiting for a source switch). */
  pause(): void {
    this.#playRequest++;
    this.#video.pause();
  }

  /** Like `HTMLMediaElement.canPlayType()`, for sources the browser plays natively (HLS and DASH play through an engine). */
  canPlayType(type: string): CanPlayTypeResult {
    return this.#video.canPlayType(type);
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...MEDIA_ATTRIBUTES];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    mirrorMediaAttribute(this.#video, { name, value, creating: !this.#connectedOnce });
    if (name === 'preload' || name === 'autoplay' || name === 'lang') this.requestUpdate(); // they gate a deferred load; lang: controls-language.ts
  }

  override connectedCallback(): void {
    this.#connectedOnce = true;
    super.connectedCallback();
  }

  override render() {
    const controls = !this.nocontrols;
    return html`<media-controller part="controller" lang=${this.#language.applied ?? nothing} ?nohotkeys=${!controls} ?noautohide=${!controls}>
      ${this.#video}
      <slot name="controls" @slotchange=${this.#onSlotChange} ?hidden=${!controls}></slot>
      ${controls && !this.#slottedControls && this.#controls.due ? renderDefaultControls({ live: this.#streamType === 'live', p2p: !this.noP2P, lang: this.#language.lang }) : nothing}
    </media-controller>`;
  }

  #onLoader(loader: MediaLoader | undefined): void {
    this.#p2pEvents.follow(loader?.p2p);
    this.requestUpdate();
    if (loader) return;
    this.#renditions.clear();
    this.#audioTracks.clear();
    this.#error = null;
    this.#currentRendition = -1;
    this.#setStreamType(undefined);
  }

  #onLoaderEvent(event: LoaderEvent): void {
    this.#logger.debug(event.type, event.detail);
    switch (event.type) {
      case 'sourceloading':
        return this.#controls.sourceLoading();
      case 'renditions': {
        const loader = this.#loaders.loader;
        if (loader) this.#renditions.show(loader, event.detail.renditions);
        return;
      }
      case 'renditionchange':
        this.#currentRendition = event.detail.index;
        this.dispatchEvent(new CustomEvent('renditionchange', { detail: event.detail }));
        return;
      case 'audiotracks': return this.#audioTracks.show(this.#loaders.loader, event.detail);
      case 'live':
        return this.#setStreamType(event.detail.isLive ? 'live' : 'on-demand');
      case 'warning':
        return this.#p2pEvents.warn(event.detail);
      case 'error':
        if (this.#sources.failed(event.detail)) return; // the next <source> loads instead
        this.#error = event.detail;
        this.dispatchEvent(new CustomEvent('error', { detail: event.detail }));
        return;
      default:
        throw new TypeError(`Unknown loader event ${String((event satisfies never as { type?: unknown }).type)}`);
    }
  }

  #setStreamType(type: StreamType | undefined): void {
    if (type === this.#streamType) return;
    this.#streamType = type;
    this.requestUpdate();
    this.#video.dispatchEvent(new Event('streamtypechange'));
    this.dispatchEvent(new Event('streamtypechange'));
  }

  readonly #onSlotChange = (event: Event): void => {
    this.#slottedControls = this.#slotted.slotChanged(event.target as HTMLSlotElement);
    this.requestUpdate();
  };
}

defineMediaPassthrough(P2PVideoElement.prototype);

// The media API comes from defineMediaPassthrough; this tells TypeScript about it.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface P2PVideoElement extends MediaPassthrough {}

declare global {
  interface HTMLElementTagNameMap {
    'p2p-video': P2PVideoElement;
  }
}
