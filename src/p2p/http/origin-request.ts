import type { HttpRequestChanges, HttpRequestHook, HttpRequestInfo } from '../config.js';
import type { Clock } from '../deps.js';
import { P2PError, P2PErrorCode, isAbortError } from '../errors.js';
import type { ByteRange, ProgressCallback } from '../segment.js';
import { platform, type AbortSignalLike, type FetchInit, type FetchLike, type FetchResponseLike } from '../util/platform.js';
import { abortError } from '../util/wait.js';

export interface OriginRequest {
  url: string;
  byteRange?: ByteRange;
  /** Bytes of the segment already held (a P2P prefix): only the rest is requested. */
  offsetBytes?: number;
  signal?: AbortSignalLike;
  onProgress?: ProgressCallback;
}

export interface OriginRequestPorts {
  fetch: FetchLike;
  clock: Clock;
  timeoutMs: number;
}

/** What the origin answered, with the timings ABR needs. */
export interface OriginResponse {
  /** The requested bytes (the part after `offsetBytes`). */
  bytes: Uint8Array;
  startMs: number;
  firstByteMs: number;
  endMs: number;
}

/**
 * The one rule for "the origin is in trouble": a 5xx answer, or no answer at all (timeout,
 * network error). A 4xx is the request's fault and an abort nobody's: neither is worth a retry
 * or a health probe.
 */
export function isOutageStatus(status: number | undefined): boolean {
  return status === undefined || status >= 500;
}

/** `isOutageStatus` for a failed `requestFromOrigin()`. */
export function isOriginOutage(error: unknown): boolean {
  if (isAbortError(error) || !(error instanceof P2PError)) return false;
  return isOutageStatus(error.status);
}

/**
 * One HTTP request for (the rest of) a segment: a Range header, a timeout, streamed progress.
 * No retries: the scheduler decides those, since it knows whether a peer can serve instead.
 * Throws `P2PError` (`http-error` with `status`, or `http-timeout`) or an AbortError.
 */
export async function requestFromOrigin(request: OriginRequest, ports: OriginRequestPorts): Promise<OriginResponse> {
  const { clock, timeoutMs } = ports;
  if (request.signal?.aborted) throw abortError();
  const controller = new platform.AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort();
  request.signal?.addEventListener('abort', onAbort);
  const timer = clock.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const startMs = clock.now();
  // Called unbound: `window.fetch` throws "Illegal invocation" when called as a method of another object.
  const fetchSegment = ports.fetch;
  try {
    const response = await fetchSegment(request.url, { headers: rangeHeader(request), signal: controller.signal });
    const firstByteMs = clock.now();
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw new P2PError({
        code: P2PErrorCode.HttpError,
        message: `HTTP ${response.status} for ${request.url}`,
        status: response.status,
        fatal: isOutageStatus(response.status),
      });
    }
    const body = await readBody(response, request.onProgress);
    return { bytes: sliceIgnoredRange(response.status, body, request), startMs, firstByteMs, endMs: clock.now() };
  } catch (error) {
    if (timedOut) throw new P2PError({ code: P2PErrorCode.HttpTimeout, message: `HTTP timeout after ${timeoutMs} ms for ${request.url}`, fatal: true });
    if (request.signal?.aborted) throw abortError();
    if (error instanceof P2PError) throw error;
    throw new P2PError({ code: P2PErrorCode.HttpError, message: `Network error for ${request.url}: ${String(error)}`, cause: error, fatal: true });
  } finally {
    clock.clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}

function rangeHeader({ byteRange, offsetBytes = 0 }: OriginRequest): Record<string, string> {
  if (byteRange) return { Range: `bytes=${byteRange.start + offsetBytes}-${byteRange.end - 1}` };
  if (offsetBytes > 0) return { Range: `bytes=${offsetBytes}-` };
  return {};
}

/** A server that ignores `Range` answers 200 with the whole file: cut out what was asked for. */
function sliceIgnoredRange(status: number, body: Uint8Array, { byteRange, offsetBytes = 0 }: OriginRequest): Uint8Array {
  if (status !== 200 || (!byteRange && offsetBytes === 0)) return body;
  const start = (byteRange?.start ?? 0) + offsetBytes;
  return body.subarray(start, byteRange?.end ?? body.byteLength);
}

async function readBody(response: FetchResponseLike, onProgress?: ProgressCallback): Promise<Uint8Array> {
  const lengthHeader = Number(response.headers.get('content-length'));
  const total = Number.isFinite(lengthHeader) && lengthHeader > 0 ? lengthHeader : undefined;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const result = await reader.read();
    if (result.done) break;
    chunks.push(result.value);
    loaded += result.value.byteLength;
    onProgress?.(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** `fetch`'s init as the hook may shape it (the core's own `FetchInit` carries no credentials). */
type HookedInit = FetchInit & { credentials?: HttpRequestChanges['credentials'] };

/**
 * `fetch` with the config's `httpRequest` hook applied to every call: the core's one fetch port
 * goes through here (segments, health probes, the integrity file), so no origin request can skip
 * the page's signing, headers or credentials. Without a hook, `fetch` itself.
 */
export function withHttpRequestHook(fetch: FetchLike, hook: HttpRequestHook | undefined): FetchLike {
  if (!hook) return fetch;
  return async (url, init) => {
    const headers = { ...(init?.headers as Record<string, string> | undefined) };
    const info: HttpRequestInfo = { url, headers: Object.freeze({ ...headers }) };
    const byteRange = rangeOfHeader(headers.Range ?? headers.range);
    if (byteRange) info.byteRange = byteRange;
    let changes: HttpRequestChanges | void;
    try {
      changes = await hook(info);
    } catch (error) {
      throw new P2PError({ code: P2PErrorCode.HttpError, message: `httpRequest hook failed for ${url}: ${String(error)}`, cause: error });
    }
    const next: HookedInit = { ...init, headers: mergeHeaders(headers, changes?.headers) };
    if (changes?.credentials) next.credentials = changes.credentials;
    if (init?.signal?.aborted) throw abortError();
    return fetch(changes?.url ?? url, next);
  };
}

/** `bytes=a-b` (b inclusive) as an end-exclusive range; `bytes=a-` has no end. */
function rangeOfHeader(header: string | undefined): HttpRequestInfo['byteRange'] {
  const match = /^bytes=(\d+)-(\d*)$/.exec(header ?? '');
  if (!match) return undefined;
  return match[2] === '' ? { start: Number(match[1]) } : { start: Number(match[1]), end: Number(match[2]) + 1 };
}

/** `extra` over `base`; header names match case-insensitively (a hook's `range` replaces the core's `Range`). */
export function mergeHeaders(base: Readonly<Record<string, string>>, extra: Readonly<Record<string, string>> | undefined): Record<string, string> {
  if (!extra) return { ...base };
  const replaced = new Set(Object.keys(extra).map((name) => name.toLowerCase()));
  const kept = Object.entries(base).filter(([name]) => !replaced.has(name.toLowerCase()));
  return { ...Object.fromEntries(kept), ...extra };
}

/** No origin answer and no peer with the segment: the player's load fails (its retries may follow). */
export function originUnreachable(segmentId: string): P2PError {
  return new P2PError({ code: P2PErrorCode.HttpError, message: `Origin unreachable and no peer has segment ${segmentId}`, fatal: true });
}
