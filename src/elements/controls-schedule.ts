/**
 * When `<p2p-video>`'s built-in bar appears, and when media-chrome (most of the element's code:
 * some 60 custom elements, defined and upgraded on import) loads. Neither may sit on the critical
 * path of the first frame: measured in Chromium, evaluating and upgrading media-chrome was ~100 ms
 * of main thread between the engine's module and the manifest request, in a player that could
 * already be loading. So:
 * - with `autoplay`, the bar comes with the first `playing` (the viewer sees the picture first);
 * - without it, once the manifest request is out (the viewer needs the play button);
 * - at once when there is nothing to load or loading failed (the bar shows the state);
 * - and at the latest `latestMs` after the first render, whatever happens.
 * Slotted controls need the `<media-controller>` at once: `mediaChrome()` loads it on demand.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

let mediaChromeLoading: Promise<unknown> | undefined;

/** Imports (once) media-chrome's elements and its menus: the internal `<media-controller>` upgrades then. */
export function mediaChrome(): Promise<unknown> {
  return (mediaChromeLoading ??= Promise.all([import('media-chrome'), import('media-chrome/menu')]));
}

export interface ControlsScheduleOptions {
  video: HTMLVideoElement;
  autoplay: () => boolean;
  latestMs: number;
}

export class ControlsSchedule implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: ControlsScheduleOptions;
  #due = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #onPlaying = (): void => this.#show({ defer: true });

  constructor(host: ReactiveControllerHost, options: ControlsScheduleOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** Whether the bar should be rendered now. */
  get due(): boolean {
    return this.#due;
  }

  /** Resolves once the bar, if due now, is usable (media-chrome defined); at once when it is not due. */
  get ready(): Promise<void> {
    return this.#due ? mediaChrome().then(() => undefined) : Promise.resolve();
  }

  hostConnected(): void {
    if (this.#due || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => this.#show({ defer: false }), this.#options.latestMs);
    this.#options.video.addEventListener('playing', this.#onPlaying, { once: true });
  }

  /** The engine has sent the manifest request. */
  sourceLoading(): void {
    if (!this.#options.autoplay()) this.#show({ defer: true });
  }

  /** A load ended: `loaded` false when there was nothing to load or it failed. */
  loadSettled({ loaded }: { loaded: boolean }): void {
    if (!loaded || !this.#options.autoplay()) this.#show({ defer: false });
  }

  /** `defer`: in a task of its own, so the engine's continuation (already queued) runs first. */
  #show({ defer }: { defer: boolean }): void {
    if (this.#due) return;
    clearTimeout(this.#timer);
    this.#options.video.removeEventListener('playing', this.#onPlaying);
    const show = (): void => {
      this.#due = true;
      void mediaChrome();
      this.#host.requestUpdate();
    };
    if (defer) setTimeout(show, 0);
    else show();
  }
}
