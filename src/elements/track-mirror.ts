/**
 * `<track>` children of `<p2p-video>` (subtitles, captions, chapters, metadata) mirrored into the
 * inner `<video>` as clones kept in sync, so `textTracks`, the browser's cue rendering and
 * media-chrome's captions menu see them as on a `<video>`. Each host `<track>` keeps one clone
 * (and so one `TextTrack`, whose mode the viewer may have changed) for as long as it is a child:
 * an attribute change is copied onto the clone rather than replacing it.
 *
 * Cross-origin WebVTT files need CORS and the `crossorigin` attribute, as on `<video>`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

const TRACK_ATTRIBUTES = ['kind', 'src', 'srclang', 'label', 'default'] as const;

export class TrackMirror implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #video: HTMLVideoElement;
  /** Host `<track>` → its clone in the inner video. */
  readonly #clones = new Map<HTMLTrackElement, HTMLTrackElement>();
  readonly #observer = new MutationObserver(() => this.#sync());

  constructor(host: ReactiveControllerHost & HTMLElement, video: HTMLVideoElement) {
    this.#host = host;
    this.#video = video;
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer.observe(this.#host, { childList: true, subtree: true, attributes: true, attributeFilter: [...TRACK_ATTRIBUTES] });
    this.#sync();
  }

  hostDisconnected(): void {
    this.#observer.disconnect();
  }

  #sync(): void {
    const tracks = [...this.#host.children].filter((child): child is HTMLTrackElement => child instanceof HTMLTrackElement);
    for (const [track, clone] of this.#clones) {
      if (tracks.includes(track)) continue;
      clone.remove();
      this.#clones.delete(track);
    }
    const clones = tracks.map((track) => {
      const clone = this.#clones.get(track) ?? document.createElement('track');
      this.#clones.set(track, clone);
      copyAttributes(track, clone);
      return clone;
    });
    // After whatever else the video holds (an engine's <source>, its own tracks), in the host's
    // order. Moving a clone re-adds its TextTrack, so only new ones move unless the order changed.
    const placed = [...this.#video.children].filter((child) => clones.includes(child as HTMLTrackElement));
    const inOrder = placed.every((clone, index) => clone === clones[index]);
    this.#video.append(...(inOrder ? clones.slice(placed.length) : clones));
  }
}

function copyAttributes(from: HTMLTrackElement, to: HTMLTrackElement): void {
  for (const name of TRACK_ATTRIBUTES) {
    const value = from.getAttribute(name);
    if (value === to.getAttribute(name)) continue;
    if (value === null) to.removeAttribute(name);
    else to.setAttribute(name, value);
  }
}
