/**
 * React prop names of the native media events `<p2p-video>` re-dispatches, spelled as React spells
 * them on `<video>` (`onTimeUpdate`, `onLoadedMetadata`), so code moving from `<video>` keeps its
 * handlers. Keyed by MEDIA_EVENTS, the element's own list: a new event there is a compile error
 * here until it has a name.
 */
import type { MEDIA_EVENTS } from '../elements/media-events-controller.js';

type MediaEvent = (typeof MEDIA_EVENTS)[number];

export const MEDIA_EVENT_PROPS = {
  abort: 'onAbort',
  canplay: 'onCanPlay',
  canplaythrough: 'onCanPlayThrough',
  durationchange: 'onDurationChange',
  emptied: 'onEmptied',
  encrypted: 'onEncrypted',
  ended: 'onEnded',
  // The element's `error` is a plain event for media errors and a CustomEvent for its own: read `el.error`.
  error: 'onError',
  loadeddata: 'onLoadedData',
  loadedmetadata: 'onLoadedMetadata',
  loadstart: 'onLoadStart',
  pause: 'onPause',
  play: 'onPlay',
  playing: 'onPlaying',
  progress: 'onProgress',
  ratechange: 'onRateChange',
  resize: 'onResize',
  seeked: 'onSeeked',
  seeking: 'onSeeking',
  stalled: 'onStalled',
  suspend: 'onSuspend',
  timeupdate: 'onTimeUpdate',
  volumechange: 'onVolumeChange',
  waiting: 'onWaiting',
  waitingforkey: 'onWaitingForKey',
  enterpictureinpicture: 'onEnterPictureInPicture',
  leavepictureinpicture: 'onLeavePictureInPicture',
} as const satisfies Record<MediaEvent, `on${string}`>;
