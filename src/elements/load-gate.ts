/**
 * Decides when `<p2p-video>` may start loading its source (engine, manifest, P2P swarm), as
 * `<video preload>` and `<img loading>` do: `preload="none"` waits for `play()` (or `autoplay`),
 * `loading="lazy"` waits until the element is near the viewport. A page with ten players then
 * fetches ten manifests and joins ten swarms only for the players that are watched.
 *
 * `preload="metadata"` loads the manifest only (the engine holds media segments and the swarm
 * join) until playback is wanted.
 *
 * Once a source may load it stays allowed (changing `preload` later does not tear it down, as on
 * `<video>`); a new `src` is gated again.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** `<img loading="lazy">`-like distance: start a little before the player scrolls into view. */
const LAZY_ROOT_MARGIN = '600px';

export interface LoadGateHost extends ReactiveControllerHost, EventTarget {
  hasAttribute(name: string): boolean;
  getAttribute(name: string): string | null;
  readonly preload: string;
}

export interface LoadGateOptions {
  video: HTMLVideoElement;
  /** The source the host would load now: its `src` attribute, else the chosen `<source>`. */
  source(): string | null;
}

export class LoadGate implements ReactiveController {
  readonly #host: LoadGateHost;
  readonly #video: HTMLVideoElement;
  readonly #source: () => string | null;
  /** The source allowed to load (latched), if any. */
  #allowed: string | null = null;
  /** The source whose playback was asked for (latched): its media loads whatever `preload` says. */
  #played: string | null = null;
  #near = false;
  #observer: IntersectionObserver | undefined;

  constructor(host: LoadGateHost, { video, source }: LoadGateOptions) {
    this.#host = host;
    this.#video = video;
    this.#source = source;
    host.addController(this);
  }

  /** True while `src` must not load yet. */
  deferred(src: string | null): boolean {
    if (src === null || src === this.#allowed) return false;
    const lazy = this.#host.getAttribute('loading')?.toLowerCase() === 'lazy' && !this.#near;
    const wanted = this.#host.hasAttribute('autoplay') || this.#host.preload !== 'none';
    if (lazy || !wanted) return true;
    this.#allowed = src;
    return false;
  }

  /** True while `src` may load its manifest but not its media (`preload="metadata"`, no autoplay, not played). */
  holdsMedia(src: string | null): boolean {
    if (src === null || src === this.#played) return false;
    // The attribute, not `preload`: Chromium's default for a missing attribute is 'metadata' too.
    return this.#host.getAttribute('preload')?.trim().toLowerCase() === 'metadata' && !this.#host.hasAttribute('autoplay');
  }

  /** Playback was asked for: the current source loads now, media too, whatever `preload` and `loading` say. */
  open(): void {
    const src = this.#source();
    if (src === null || (src === this.#allowed && src === this.#played)) return;
    this.#allowed = src;
    this.#played = src;
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    // The built-in controls (media-chrome) call play() on the inner video, not on the host.
    this.#video.addEventListener('play', this.#onPlay);
    if (this.#near || typeof IntersectionObserver !== 'function') return;
    this.#observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      this.#near = true;
      this.#observer?.disconnect();
      this.#host.requestUpdate();
    }, { rootMargin: LAZY_ROOT_MARGIN });
    this.#observer.observe(this.#host as unknown as Element);
  }

  hostDisconnected(): void {
    this.#video.removeEventListener('play', this.#onPlay);
    this.#observer?.disconnect();
    this.#observer = undefined;
  }

  readonly #onPlay = (): void => this.open();
}
