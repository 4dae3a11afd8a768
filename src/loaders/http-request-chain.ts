/**
 * The origin requests of the core pass, in order: the media element's `crossorigin`, the
 * engine's own request setup (hls.js `xhrSetup`/`fetchSetup`, Shaka request filters), then the
 * page's `p2p.httpRequest`. Each hook sees the request as the previous ones left it, so the
 * page's own hook has the last word.
 */
import type { HttpRequestChanges, HttpRequestHook, HttpRequestInfo } from '../p2p/config.js';
import { mergeHeaders } from '../p2p/http/origin-request.js';

/** One hook that runs `hooks` in order (undefined entries skipped); undefined when there are none. */
export function chainHttpRequestHooks(hooks: ReadonlyArray<HttpRequestHook | undefined>): HttpRequestHook | undefined {
  const list = hooks.filter((hook): hook is HttpRequestHook => typeof hook === 'function');
  if (list.length <= 1) return list[0];
  return async (request) => {
    let url = request.url;
    let headers: Record<string, string> = { ...request.headers };
    let credentials: HttpRequestChanges['credentials'];
    for (const hook of list) {
      const info: HttpRequestInfo = { url, headers: Object.freeze({ ...headers }) };
      if (request.byteRange) info.byteRange = request.byteRange;
      const changes = await hook(info);
      if (changes?.url) url = changes.url;
      headers = mergeHeaders(headers, changes?.headers || undefined);
      if (changes?.credentials) credentials = changes.credentials;
    }
    return credentials ? { url, headers, credentials } : { url, headers };
  };
}

/**
 * `crossorigin="use-credentials"` on the media element: the core's fetches send cookies too,
 * as the engine's own requests do (read per request: the attribute may change).
 */
export function mediaCredentialsHook(video: () => HTMLMediaElement | undefined): HttpRequestHook {
  return () => (video()?.crossOrigin === 'use-credentials' ? { credentials: 'include' } : undefined);
}
