/**
 * Owns the `MediaLoader` of a `<p2p-video>`: creates it when the source or a P2P attribute
 * changes, tears the old one down completely first, and releases it on disconnect. Every
 * asynchronous step checks a generation number, so a loader that finishes creating after the
 * source moved on is destroyed instead of attached.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createLoader, preloadEngine, selectEngine } from '../loaders/engine-registry.js';
import { MediaErrorCode, PlayerErrorDetail } from '../loaders/media-loader.js';
import type { EngineName, LoaderEventMap, MediaLoader, MediaLoaderOptions, PlayerError } from '../loaders/media-loader.js';
import { createPlayerError, resolveSource } from '../loaders/player-error.js';
import { deriveSwarmId } from '../p2p/swarm-id.js';
import type { P2PConfig } from '../p2p/config.js';
import type { Logger } from '../p2p/deps.js';

/** Everything a load depends on, read from the host before each update. */
export interface LoadRequest {
  /** `null` = no `src` attribute (idle, not an error). */
  src: string | null;
  /** The `<source>` child's `type`, which picks the engine when the URL does not tell. */
  contentType?: string;
  /** Not yet (`preload="none"`, `loading="lazy"`): stay idle, load nothing, not even the engine module. */
  deferred?: boolean;
  /**
   * `preload="metadata"` before playback is wanted: the manifest only. Not part of the reload key:
   * when it turns false the loader goes on (`startMedia()`), it is not replaced.
   */
  holdMedia?: boolean;
  /** Raw `engine` attribute. */
  engine: string | null;
  /** `undefined` = `nop2p`. */
  p2p: { swarmIdOverride: string | null; config: Partial<P2PConfig> } | undefined;
  /** The element's `config` object; a new object (not a mutation) triggers a reload. */
  config: { hls?: Record<string, unknown>; shaka?: Record<string, unknown> };
}

export interface LoaderControllerOptions {
  readonly video: HTMLVideoElement;
  /** Where the P2P core and the controller log (the element's `[p2p-video]` logger). */
  readonly logger?: Logger;
  read(): LoadRequest;
  /**
   * A new loader is attached (or `undefined`: the old one is gone, reset your state). Called again
   * once `load()` has finished, when the loader's engine and P2P core exist.
   */
  onLoader(loader: MediaLoader | undefined): void;
  onEvent<K extends keyof LoaderEventMap>(type: K, detail: LoaderEventMap[K]): void;
  /**
   * A reload is over: loaded, failed, or there was nothing to load. (While the engine starts,
   * the loader's `sourceloading` event says when the manifest request is out.)
   */
  onLoadSettled(): void;
}

const ENGINES: readonly string[] = ['hls', 'shaka', 'native'];

export class LoaderController implements ReactiveController {
  readonly #host: ReactiveControllerHost & { readonly isConnected: boolean };
  readonly #options: LoaderControllerOptions;
  #loader: MediaLoader | undefined;
  #generation = 0;
  #key: string | undefined;
  #config: LoadRequest['config'] | undefined;
  /** Serializes teardown/creation so two loaders never share the video. */
  #queue: Promise<void> = Promise.resolve();

  constructor(host: ReactiveControllerHost & { readonly isConnected: boolean }, options: LoaderControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The absolute URL of the source being loaded or played ('' when none), as `currentSrc` on `<video>`. */
  get currentSrc(): string {
    return this.#currentSrc;
  }

  #currentSrc = '';

  /** The attached loader, if any. */
  get loader(): MediaLoader | undefined {
    return this.#loader;
  }

  /** Resolves when the current reload (if any) has settled: loader created and `load()` done, or failed. */
  get settled(): Promise<void> {
    return this.#queue;
  }

  /** True while a reload is under way (the old loader going, the new one not loaded yet). */
  get busy(): boolean {
    return this.#scheduled > 0;
  }

  /** Reloads scheduled and not settled yet. */
  #scheduled = 0;

  #preloadedKey: string | undefined;
  /** The host wants media, not only the manifest (`holdMedia` false at the last update). */
  #mediaWanted = true;

  hostConnected(): void {
    // Re-create on re-insert: Lit does not update on reconnect by itself.
    this.#key = undefined;
    this.#host.requestUpdate();
  }

  /**
   * Runs before render: the first render builds media-chrome's whole control bar (a few hundred
   * ms of CPU on a slow device), so the engine's modules start downloading before it, not after.
   */
  hostUpdate(): void {
    if (!this.#host.isConnected) return;
    const request = this.#options.read();
    const key = JSON.stringify([request.src, request.contentType, request.engine, request.p2p, request.deferred]);
    if (key === this.#key || key === this.#preloadedKey) return;
    this.#preloadedKey = key;
    if (request.deferred) return;
    const src = request.src === null ? undefined : sourceHref(request.src);
    if (!src) return;
    const forced = request.engine !== null && ENGINES.includes(request.engine) ? (request.engine as EngineName) : undefined;
    void preloadEngine(selectEngine({ src, forced, contentType: request.contentType }), request.p2p !== null && request.p2p !== undefined);
  }

  hostUpdated(): void {
    if (!this.#host.isConnected) return;
    const request = this.#options.read();
    this.#mediaWanted = !request.holdMedia;
    if (this.#mediaWanted) this.#loader?.startMedia?.();
    const key = JSON.stringify([request.src, request.contentType, request.engine, request.p2p, request.deferred]);
    if (key === this.#key && request.config === this.#config) return;
    this.#key = key;
    this.#config = request.config;
    this.#schedule(request.deferred ? { ...request, src: null } : request);
  }

  /** Tears the loader down and loads the current source again (the element's `load()`). */
  reload(): void {
    this.#key = undefined;
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#key = undefined;
    this.#schedule(undefined);
  }

  #schedule(request: LoadRequest | undefined): void {
    const generation = ++this.#generation;
    this.#scheduled++;
    this.#queue = this.#queue
      .then(() => this.#teardown())
      .then(() => (request && generation === this.#generation ? this.#attach(request, generation) : undefined))
      .catch((error: unknown) => this.#fail(generation, PlayerErrorDetail.LoadFailed, String((error as Error)?.message ?? error)))
      .finally(() => this.#scheduled--);
  }

  async #teardown(): Promise<void> {
    const loader = this.#loader;
    this.#loader = undefined;
    this.#currentSrc = '';
    this.#options.onLoader(undefined);
    if (!loader) return;
    await loader.destroy();
    const video = this.#options.video;
    if (video.hasAttribute('src')) {
      video.removeAttribute('src');
      video.load();
    }
  }

  async #attach(request: LoadRequest, generation: number): Promise<void> {
    try {
      await this.#load(request, generation);
    } finally {
      // Also when there is no source, or it failed: the UI must not wait for a load that never starts.
      if (generation === this.#generation) this.#options.onLoadSettled();
    }
  }

  async #load(request: LoadRequest, generation: number): Promise<void> {
    if (request.src === null) return;
    const resolved = resolveSource(request.src);
    if ('error' in resolved) return this.#report(generation, resolved.error);
    const src = resolved.href;
    if (request.engine !== null && !ENGINES.includes(request.engine)) {
      return this.#fail(generation, PlayerErrorDetail.InvalidEngine, `Invalid engine "${request.engine}": expected hls, shaka or native`);
    }
    const name = selectEngine({ src, forced: (request.engine ?? undefined) as EngineName | undefined, contentType: request.contentType });
    const options: MediaLoaderOptions = {
      video: this.#options.video,
      src,
      p2p: request.p2p && {
        swarmId: deriveSwarmId(src, request.p2p.swarmIdOverride ?? undefined),
        config: request.p2p.config,
        logger: this.#options.logger,
      },
      engineConfig: name === 'native' ? undefined : request.config[name],
      holdMedia: !this.#mediaWanted,
      emit: (type, detail) => {
        if (generation === this.#generation) this.#options.onEvent(type, detail);
      },
    };
    if (generation !== this.#generation) return;
    this.#options.logger?.debug(`loading ${src} with ${name}${request.p2p ? '' : ' (no P2P)'}`);
    this.#currentSrc = src;
    const loader = await createLoader(name, options);
    if (generation !== this.#generation) return loader.destroy();
    this.#loader = loader;
    if (this.#mediaWanted) loader.startMedia?.(); // playback was asked for while the loader was being created
    this.#options.onLoader(loader);
    await loader.load();
    if (generation === this.#generation) this.#options.onLoader(loader);
  }

  #fail(generation: number, detail: ControllerErrorDetail, message: string): void {
    this.#report(generation, createPlayerError({ code: mediaErrorCodeOf(detail), detail, message }));
  }

  #report(generation: number, error: PlayerError): void {
    if (generation === this.#generation) this.#options.onEvent('error', error);
  }
}

/** The errors the controller reports itself (the loaders report the rest). */
type ControllerErrorDetail = typeof PlayerErrorDetail.InvalidEngine | typeof PlayerErrorDetail.LoadFailed;

function mediaErrorCodeOf(detail: ControllerErrorDetail): MediaErrorCode {
  switch (detail) {
    case PlayerErrorDetail.LoadFailed:
      return MediaErrorCode.Network;
    case PlayerErrorDetail.InvalidEngine:
      return MediaErrorCode.SrcNotSupported;
    default:
      return assertNever(detail);
  }
}

function assertNever(value: never): never {
  throw new TypeError(`Unexpected value ${String(value)}`);
}

function sourceHref(src: string): string | undefined {
  const resolved = resolveSource(src);
  return 'href' in resolved ? resolved.href : undefined;
}
