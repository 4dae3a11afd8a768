/**
 * Maps a `shaka.util.Error` onto a `PlayerError`. Codes are Shaka's stable numbers
 * (https://shaka-player-demo.appspot.com/docs/api/shaka.util.Error.html).
 */
import { MediaErrorCode, type PlayerError } from '../media-loader.js';
import { createPlayerError } from '../player-error.js';

/** The parts of `shaka.util.Error` read here. */
export interface ShakaErrorLike {
  code: number;
  category?: number;
  severity?: number;
  data?: unknown[];
  message?: string;
}

export const ShakaErrorCode = {
  UnsupportedScheme: 1000,
  BadHttpStatus: 1001,
  HttpError: 1002,
  Timeout: 1003,
  MalformedDataUri: 1004,
  RequestFilterError: 1006,
  UnableToGuessManifestType: 4000,
  DashInvalidXml: 4001,
  ContentUnsupportedByBrowser: 4032,
  LoadInterrupted: 7000,
  OperationAborted: 7001,
} as const;

const ShakaCategory = { Network: 1, Media: 3, Manifest: 4, Streaming: 5, Drm: 6 } as const;
/** `shaka.net.NetworkingEngine.RequestType.MANIFEST`. */
const MANIFEST_REQUEST = 0;
/** Shaka's severity of errors it has given up on. */
export const SHAKA_CRITICAL = 2;

export function isShakaError(value: unknown): value is ShakaErrorLike {
  return typeof value === 'object' && value !== null && typeof (value as ShakaErrorLike).code === 'number';
}

/** True for errors that only mean "you stopped this" (unload, destroy, a newer load()). */
export function isShakaInterruption(error: ShakaErrorLike): boolean {
  return error.code === ShakaErrorCode.LoadInterrupted || error.code === ShakaErrorCode.OperationAborted;
}

function networkError(error: ShakaErrorLike): PlayerError {
  const data = error.data ?? [];
  const url = String(data[0] ?? '');
  if (error.code === ShakaErrorCode.BadHttpStatus) {
    const status = Number(data[1]);
    if (data[4] !== MANIFEST_REQUEST) {
      return createPlayerError({ code: MediaErrorCode.Network, detail: 'network', message: `Segment request failed with HTTP ${status}: ${url}`, status });
    }
    if (status === 404) {
      return createPlayerError({ code: MediaErrorCode.SrcNotSupported, detail: 'manifest-not-found', message: `Manifest not found (404): ${url}`, status });
    }
    return createPlayerError({ code: MediaErrorCode.Network, detail: 'manifest-http-error', message: `Manifest request failed with HTTP ${status}: ${url}`, status });
  }
  if (error.code === ShakaErrorCode.HttpError && data[2] === MANIFEST_REQUEST) {
    return createPlayerError({
      code: MediaErrorCode.Network,
      detail: 'cors',
      message: `Manifest request failed without a response (CORS refusal or unreachable host): ${url}`,
      status: 0,
    });
  }
  if (error.code === ShakaErrorCode.UnsupportedScheme || error.code === ShakaErrorCode.MalformedDataUri) {
    return createPlayerError({ code: MediaErrorCode.SrcNotSupported, detail: 'invalid-src', message: `Cannot fetch ${url}` });
  }
  return createPlayerError({ code: MediaErrorCode.Network, detail: 'network', message: `Network error ${error.code} loading ${url}` });
}

/** The `PlayerError` for a Shaka error (from `load()` or a critical `error` event). */
export function mapShakaError(error: unknown): PlayerError {
  if (!isShakaError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return createPlayerError({ code: MediaErrorCode.Decode, detail: 'engine-error', message: `Shaka Player failed: ${message}` });
  }
  const { code } = error;
  if (error.category === ShakaCategory.Network || (code >= 1000 && code < 2000)) return networkError(error);
  if (code === ShakaErrorCode.ContentUnsupportedByBrowser) {
    return createPlayerError({ code: MediaErrorCode.SrcNotSupported, detail: 'unsupported-codec', message: 'This browser cannot decode any variant of the stream (Shaka 4032)' });
  }
  if (code === ShakaErrorCode.UnableToGuessManifestType || error.category === ShakaCategory.Manifest) {
    return createPlayerError({ code: MediaErrorCode.SrcNotSupported, detail: 'not-a-manifest', message: `Not a playable DASH manifest (Shaka ${code})` });
  }
  if (error.category === ShakaCategory.Media) {
    return createPlayerError({ code: MediaErrorCode.Decode, detail: 'media-error', message: `Media error (Shaka ${code})` });
  }
  if (error.category === ShakaCategory.Drm) {
    return createPlayerError({ code: MediaErrorCode.SrcNotSupported, detail: 'drm', message: `DRM error (Shaka ${code})` });
  }
  return createPlayerError({ code: MediaErrorCode.Decode, detail: 'engine-error', message: `Shaka Player error ${code}` });
}
