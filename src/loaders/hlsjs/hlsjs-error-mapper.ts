/**
 * Maps a fatal hls.js `ERROR` event onto a `PlayerError`. String literals instead of hls.js'
 * `ErrorDetails` enum so this module needs no runtime import of hls.js.
 */
import type { ErrorData } from 'hls.js';
import { MediaErrorCode, type PlayerError } from '../media-loader.js';
import { createPlayerError } from '../player-error.js';

const MANIFEST_LOAD = new Set(['manifestLoadError']);
const NOT_A_MANIFEST = new Set(['manifestParsingError', 'levelEmptyError', 'levelParsingError']);
const UNSUPPORTED_CODEC = new Set(['manifestIncompatibleCodecsError', 'bufferAddCodecError', 'bufferIncompatibleCodecsError']);
const TIMEOUTS = new Set(['manifestLoadTimeOut', 'levelLoadTimeOut', 'fragLoadTimeOut', 'audioTrackLoadTimeOut', 'keyLoadTimeOut']);

/** The HTTP status hls.js saw (0 = no response: CORS refusal, connection refused, offline). */
function statusOf(data: ErrorData): number | undefined {
  const code = data.response?.code;
  return typeof code === 'number' ? code : undefined;
}

function manifestLoadError(data: ErrorData): PlayerError {
  const status = statusOf(data) ?? 0;
  const url = data.url ?? data.context?.url ?? 'the manifest';
  if (status === 404) {
    return createPlayerError({ code: MediaErrorCode.SrcNotSupported, detail: 'manifest-not-found', message: `Manifest not found (404): ${url}`, status });
  }
  if (status === 0) {
    return createPlayerError({
      code: MediaErrorCode.Network,
      detail: 'cors',
      message: `Manifest request failed without a response (CORS refusal or unreachable host): ${url}`,
      status,
    });
  }
  return createPlayerError({ code: MediaErrorCode.Network, detail: 'manifest-http-error', message: `Manifest request failed with HTTP ${status}: ${url}`, status });
}

/** The `PlayerError` for a fatal hls.js error. */
export function mapHlsError(data: ErrorData): PlayerError {
  const { details, type } = data;
  const reason = data.error?.message ?? data.reason ?? details;
  if (MANIFEST_LOAD.has(details)) return manifestLoadError(data);
  if (NOT_A_MANIFEST.has(details)) {
    return createPlayerError({ code: MediaErrorCode.SrcNotSupported, detail: 'not-a-manifest', message: `Not an HLS playlist: ${reason}` });
  }
  if (UNSUPPORTED_CODEC.has(details)) {
    return createPlayerError({ code: MediaErrorCode.SrcNotSupported, detail: 'unsupported-codec', message: `This browser cannot decode the stream: ${reason}` });
  }
  if (TIMEOUTS.has(details)) {
    return createPlayerError({ code: MediaErrorCode.Network, detail: 'network', message: `Timed out loading media (${details})`, status: statusOf(data) });
  }
  if (type === 'networkError') {
    return createPlayerError({ code: MediaErrorCode.Network, detail: 'network', message: `Network error (${details}): ${reason}`, status: statusOf(data) });
  }
  if (type === 'mediaError' || type === 'muxError') {
    return createPlayerError({ code: MediaErrorCode.Decode, detail: 'media-error', message: `Media error (${details}): ${reason}` });
  }
  if (type === 'keySystemError') {
    return createPlayerError({ code: MediaErrorCode.SrcNotSupported, detail: 'drm', message: `DRM error (${details}): ${reason}` });
  }
  return createPlayerError({ code: MediaErrorCode.Decode, detail: 'engine-error', message: `hls.js error (${details}): ${reason}` });
}
