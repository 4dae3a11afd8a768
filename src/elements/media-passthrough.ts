/**
 * Makes a custom element behave like the `<video>` in its shadow root: every media property and
 * method forwards to `nativeEl`, the way media-chrome's `MediaStateOwner` contract expects.
 */

/** Read-write media properties. */
const WRITABLE_PROPS = [
  'currentTime', 'volume', 'muted', 'defaultMuted', 'playbackRate', 'defaultPlaybackRate',
  'preservesPitch', 'disablePictureInPicture', 'disableRemotePlayback',
] as const;

/** Read-only media properties. */
const READONLY_PROPS = [
  'duration', 'paused', 'ended', 'seeking', 'buffered', 'seekable', 'played', 'readyState',
  'networkState', 'videoWidth', 'videoHeight', 'textTracks', 'currentSrc',
] as const;

/**
 * Methods, called on the inner video with the inner video as `this`. Not `play()`, `pause()` and
 * `canPlayType()`: the element declares those itself, so they are documented in custom-elements.json.
 * Not `load()`: on a video driven through Media Source Extensions it would cut the engine off; the
 * element re-creates its loader instead.
 */
const METHODS = [
  'fastSeek', 'addTextTrack', 'requestPictureInPicture',
  'getVideoPlaybackQuality', 'requestVideoFrameCallback', 'cancelVideoFrameCallback',
] as const;

/** Media attributes copied verbatim onto the inner `<video>` (not `src`: the loader attaches the source). */
export const MEDIA_ATTRIBUTES = ['autoplay', 'muted', 'loop', 'poster', 'preload', 'playsinline', 'crossorigin'] as const;

type Writable = (typeof WRITABLE_PROPS)[number];
type ReadOnly = (typeof READONLY_PROPS)[number];
type Method = (typeof METHODS)[number];

/** The media API a passthrough element gains (types taken from `HTMLVideoElement`). */
export type MediaPassthrough = Pick<HTMLVideoElement, Writable | Method> & Readonly<Pick<HTMLVideoElement, ReadOnly>>;

/** Defines the accessors and methods on `proto`; `nativeEl` must return the inner video. */
export function defineMediaPassthrough(proto: { readonly nativeEl: HTMLVideoElement }): void {
  for (const name of WRITABLE_PROPS) {
    Object.defineProperty(proto, name, {
      configurable: true,
      enumerable: true,
      get(this: { nativeEl: HTMLVideoElement }) {
        return this.nativeEl[name];
      },
      set(this: { nativeEl: HTMLVideoElement }, value: unknown) {
        (this.nativeEl as unknown as Record<string, unknown>)[name] = value;
      },
    });
  }
  for (const name of READONLY_PROPS) {
    Object.defineProperty(proto, name, {
      configurable: true,
      enumerable: true,
      get(this: { nativeEl: HTMLVideoElement }) {
        return this.nativeEl[name];
      },
    });
  }
  for (const name of METHODS) {
    Object.defineProperty(proto, name, {
      configurable: true,
      writable: true,
      value(this: { nativeEl: HTMLVideoElement }, ...args: unknown[]) {
        const method = (this.nativeEl as unknown as Record<string, unknown>)[name];
        if (typeof method !== 'function') throw new TypeError(`${name}() is not supported by this browser`);
        return method.apply(this.nativeEl, args);
      },
    });
  }
}
