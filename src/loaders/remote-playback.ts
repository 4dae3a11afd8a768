/**
 * Remote playback (AirPlay) on the iPhone path. WebKit keeps a ManagedMediaSource closed unless
 * its video has `disableRemotePlayback` or an AirPlay alternative `<source>`
 * (ManagedMediaSource.cpp `isOpen`), so hls.js (buffer-controller `setSource`) and Shaka
 * (media_source_engine `createMediaSource`) turn `disableRemotePlayback` on, and AirPlay is gone.
 * Neither gives it back as the page had it: hls.js leaves it on after destroy, Shaka turns it off
 * on destroy even where the page had set it. This keeps the page's setting, and for HLS offers
 * AirPlay the way Apple documents it: the manifest URL as a second `<source>`, which the AirPlay
 * receiver plays itself (without P2P). DASH has nothing AirPlay can play, so it stays off there.
 */

/** The `type` WebKit plays natively for HLS. */
const HLS_MIME_TYPE = 'application/x-mpegurl';

export class RemotePlaybackGuard {
  readonly #video: HTMLMediaElement;
  /** The page's setting, before any engine touched the video. */
  readonly #pageDisabled: boolean;
  #alternative: HTMLSourceElement | undefined;

  /** Call before the engine attaches to `video`. */
  constructor(video: HTMLMediaElement) {
    this.#video = video;
    this.#pageDisabled = video.disableRemotePlayback;
  }

  /**
   * On hls.js' MEDIA_ATTACHING, after its buffer controller set its `<source>` (synchronously,
   * also when `recoverMediaError()` re-attaches, which removes every `<source>`): if hls.js turned
   * remote playback off for a ManagedMediaSource and the page had not, adds `src` as the AirPlay
   * alternative and turns it back on, before the source opens.
   */
  offerHlsAlternative(src: string): void {
    const video = this.#video;
    if (this.#pageDisabled || !video.disableRemotePlayback) return;
    if (this.#alternative?.parentElement === video) return;
    const alternative = video.ownerDocument.createElement('source');
    alternative.src = src;
    alternative.type = HLS_MIME_TYPE;
    video.append(alternative);
    video.disableRemotePlayback = false;
    this.#alternative = alternative;
  }

  /** After the engine is destroyed: the alternative removed, the page's setting back. Safe twice. */
  restore(): void {
    this.#alternative?.remove();
    this.#alternative = undefined;
    if (this.#video.disableRemotePlayback !== this.#pageDisabled) this.#video.disableRemotePlayback = this.#pageDisabled;
  }
}
