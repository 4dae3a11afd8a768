/**
 * Makes a Chromium page look like Safari on iPhone (iOS 17.1+) to a player: `MediaSource` is gone
 * and a `ManagedMediaSource` built on the real one takes its place. It behaves as WebKit's does
 * (Source/WebCore/Modules/mediasource/ManagedMediaSource.cpp, read 2026-12):
 * - `streaming` starts false; with no active source buffer it turns true (`startstreaming`);
 * - while streaming, once [currentTime, currentTime + high threshold] is buffered (up to the
 *   duration once ended) it turns false (`endstreaming`); while not streaming, once
 *   [currentTime, currentTime + low threshold] is not buffered it turns true again;
 * - closing the source ends streaming;
 * - it does not open (`isOpen()` is false, so no `sourceopen` reaches the page) unless its media
 *   element has `disableRemotePlayback` or an AirPlay alternative `<source>`
 *   (`managedMediaSourceNeedsAirPlay`).
 * WebKit's thresholds are 10 s and 30 s (UnifiedWebPreferences.yaml); tests pass smaller ones.
 * WebKit re-evaluates after every append and as playback progresses: here after every `updateend`
 * and every 100 ms.
 */

export interface ManagedMediaSourceShimOptions {
  /** Below this much buffered ahead, streaming starts again. @default 10 */
  lowThresholdSeconds?: number;
  /** With this much buffered ahead, streaming ends. @default 30 */
  highThresholdSeconds?: number;
}

export interface StreamingChange {
  type: 'startstreaming' | 'endstreaming';
  /** `performance.now()` when it fired. */
  atMs: number;
  /** Seconds buffered ahead of the playhead then. */
  bufferedAheadSeconds: number;
  /** The media element of the source that changed. */
  media: HTMLMediaElement | undefined;
}

/** What the shim saw in this window. */
export interface ManagedMediaSourceShim {
  /** `new ManagedMediaSource()` calls. */
  readonly constructed: number;
  /** Sources that stayed closed: their media had neither `disableRemotePlayback` nor an alternative source. */
  readonly blockedOpens: number;
  /** Every `startstreaming` / `endstreaming`, in order, over all sources. */
  readonly changes: readonly StreamingChange[];
  /** The media elements the sources opened on. */
  readonly media: readonly HTMLMediaElement[];
  /** Sets the thresholds for sources from now on and those open. */
  configure(options: ManagedMediaSourceShimOptions): void;
}

interface ShimWindow {
  MediaSource?: typeof MediaSource;
  WebKitMediaSource?: unknown;
  ManagedMediaSource?: typeof MediaSource;
  ManagedSourceBuffer?: typeof SourceBuffer;
  __managedMediaSourceShim?: ManagedMediaSourceShim;
}

const FUDGE_SECONDS = 0.1;
const MONITOR_INTERVAL_MS = 100;

/** Installs the shim in `win` (once: a second call returns the first shim). Call before any player exists. */
export function installManagedMediaSourceShim(options: ManagedMediaSourceShimOptions = {}, win: Window = window): ManagedMediaSourceShim {
  const scope = win as unknown as ShimWindow;
  if (scope.__managedMediaSourceShim) {
    scope.__managedMediaSourceShim.configure(options);
    return scope.__managedMediaSourceShim;
  }
  const RealMediaSource = scope.MediaSource;
  if (!RealMediaSource) throw new Error('no MediaSource to build ManagedMediaSource on');
  const thresholds = { low: 10, high: 30 };
  const changes: StreamingChange[] = [];
  const media: HTMLMediaElement[] = [];
  const counts = { constructed: 0, blockedOpens: 0 };
  const urls = new WeakMap<object, string>();

  class ManagedMediaSource extends RealMediaSource {
    #streaming = false;
    #media: HTMLMediaElement | undefined;
    #timer: ReturnType<typeof setInterval> | undefined;
    onstartstreaming: ((event: Event) => void) | null = null;
    onendstreaming: ((event: Event) => void) | null = null;

    constructor() {
      super();
      counts.constructed++;
      // Registered first, so it runs before any listener of the page and can hold the event back.
      this.addEventListener('sourceopen', (event) => this.#opened(event));
      this.addEventListener('sourceclose', () => this.#closed());
    }

    get streaming(): boolean {
      return this.#streaming;
    }

    override addSourceBuffer(type: string): SourceBuffer {
      const buffer = super.addSourceBuffer(type);
      buffer.addEventListener('updateend', () => this.#monitor());
      return buffer;
    }

    #opened(event: Event): void {
      const element = findMediaElement(win.document, urls.get(this));
      if (element && !element.disableRemotePlayback && !hasAirPlayAlternative(element)) {
        counts.blockedOpens++;
        event.stopImmediatePropagation();
        return;
      }
      this.#media = element;
      if (element && !media.includes(element)) media.push(element);
      this.#monitor();
      this.#timer = setInterval(() => this.#monitor(), MONITOR_INTERVAL_MS);
    }

    #closed(): void {
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.#setStreaming(false);
    }

    #monitor(): void {
      if (this.readyState === 'closed') return this.#closed();
      const element = this.#media;
      if (!element || this.activeSourceBuffers.length === 0) return this.#setStreaming(true);
      const ahead = (seconds: number) => {
        const until = element.currentTime + seconds;
        return this.readyState === 'ended' ? Math.min(this.duration, until) : until;
      };
      if (!this.#streaming) {
        if (!isBuffered(element, ahead(thresholds.low))) this.#setStreaming(true);
      } else if (isBuffered(element, ahead(thresholds.high))) {
        this.#setStreaming(false);
      }
    }

    #setStreaming(streaming: boolean): void {
      if (this.#streaming === streaming) return;
      this.#streaming = streaming;
      const type = streaming ? 'startstreaming' : 'endstreaming';
      changes.push({ type, atMs: performance.now(), bufferedAheadSeconds: this.#media ? bufferedAhead(this.#media) : 0, media: this.#media });
      const event = new Event(type);
      (streaming ? this.onstartstreaming : this.onendstreaming)?.call(this, event);
      this.dispatchEvent(event);
    }
  }

  // Shaka keeps its own reference to createObjectURL, taken when it loads: install first.
  const createObjectURL = win.URL.createObjectURL.bind(win.URL);
  win.URL.createObjectURL = (object: Blob | MediaSource) => {
    const url = createObjectURL(object);
    if (object instanceof ManagedMediaSource) urls.set(object, url);
    return url;
  };
  delete scope.MediaSource;
  delete scope.WebKitMediaSource;
  scope.ManagedMediaSource = ManagedMediaSource;
  // The real source's buffers are Chromium's SourceBuffers: the name WebKit gives them, same class.
  scope.ManagedSourceBuffer = (win as unknown as { SourceBuffer: typeof SourceBuffer }).SourceBuffer;

  const shim: ManagedMediaSourceShim = {
    get constructed() {
      return counts.constructed;
    },
    get blockedOpens() {
      return counts.blockedOpens;
    },
    changes,
    media,
    configure({ lowThresholdSeconds, highThresholdSeconds }) {
      if (lowThresholdSeconds !== undefined) thresholds.low = lowThresholdSeconds;
      if (highThresholdSeconds !== undefined) thresholds.high = highThresholdSeconds;
    },
  };
  shim.configure(options);
  scope.__managedMediaSourceShim = shim;
  return shim;
}

/** Seconds buffered ahead of the playhead, in the range that holds it. */
export function bufferedAhead(element: HTMLMediaElement): number {
  const { buffered, currentTime } = element;
  for (let i = 0; i < buffered.length; i++) {
    if (buffered.start(i) - FUDGE_SECONDS <= currentTime && currentTime <= buffered.end(i) + FUDGE_SECONDS) {
      return Math.max(0, buffered.end(i) - currentTime);
    }
  }
  return 0;
}

/** Whether [currentTime, until] is buffered without a gap (WebKit's `isBuffered`, within its fudge). */
function isBuffered(element: HTMLMediaElement, until: number): boolean {
  return element.currentTime + bufferedAhead(element) + FUDGE_SECONDS >= until;
}

/** WebKit's `hasWirelessPlaybackTargetAlternative`: a `<source>` other than the managed source's. */
function hasAirPlayAlternative(element: HTMLMediaElement): boolean {
  return [...element.querySelectorAll(':scope > source')].some((source) => !(source as HTMLSourceElement).src.startsWith('blob:'));
}

/** The media element playing `url`, looking into open shadow roots (`<p2p-video>` keeps its video there). */
function findMediaElement(root: Document | ShadowRoot, url: string | undefined): HTMLMediaElement | undefined {
  for (const element of root.querySelectorAll('*')) {
    if (element instanceof HTMLMediaElement && url !== undefined && element.currentSrc === url) return element;
    const inner = element.shadowRoot ? findMediaElement(element.shadowRoot, url) : undefined;
    if (inner) return inner;
  }
  return undefined;
}
