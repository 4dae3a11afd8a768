/**
 * Re-dispatches the inner `<video>`'s events from the host: media events do not cross the shadow
 * boundary (they are not `composed`), but listeners on `<p2p-video>` must see them.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Every event an `HTMLVideoElement` fires about playback, plus the picture-in-picture pair. */
export const MEDIA_EVENTS = [
  'abort', 'canplay', 'canplaythrough', 'durationchange', 'emptied', 'encrypted', 'ended', 'error',
  'loadeddata', 'loadedmetadata', 'loadstart', 'pause', 'play', 'playing', 'progress', 'ratechange',
  'resize', 'seeked', 'seeking', 'stalled', 'suspend', 'timeupdate', 'volumechange', 'waiting',
  'waitingforkey', 'enterpictureinpicture', 'leavepictureinpicture',
] as const;

export interface MediaEventsHost extends ReactiveControllerHost, EventTarget {
  readonly nativeEl: HTMLVideoElement;
}

export class MediaEventsController implements ReactiveController {
  readonly #host: MediaEventsHost;
  #listening = false;

  constructor(host: MediaEventsHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    if (this.#listening) return;
    for (const type of MEDIA_EVENTS) this.#host.nativeEl.addEventListener(type, this.#forward);
    this.#listening = true;
  }

  hostDisconnected(): void {
    for (const type of MEDIA_EVENTS) this.#host.nativeEl.removeEventListener(type, this.#forward);
    this.#listening = false;
  }

  readonly #forward = (event: Event): void => {
    // Same shape as the original (media events neither bubble nor are cancelable, except none).
    this.#host.dispatchEvent(new Event(event.type, { bubbles: event.bubbles, cancelable: event.cancelable }));
  };
}
