/**
 * `<source>` children of `<p2p-video>`, chosen as `<video>`'s resource selection algorithm does:
 * without a `src` attribute, the first `<source>` whose `type` (and `media`) the element can play
 * is loaded; when its load fails before any media data arrived, the next one is tried, and only
 * when none is left does the element report the error. Adding, removing or changing `<source>`
 * children re-runs the selection only while nothing was chosen yet; after that it takes `load()`,
 * as on `<video>`.
 *
 * The children are read from the host and never copied into the inner `<video>`: hls.js removes
 * every `<source>` of the video it attaches to, and our hls.js loader puts an AirPlay `<source>`
 * there (loaders/remote-playback.ts).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { detectFormat } from '../loaders/engine-registry.js';
import { PlayerErrorDetail } from '../loaders/media-loader.js';
import type { PlayerError } from '../loaders/media-loader.js';

/** The chosen `<source>`'s URL (as written) and MIME type. */
export interface SourceChoice {
  readonly src: string;
  readonly type: string | undefined;
}

/**
 * Failures after which `<video>` would NOT try the next `<source>`: nothing failed (`aborted`), or
 * the page's `engine` attribute is wrong for every source. Any other failure before media data
 * arrived (manifest missing or refused, CORS, not a manifest, codec, network, DRM, no MSE where a
 * next native source might play) moves on, as the resource selection algorithm does.
 */
const STAYS_ON: ReadonlySet<string> = new Set<string>([PlayerErrorDetail.Aborted, PlayerErrorDetail.InvalidEngine]);

export class SourceSelection implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #video: HTMLVideoElement;
  #chosen: HTMLSourceElement | undefined;
  #choice: SourceChoice | undefined;
  /** `<source>` children that failed since the last `restart()`. */
  readonly #failed = new Set<Element>();
  /**
   * Every `<source>` failed: the last one stays chosen (its error stands, `currentSrc` names it)
   * and, as on `<video>`, a `<source>` inserted later is tried.
   */
  #exhausted = false;
  readonly #observer = new MutationObserver(() => this.#onMutation());

  constructor(host: ReactiveControllerHost & HTMLElement, video: HTMLVideoElement) {
    this.#host = host;
    this.#video = video;
    host.addController(this);
  }

  /** The `<source>` to load when the host has no `src` attribute. */
  get current(): SourceChoice | undefined {
    return this.#choice;
  }

  hostConnected(): void {
    // subtree for the children's own attributes; only direct children count (see #select).
    this.#observer.observe(this.#host, { childList: true, subtree: true, attributes: true, attributeFilter: ['src', 'type', 'media'] });
    if (!this.#choice) this.#select();
  }

  hostDisconnected(): void {
    this.#observer.disconnect();
  }

  /** `load()`: selection starts over from the first `<source>`. */
  restart(): void {
    this.#chosen = undefined;
    this.#choice = undefined;
    this.#exhausted = false;
    this.#failed.clear();
    this.#select();
  }

  /**
   * The current load failed with `error`. True when another `<source>` was chosen (the host
   * reloads and must not report the error), false when the error stands.
   */
  failed(error: PlayerError): boolean {
    if (!this.#chosen || this.#host.hasAttribute('src')) return false;
    if (STAYS_ON.has(error.detail) || this.#video.readyState > HTMLMediaElement.HAVE_NOTHING) return false;
    this.#failed.add(this.#chosen);
    this.#exhausted = !this.#select();
    if (this.#exhausted) return false;
    this.#host.requestUpdate();
    return true;
  }

  #onMutation(): void {
    if (this.#choice && !this.#exhausted) return;
    if (!this.#select()) return;
    this.#exhausted = false;
    this.#host.requestUpdate();
  }

  /** Chooses the first playable `<source>` not failed yet; false (the choice left as it was) when there is none. */
  #select(): boolean {
    for (const child of this.#host.children) {
      if (!(child instanceof HTMLSourceElement) || this.#failed.has(child) || !this.#playable(child)) continue;
      this.#chosen = child;
      this.#choice = { src: child.getAttribute('src') ?? '', type: child.getAttribute('type') ?? undefined };
      return true;
    }
    return false;
  }

  #playable(source: HTMLSourceElement): boolean {
    if (!source.getAttribute('src')) return false; // as on <video>: a source without a URL fails, the next is tried
    const media = source.getAttribute('media');
    if (media && typeof matchMedia === 'function' && !matchMedia(media).matches) return false;
    const type = source.getAttribute('type')?.trim();
    if (!type) return true;
    // HLS and DASH types play through an engine, whatever the browser's canPlayType says.
    if (detectFormat({ src: '', contentType: type }) !== 'unknown') return true;
    return this.#video.canPlayType(type) !== '';
  }
}
