/**
 * The page's hls.js request setup (`xhrSetup`, `fetchSetup`) applied to the core's origin
 * fetches, so a signed URL, an auth header or `withCredentials` that hls.js would have used for
 * a segment also applies when the core fetches it. hls.js' own loaders call them per request
 * (xhr-loader.ts / fetch-loader.ts in hls.js 1.7); here they run on stand-ins: an XHR-shaped
 * recorder, and the `initParams` hls.js' fetch loader passes.
 */
import type { HlsConfig, LoaderContext } from 'hls.js';
import type { HttpRequestChanges, HttpRequestHook, HttpRequestInfo } from '../../p2p/config.js';
import { chainHttpRequestHooks } from '../http-request-chain.js';

/**
 * Records what an `xhrSetup` does to its XHR: `open()` (another URL), `setRequestHeader()`,
 * `withCredentials`. Everything else an XHR has is a no-op: nothing is sent.
 */
class XhrRecorder {
  readyState = 0;
  withCredentials = false;
  responseType = '';
  timeout = 0;
  url: string;
  readonly headers: Record<string, string> = {};

  constructor(url: string) {
    this.url = url;
  }

  open(_method: string, url: string | URL): void {
    this.url = String(url);
    this.readyState = 1;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  overrideMimeType(): void {}
  addEventListener(): void {}
  removeEventListener(): void {}
}

/** What hls.js' loaders get as `context` for a segment of this request. */
function loaderContext(request: HttpRequestInfo): LoaderContext {
  const { start = 0, end = 0 } = request.byteRange ?? {};
  return { url: request.url, responseType: 'arraybuffer', rangeStart: start, rangeEnd: end, headers: { ...request.headers } } as LoaderContext;
}

function viaXhrSetup(xhrSetup: NonNullable<HlsConfig['xhrSetup']>): HttpRequestHook {
  return async (request) => {
    const xhr = new XhrRecorder(request.url);
    await xhrSetup(xhr as unknown as XMLHttpRequest, request.url, loaderContext(request));
    const changes: HttpRequestChanges = { url: xhr.url, headers: xhr.headers };
    if (xhr.withCredentials) changes.credentials = 'include';
    return changes;
  };
}

function viaFetchSetup(fetchSetup: NonNullable<HlsConfig['fetchSetup']>): HttpRequestHook {
  return async (request) => {
    // As hls.js' fetch-loader.ts getRequestParameters(): its defaults, so a setup that returns
    // `new Request(context.url, initParams)` changes nothing.
    const initParams = { method: 'GET', mode: 'cors', credentials: 'same-origin', headers: new Headers(request.headers) };
    const result = await fetchSetup(loaderContext(request), initParams);
    const headers: Record<string, string> = {};
    result.headers.forEach((value, name) => (headers[name] = value));
    // Names come back lower-cased from Headers; mergeHeaders() matches them case-insensitively.
    const changes: HttpRequestChanges = { url: result.url, headers };
    if (result.credentials !== 'same-origin') changes.credentials = result.credentials;
    return changes;
  };
}

/** The hook for an hls.js config's `xhrSetup` and `fetchSetup` (in that order), or undefined without either. */
export function hlsRequestSetup(config: Partial<HlsConfig> | undefined): HttpRequestHook | undefined {
  const { xhrSetup, fetchSetup } = config ?? {};
  return chainHttpRequestHooks([xhrSetup ? viaXhrSetup(xhrSetup) : undefined, fetchSetup ? viaFetchSetup(fetchSetup) : undefined]);
}
