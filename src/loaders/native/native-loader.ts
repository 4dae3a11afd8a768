/**
 * The browser's own player: `video.src = src`. No P2P (the browser fetches the segments itself),
 * no rendition list (the browser picks). Used for progressive files, where MSE is missing, or
 * when the page forces `engine="native"`.
 */
import type { P2PCore } from '../../p2p/p2p-core.js';
import { MediaErrorCode, PlayerErrorDetail, type EngineName, type MediaLoader, type MediaLoaderOptions, type PlayerError, type Rendition } from '../media-loader.js';
import { createPlayerError, invalidSrcError } from '../player-error.js';

const DETAIL_BY_CODE: Readonly<Record<MediaErrorCode, PlayerErrorDetail>> = {
  [MediaErrorCode.Aborted]: PlayerErrorDetail.Aborted,
  [MediaErrorCode.Network]: PlayerErrorDetail.Network,
  [MediaErrorCode.Decode]: PlayerErrorDetail.MediaError,
  [MediaErrorCode.SrcNotSupported]: PlayerErrorDetail.SrcNotSupported,
};

/** Maps the video's `MediaError` onto a `PlayerError`. */
export function fromMediaError(error: MediaError): PlayerError {
  const code = (error.code >= 1 && error.code <= 4 ? error.code : MediaErrorCode.Decode) as MediaErrorCode;
  return createPlayerError({
    code,
    detail: DETAIL_BY_CODE[code],
    message: error.message || `Media error ${error.code}`,
  });
}

export class NativeLoader implements MediaLoader {
  readonly name: EngineName = 'native';
  readonly p2p: P2PCore | undefined = undefined;
  readonly renditions: readonly Rendition[] = [];
  #options: MediaLoaderOptions;
  #destroyed = false;
  #onError = (): void => {
    const { error } = this.#options.video;
    if (error && !this.#destroyed) this.#options.emit('error', fromMediaError(error));
  };
  #onLoadedMetadata = (): void => {
    this.#options.emit('live', { isLive: this.#options.video.duration === Infinity });
  };

  constructor(options: MediaLoaderOptions) {
    this.#options = options;
  }

  get engine(): HTMLVideoElement {
    return this.#options.video;
  }

  /** Always -1: the browser chooses the rendition. Setting it is ignored. */
  get selectedRendition(): number {
    return -1;
  }

  set selectedRendition(_index: number) {
    // The browser's own HLS player exposes no rendition control.
  }

  async load(): Promise<void> {
    if (this.#destroyed) return;
    const invalid = invalidSrcError(this.#options.src);
    if (invalid) {
      this.#options.emit('error', invalid);
      return;
    }
    const { video } = this.#options;
    video.addEventListener('error', this.#onError);
    video.addEventListener('loadedmetadata', this.#onLoadedMetadata);
    video.src = this.#options.src;
    video.load();
    this.#options.emit('sourceloading', { src: this.#options.src });
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    const { video } = this.#options;
    video.removeEventListener('error', this.#onError);
    video.removeEventListener('loadedmetadata', this.#onLoadedMetadata);
    video.removeAttribute('src');
    video.load();
  }
}

