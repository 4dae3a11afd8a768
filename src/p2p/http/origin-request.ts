import type { Clock } from '../deps.js';
import { P2PError, P2PErrorCode } from '../errors.js';
import type { ByteRange, ProgressCallback } from '../segment.js';
import { abortError } from '../util/wait.js';

type FetchFunction = typeof globalThis.fetch;

export interface HttpLoaderOptions {
  fetch: FetchFunction;
  clock: Clock;
  timeoutMs: number;
  /** Retries of 5xx/network failures. @default 2 */
  maxRetries?: number;
  /** First backoff; doubles each retry. @default 500 */
  retryDelayMs?: number;
}

export interface HttpLoadRequest {
  url: string;
  byteRange?: ByteRange;
  /** Bytes of the segment already held (a P2P prefix): only the rest is requested. */
  offsetBytes?: number;
  signal?: AbortSignal;
  /** Absolute clock time after which no retry starts. */
  deadlineMs?: number;
  onProgress?: ProgressCallback;
}

export interface HttpLoadResult {
  /** The requested bytes (the part after `offsetBytes`). */
  bytes: Uint8Array;
  startMs: number;
  firstByteMs: number;
  endMs: number;
}


/** Segment fetches over HTTP: Range requests, timeout, streamed progress, bounded retries with backoff. */
export class HttpLoader {
  readonly #fetch: FetchFunction;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #retryDelayMs: number;

  constructor({ fetch, clock, timeoutMs, maxRetries = 2, retryDelayMs = 500 }: HttpLoaderOptions) {
    this.#fetch = fetch;
    this.#clock = clock;
    this.#timeoutMs = timeoutMs;
    this.#maxRetries = maxRetries;
    this.#retryDelayMs = retryDelayMs;
  }

  async load(request: HttpLoadRequest): Promise<HttpLoadResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#attempt(request);
      } catch (error) {
        const delayMs = this.#retryDelayMs * 2 ** attempt;
        const pastDeadline = request.deadlineMs !== undefined && this.#clock.now() + delayMs > request.deadlineMs;
        if (!(error instanceof P2PError) || !isRetryable(error) || attempt >= this.#maxRetries || pastDeadline) throw error;
        await this.#sleep(delayMs, request.signal);
      }
    }
  }

  async #attempt(request: HttpLoadRequest): Promise<HttpLoadResult> {
    if (request.signal?.aborted) throw abortError();
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort();
    request.signal?.addEventListener('abort', onAbort);
    const timer = this.#clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#timeoutMs);
    const startMs = this.#clock.now();
    try {
      const response = await this.#fetch(request.url, { headers: rangeHeader(request), signal: controller.signal });
      const firstByteMs = this.#clock.now();
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        throw new P2PError({
          code: P2PErrorCode.HttpError,
          message: `HTTP ${response.status} for ${request.url}`,
          status: response.status,
          fatal: response.status >= 500,
        });
      }
      const body = await readBody(response, request.onProgress);
      return { bytes: sliceIgnoredRange(response.status, body, request), startMs, firstByteMs, endMs: this.#clock.now() };
    } catch (error) {
      if (timedOut) throw new P2PError({ code: P2PErrorCode.HttpTimeout, message: `HTTP timeout after ${this.#timeoutMs} ms for ${request.url}`, fatal: true });
      if (request.signal?.aborted) throw abortError();
      if (error instanceof P2PError) throw error;
      throw new P2PError({ code: P2PErrorCode.HttpError, message: `Network error for ${request.url}: ${String(error)}`, cause: error, fatal: true });
    } finally {
      this.#clock.clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }

  #sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.#clock.clearTimeout(timer);
        reject(abortError());
      };
      const timer = this.#clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** 5xx, timeouts and network errors are worth a retry; 4xx are not. */
function isRetryable(error: P2PError): boolean {
  return error.status === undefined || error.status >= 500;
}

function rangeHeader({ byteRange, offsetBytes = 0 }: HttpLoadRequest): Record<string, string> {
  if (byteRange) return { Range: `bytes=${byteRange.start + offsetBytes}-${byteRange.end - 1}` };
  if (offsetBytes > 0) return { Range: `bytes=${offsetBytes}-` };
  return {};
}

/** A server that ignores `Range` answers 200 with the whole file: cut out what was asked for. */
function sliceIgnoredRange(status: number, body: Uint8Array, { byteRange, offsetBytes = 0 }: HttpLoadRequest): Uint8Array {
  if (status !== 200 || (!byteRange && offsetBytes === 0)) return body;
  const start = (byteRange?.start ?? 0) + offsetBytes;
  return body.subarray(start, byteRange?.end ?? body.byteLength);
}

async function readBody(response: Response, onProgress?: ProgressCallback): Promise<Uint8Array> {
  const lengthHeader = Number(response.headers.get('content-length'));
  const total = Number.isFinite(lengthHeader) && lengthHeader > 0 ? lengthHeader : undefined;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
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
