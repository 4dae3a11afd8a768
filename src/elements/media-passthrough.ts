/**
 * Makes a custom element behave like the `<video>` in its shadow root: every media property and
 * method forwards to `nativeEl`, the way media-chrome's `MediaStateOwner` contract expects.
 */

/**
 * Read-write media properties. Those in REFLECTED_ATTRIBUTES reflect a content attribute, as on
 * `<video>`: setting one sets the host's attribute, which the element copies onto its video.
 */
const WRITABLE_PROPS = [
  'currentTime', 'volume', 'muted', 'defaultMuted', 'playbackRate', 'defaultPlaybackRate',
  'preservesPitch', 'disablePictureInPicture', 'disableRemotePlayback',
  'autoplay', 'loop', 'poster', 'preload', 'playsInline', 'crossOrigin',
] as const;

/** Read-only media properties. Not `currentSrc`: under Media Source Extensions the video's is a `blob:` URL; the element declares its own. */
const READONLY_PROPS = [
  'duration', 'paused', 'ended', 'seeking', 'buffered', 'seekable', 'played', 'readyState',
  'networkState', 'videoWidth', 'videoHeight', 'textTracks',
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

type Writable = (typeof WRITABLE_PROPS)[number];
type ReadOnly = (typeof READONLY_PROPS)[number];
type Method = (typeof METHODS)[number];

/**
 * Writable properties that reflect a content attribute on `<video>`, and how: `'boolean'`
 * (present or not), `'string'`, or `'nullable'` (a string; `null` removes the attribute, as
 * `crossOrigin = null` does). `defaultMuted` is the `muted` attribute; `muted` is the current state.
 */
const REFLECTED_ATTRIBUTES = {
  defaultMuted: ['muted', 'boolean'],
  autoplay: ['autoplay', 'boolean'],
  loop: ['loop', 'boolean'],
  playsInline: ['playsinline', 'boolean'],
  disablePictureInPicture: ['disablepictureinpicture', 'boolean'],
  disableRemotePlayback: ['disableremoteplayback', 'boolean'],
  poster: ['poster', 'string'],
  preload: ['preload', 'string'],
  crossOrigin: ['crossorigin', 'nullable'],
} as const satisfies Partial<Record<Writable, readonly [string, 'boolean' | 'string' | 'nullable']>>;

/** Media attributes copied verbatim onto the inner `<video>` (not `src`: the loader attaches the source). */
export const MEDIA_ATTRIBUTES: readonly string[] = Object.values(REFLECTED_ATTRIBUTES).map(([attribute]) => attribute);

/** The media API a passthrough element gains (types taken from `HTMLVideoElement`). */
export type MediaPassthrough = Pick<HTMLVideoElement, Writable | Method> & Readonly<Pick<HTMLVideoElement, ReadOnly>>;

type Host = HTMLElement & { readonly nativeEl: HTMLVideoElement };

/** Defines the accessors and methods on `proto`; `nativeEl` must return the inner video. */
export function defineMediaPassthrough(proto: { readonly nativeEl: HTMLVideoElement }): void {
  for (const name of WRITABLE_PROPS) {
    Object.defineProperty(proto, name, {
      configurable: true,
      enumerable: true,
      // Read from the video even for reflected ones: it has the host's attributes, and normalises them as `<video>` does.
      get(this: Host) {
        return this.nativeEl[name];
      },
      set: name in REFLECTED_ATTRIBUTES ? reflectingSetter(REFLECTED_ATTRIBUTES[name as keyof typeof REFLECTED_ATTRIBUTES]) : forwardingSetter(name),
    });
  }
  for (const name of READONLY_PROPS) {
    Object.defineProperty(proto, name, {
      configurable: true,
      enumerable: true,
      get(this: Host) {
        return this.nativeEl[name];
      },
    });
  }
  for (const name of METHODS) {
    Object.defineProperty(proto, name, {
      configurable: true,
      writable: true,
      value(this: Host, ...args: unknown[]) {
        const method = (this.nativeEl as unknown as Record<string, unknown>)[name];
        if (typeof method !== 'function') throw new TypeError(`${name}() is not supported by this browser`);
        return method.apply(this.nativeEl, args);
      },
    });
  }
}

function forwardingSetter(name: Writable): (this: Host, value: unknown) => void {
  return function (this: Host, value: unknown) {
    (this.nativeEl as unknown as Record<string, unknown>)[name] = value;
  };
}

function reflectingSetter([attribute, kind]: readonly [string, 'boolean' | 'string' | 'nullable']): (this: Host, value: unknown) => void {
  return function (this: Host, value: unknown) {
    if (kind === 'boolean') this.toggleAttribute(attribute, Boolean(value));
    else if (kind === 'nullable' && value === null) this.removeAttribute(attribute);
    else this.setAttribute(attribute, String(value));
  };
}

/**
 * Copies a media attribute of the host onto its video. `muted` also sets the muted state while
 * the host is being created (not yet connected), as the attribute does when a `<video>` is
 * created; later it changes only `defaultMuted`, as on `<video>`.
 */
export function mirrorMediaAttribute(video: HTMLVideoElement, { name, value, creating }: { name: string; value: string | null; creating: boolean }): void {
  if (!MEDIA_ATTRIBUTES.includes(name)) return;
  if (value === null) video.removeAttribute(name);
  else video.setAttribute(name, value);
  if (name === 'muted' && creating) video.muted = value !== null;
}

/** The host's `<video>`, for the shadow root's `<media-controller>` (which reads these two from its media; they live on the host). */
export function createInnerVideo(host: { videoRenditions(): unknown; audioTracks(): unknown; streamType(): unknown }): HTMLVideoElement {
  const video = document.createElement('video');
  video.slot = 'media';
  video.setAttribute('part', 'video');
  // The browser's own list (Safari's native HLS has one; Chromium only behind a flag).
  const browserAudioTracks = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'audioTracks')?.get;
  Object.defineProperties(video, {
    videoRenditions: { get: host.videoRenditions },
    // media-chrome reads the media's audioTracks: the host's (from the engine), or the browser's
    // when the host has none to give (native playback: the browser itself plays the audio).
    audioTracks: { get: () => host.audioTracks() ?? browserAudioTracks?.call(video) },
    streamType: { get: host.streamType },
  });
  return video;
}
