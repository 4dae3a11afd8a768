/**
 * What the hls.js and Shaka loaders share about one source: the P2P core (started in parallel
 * with the engine, never before it), the playback reports it needs, and the one fatal error a
 * load reports.
 *
 * The core is never on the critical path of the first frame: the engine is created and loads the
 * manifest at once, while the core's module (already preloaded by `preloadEngine`) is imported and
 * the core constructed. The engine's segment routing awaits `core()` only when the first segment
 * is requested; if the core cannot start, segments go over plain HTTP through the engine's own
 * loader and a `p2p-unavailable` warning says why.
 */
import type { HttpRequestHook } from '../p2p/config.js';
import type { P2PCore } from '../p2p/p2p-core.js';
import type { SegmentInfo, StreamInfo } from '../p2p/segment.js';
import { LoaderWarningCode, type MediaLoaderOptions, type PlayerError } from './media-loader.js';
import { chainHttpRequestHooks, mediaCredentialsHook } from './http-request-chain.js';
import { PlaybackReporter } from './playback-reporter.js';

/** A viewer whose playback does not start (no autoplay, paused) still joins, to serve and prefetch. */
const JOIN_FALLBACK_MS = 3000;

export interface P2PSessionOptions {
  /** The media element; may come later through `attachVideo()` (hls.js' `attachMedia()`). */
  video?: HTMLMediaElement;
  /** P2P settings; undefined = no P2P (`core()` resolves to undefined at once). */
  p2p?: MediaLoaderOptions['p2p'];
  emit: MediaLoaderOptions['emit'];
  /**
   * The engine's own request setup, applied to the core's origin fetches after the media
   * element's `crossorigin` and before the page's `p2p.config.httpRequest`.
   */
  engineRequestSetup?: HttpRequestHook;
}

export class P2PSession {
  readonly #emit: MediaLoaderOptions['emit'];
  #video: HTMLMediaElement | undefined;
  readonly #p2p: MediaLoaderOptions['p2p'];
  readonly #engineRequestSetup: HttpRequestHook | undefined;
  #starting: Promise<P2PCore | undefined> | undefined;
  #core: P2PCore | undefined;
  #reporter: PlaybackReporter | undefined;
  #cancelJoin: (() => void) | undefined;
  #failed = false;
  #destroyed = false;

  constructor({ video, p2p, emit, engineRequestSetup }: P2PSessionOptions) {
    this.#video = video;
    this.#p2p = p2p;
    this.#emit = emit;
    this.#engineRequestSetup = engineRequestSetup;
  }

  /**
   * Follows `video` from now on (playback reports, the join after the first `playing`); for
   * engines that get their media after the session exists. Replaces the previous one.
   */
  attachVideo(video: HTMLMediaElement | undefined): void {
    if (this.#destroyed || video === this.#video) return;
    this.#stopFollowing();
    this.#video = video;
    if (this.#core && video) this.#follow(this.#core, video);
  }

  /** True when P2P is on: the core is (or will be) started, or failed to start. */
  get enabled(): boolean {
    return this.#p2p !== undefined;
  }

  /** The core once created; undefined while it starts, without P2P, after a failed start or destroy(). */
  get current(): P2PCore | undefined {
    return this.#core;
  }

  /** True once `fail()` has reported an error. */
  get failed(): boolean {
    return this.#failed;
  }

  /** True once `destroy()` was called. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /**
   * Starts creating the core (when P2P is on) and returns at once. Loaders call it right after
   * the engine has started loading the manifest, so even the core's construction comes after
   * that. Later calls do nothing.
   */
  start(): void {
    if (this.#starting || this.#destroyed) return;
    this.#starting = this.#p2p ? this.#start(this.#p2p) : Promise.resolve(undefined);
  }

  /** Resolves with the core (starting it if need be), or undefined when there is none (P2P off, failed, destroyed). Never rejects. */
  core(): Promise<P2PCore | undefined> {
    this.start();
    return (this.#starting ?? Promise.resolve()).then(() => this.#core);
  }

  /**
   * Hands a stream's segment list to the core, once it exists (lists given before arrive in
   * order). A list the core rejects is logged through the core's logger: segments still load
   * one by one (or over HTTP).
   */
  setStreamSegments(stream: StreamInfo, segments: readonly SegmentInfo[]): void {
    const send = (core: P2PCore): void => {
      try {
        core.setStreamSegments(stream, segments);
      } catch (error) {
        core.logger.warn('Segment list not accepted by the P2P core', error);
      }
    };
    if (this.#core) send(this.#core);
    else void this.core().then((core) => core && send(core));
  }

  /** Reports `error` as the load's fatal error; only the first one, and none after destroy(). */
  fail(error: PlayerError): boolean {
    if (this.#failed || this.#destroyed) return false;
    this.#failed = true;
    this.#emit('error', error);
    return true;
  }

  /** Destroys the core (also one still being created). Safe to call twice. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#stopFollowing();
    const core = this.#core;
    this.#core = undefined;
    // A core still starting is destroyed by #start() when it arrives.
    await core?.destroy();
    await this.#starting;
  }

  async #start(p2p: NonNullable<MediaLoaderOptions['p2p']>): Promise<P2PCore | undefined> {
    let core: P2PCore;
    try {
      const { P2PCore: Core } = await import('../p2p/p2p-core.js');
      const httpRequest = chainHttpRequestHooks([mediaCredentialsHook(() => this.#video), this.#engineRequestSetup, p2p.config.httpRequest]);
      const deps = p2p.logger ? { logger: p2p.logger } : {};
      core = new Core({ swarmId: await p2p.swarmId, config: { ...p2p.config, httpRequest }, deps, autoJoin: false });
    } catch (error) {
      // Bad P2P settings must not stop playback: play over HTTP only and say why.
      if (!this.#destroyed) {
        this.#emit('warning', { code: LoaderWarningCode.P2PUnavailable, message: `P2P disabled: ${(error as Error)?.message ?? error}` });
      }
      return undefined;
    }
    if (this.#destroyed) {
      await core.destroy();
      return undefined;
    }
    this.#core = core;
    if (this.#video) this.#follow(core, this.#video);
    return core;
  }

  #follow(core: P2PCore, video: HTMLMediaElement): void {
    this.#reporter = new PlaybackReporter({ video, core });
    this.#joinWhenPlaying(core, video);
  }

  #stopFollowing(): void {
    this.#reporter?.destroy();
    this.#reporter = undefined;
    this.#cancelJoin?.();
  }

  /**
   * Joins the swarm once the first frame is out: joining creates Trystero's pool of WebRTC
   * connections, ~100 ms of main thread in Chromium, which would otherwise sit between the
   * playlist and the first segment request. Segments load over HTTP until peers connect.
   */
  #joinWhenPlaying(core: P2PCore, video: HTMLMediaElement): void {
    const timers: Array<ReturnType<typeof setTimeout>> = [];
    const join = (): void => {
      this.#cancelJoin?.();
      core.join();
    };
    // A macrotask after `playing`, so the event's own listeners (and the frame) run first.
    const onPlaying = (): void => void timers.push(setTimeout(join, 0));
    this.#cancelJoin = () => {
      for (const timer of timers) clearTimeout(timer);
      video.removeEventListener('playing', onPlaying);
      this.#cancelJoin = undefined;
    };
    video.addEventListener('playing', onPlaying, { once: true });
    timers.push(setTimeout(join, JOIN_FALLBACK_MS));
    if (!video.paused && video.readyState >= 3) onPlaying();
  }
}
