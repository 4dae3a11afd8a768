/**
 * The plugin we install into hls.js: a `config.fLoader` class that loads fragments and init
 * segments through the P2P core (hls.js calls such classes loaders; in this codebase "loader"
 * means a `MediaLoader`, an engine adapter).
 *
 * hls.js constructs one instance per request (`new fLoader(hlsConfig)`), so the core reaches the
 * class through a closure: `createP2PFragmentPlugin(route)`. Requests the route cannot identify
 * (LL-HLS parts, subtitles, unknown levels) go to hls.js' own loader unchanged.
 *
 * Contract followed (hls.js 1.7 `xhr-loader.ts`): on success, `stats` is complete and
 * `onProgress` receives the whole payload before `onSuccess` (the stream controller takes fragment
 * data from progress callbacks); errors go to `onError` so hls.js' retry policy applies; an abort
 * calls `onAbort` and never `onError`.
 */
import type {
  FragmentLoaderContext,
  HlsConfig,
  Loader,
  LoaderCallbacks,
  LoaderConfiguration,
  LoaderContext,
  LoaderStats,
  Fragment,
} from 'hls.js';
import type { P2PCore } from '../../p2p/p2p-core.js';
import type { SegmentRequest, SegmentResponse, SegmentTiming } from '../../p2p/segment.js';
import { P2PError, isAbortError } from '../../p2p/errors.js';

/** What the plugin needs from the bridge: the core, and the identity of a fragment. */
export interface FragmentRoute {
  /**
   * The core, awaited when a fragment is requested (it starts in parallel with hls.js, so the
   * manifest never waits for it); undefined = it could not start: load over HTTP.
   */
  core(): Promise<Pick<P2PCore, 'loadSegment'> | undefined>;
  /** The core request for a fragment, or undefined to let hls.js load it over HTTP itself. */
  requestFor(frag: Fragment): SegmentRequest | undefined;
}

type FragmentPluginClass = new (config: HlsConfig) => Loader<FragmentLoaderContext>;

/** A loader class hls.js accepts as `config.loader` or `config.fLoader`. */
export type HttpLoaderClass = new (config: HlsConfig) => Loader<LoaderContext>;

function newStats(): LoaderStats {
  return {
    aborted: false,
    loaded: 0,
    retry: 0,
    total: 0,
    chunkCount: 0,
    bwEstimate: 0,
    loading: { start: 0, first: 0, end: 0 },
    parsing: { start: 0, end: 0 },
    buffering: { start: 0, first: 0, end: 0 },
  };
}

/**
 * Fills `stats.loading` so hls.js' ABR sees the throughput the core reports. ABR measures from
 * `loading.start` to the end of parsing, so `loading.start` is put exactly the reported duration
 * before now: earlier for a segment a peer delivered instantly (it would look infinitely fast),
 * and later than the request for one that waited for the swarm before its transfer (the wait
 * would read as a slow network and step ABR down: every viewer of a swarm dropped to the lowest
 * rendition about 27 s in).
 */
export function applyTiming({ stats, timing, bytes, nowMs }: { stats: LoaderStats; timing: SegmentTiming; bytes: number; nowMs: number }): void {
  const durationMs = Math.max(0, timing.endMs - timing.startMs);
  const firstByteMs = Math.min(durationMs, Math.max(0, timing.firstByteMs - timing.startMs));
  const start = nowMs - durationMs;
  stats.loading.start = start;
  stats.loading.first = start + firstByteMs;
  stats.loading.end = nowMs;
  stats.loaded = bytes;
  stats.total = bytes;
  const transferMs = stats.loading.end - stats.loading.first;
  stats.bwEstimate = transferMs > 0 ? (bytes * 8000) / transferMs : 0;
}

/**
 * A `config.fLoader` class bound to one P2P route. What the core does not load (see the file
 * comment) goes to `httpLoader`: the page's own `fLoader` when it had one, else hls.js' `loader`.
 */
export function createP2PFragmentPlugin(route: FragmentRoute, { httpLoader }: { httpLoader?: HttpLoaderClass } = {}): FragmentPluginClass {
  return class extends P2PFragmentPlugin {
    constructor(config: HlsConfig) {
      super({ config, route, httpLoader });
    }
  };
}

/** One fragment request of hls.js, through the core (see the file comment). */
class P2PFragmentPlugin implements Loader<FragmentLoaderContext> {
  context: FragmentLoaderContext | null = null;
  stats: LoaderStats = newStats();
  readonly #route: FragmentRoute;
  readonly #httpLoader: HttpLoaderClass | undefined;
  #hlsConfig: HlsConfig;
  #fallback: Loader<LoaderContext> | undefined;
  #controller: AbortController | undefined;
  #callbacks: LoaderCallbacks<FragmentLoaderContext> | null = null;
  #timeout: ReturnType<typeof setTimeout> | undefined;

  constructor({ config, route, httpLoader }: { config: HlsConfig; route: FragmentRoute; httpLoader?: HttpLoaderClass }) {
    this.#hlsConfig = config;
    this.#route = route;
    this.#httpLoader = httpLoader;
  }

  load(context: FragmentLoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<FragmentLoaderContext>): void {
    const request = context.part ? undefined : this.#route.requestFor(context.frag);
    if (!request) {
      this.#loadOverHttp(context, config, callbacks);
      return;
    }
    this.context = context;
    this.#callbacks = callbacks;
    this.stats.loading.start = performance.now();
    this.#controller = new AbortController();
    const maxLoadTimeMs = config.loadPolicy?.maxLoadTimeMs ?? config.timeout;
    if (Number.isFinite(maxLoadTimeMs) && maxLoadTimeMs > 0) {
      this.#timeout = setTimeout(() => this.#onTimeout(), maxLoadTimeMs);
    }
    void this.#route.core().then((core) => {
      // Aborted or destroyed while the core was starting: abort() has reported it.
      if (this.#callbacks !== callbacks) return;
      if (!core) return this.#fallBackToHttp(context, config, callbacks);
      core
        .loadSegment(request, {
          signal: this.#controller?.signal,
          onProgress: (loaded, total) => this.#onProgress(loaded, total),
        })
        .then(
          (response) => this.#onLoaded(response),
          (error: unknown) => this.#onFailed(error),
        );
    });
  }

  abort(): void {
    if (this.#fallback) {
      this.#fallback.abort();
      return;
    }
    if (!this.#controller || this.stats.loading.end) return;
    this.#stop();
    this.stats.aborted = true;
    const callbacks = this.#callbacks;
    this.#callbacks = null;
    if (this.context) callbacks?.onAbort?.(this.stats, this.context, null);
  }

  destroy(): void {
    this.#fallback?.destroy();
    this.#stop();
    this.#callbacks = null;
    this.context = null;
  }

  #loadOverHttp(context: FragmentLoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<FragmentLoaderContext>): void {
    const DefaultLoader = this.#httpLoader ?? this.#hlsConfig.loader;
    const loader = new DefaultLoader(this.#hlsConfig) as Loader<FragmentLoaderContext>;
    this.#fallback = loader as Loader<LoaderContext>;
    // hls.js took `frag.stats = loader.stats` from this loader before load(): the delegate
    // must fill that object, not its own (its loaders read `this.stats` on every update).
    loader.stats = this.stats;
    this.context = context;
    loader.load(context, config, callbacks);
  }

  /** The core could not start: this fragment (and every later one) goes over plain HTTP. */
  #fallBackToHttp(context: FragmentLoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<FragmentLoaderContext>): void {
    this.#stop();
    this.#controller = undefined;
    this.#callbacks = null;
    // hls.js' loaders refuse a stats object that has already started loading.
    this.stats.loading.start = 0;
    this.#loadOverHttp(context, config, callbacks);
  }

  #stop(): void {
    clearTimeout(this.#timeout);
    this.#timeout = undefined;
    if (this.#controller && !this.#controller.signal.aborted && !this.stats.loading.end) this.#controller.abort();
  }

  #onProgress(loaded: number, total: number | undefined): void {
    if (!this.#callbacks) return;
    const { stats } = this;
    if (!stats.loading.first && loaded > 0) stats.loading.first = performance.now();
    stats.loaded = loaded;
    // While loading, keep `total` ahead of `loaded` unless known: hls.js' abandon rule reads them.
    if (total !== undefined) stats.total = total;
  }

  #onLoaded(response: SegmentResponse): void {
    const callbacks = this.#callbacks;
    const context = this.context;
    if (!callbacks || !context) return;
    clearTimeout(this.#timeout);
    this.#callbacks = null;
    applyTiming({ stats: this.stats, timing: response.timing, bytes: response.data.byteLength, nowMs: performance.now() });
    callbacks.onProgress?.(this.stats, context, response.data, null);
    callbacks.onSuccess({ url: context.url, data: response.data, code: 200 }, this.stats, context, null);
  }

  #onFailed(error: unknown): void {
    const callbacks = this.#callbacks;
    const context = this.context;
    if (!callbacks || !context) return;
    // An abort we asked for was reported by abort(); any other abort means the core went away.
    if (isAbortError(error) && this.#controller?.signal.aborted) return;
    clearTimeout(this.#timeout);
    this.#callbacks = null;
    const status = error instanceof P2PError ? (error.status ?? 0) : 0;
    const text = error instanceof Error ? error.message : String(error);
    callbacks.onError({ code: status, text }, context, null, this.stats);
  }

  #onTimeout(): void {
    const callbacks = this.#callbacks;
    const context = this.context;
    if (!callbacks || !context) return;
    this.#callbacks = null;
    this.#controller?.abort();
    callbacks.onTimeout(this.stats, context, null);
  }
}
