/**
 * The origin/CDN behind the `fetch` port: answers after the viewer's round trip plus the CDN's
 * service time, then streams the body at the viewer's downlink (shared with its peer downloads).
 * Counts the bytes it sends per segment, Range requests included. Unlimited capacity: a CDN.
 */
import type { AccessLink } from './access-link.ts';
import type { SimClock } from './sim-clock.ts';
import type { SimStream } from './sim-stream.ts';

function abortError(): Error {
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}

export class SimOrigin {
  readonly #clock: SimClock;
  readonly #stream: SimStream;
  readonly #serviceMs: number;
  /** Wire bytes sent per segment key (`rendition/seq`). */
  readonly bytesBySegment = new Map<string, number>();
  bytes = 0;
  requests = 0;

  constructor(options: { clock: SimClock; stream: SimStream; serviceMs: number }) {
    this.#clock = options.clock;
    this.#stream = options.stream;
    this.#serviceMs = options.serviceMs;
  }

  /** Time until a playlist (a small response) arrives at a viewer, ms. */
  playlistMs(link: AccessLink): number {
    return 2 * link.latencyMs + this.#serviceMs;
  }

  /** A `fetch` bound to one viewer's link. */
  fetchFor(link: AccessLink): typeof fetch {
    return ((input: string | URL, init?: RequestInit) => this.#fetch(link, String(input), init)) as typeof fetch;
  }

  #fetch(link: AccessLink, url: string, init: RequestInit = {}): Promise<Response> {
    const signal = init.signal ?? undefined;
    const target = this.#stream.parseUrl(url);
    const published = target && (!this.#stream.scenario.isLive || this.#stream.publishedAtMs(target.seq) <= this.#clock.now());
    const range = parseRange(headerOf(init.headers, 'range'));
    this.requests++;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const firstByteMs = this.#clock.now() + 2 * link.latencyMs + this.#serviceMs;
      const onAbort = () => {
        this.#clock.clearTimeout(timer);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = this.#clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        if (!target || !published) return resolve(emptyResponse(404));
        const payload = this.#stream.payload(target.rendition, target.seq);
        const start = Math.min(range?.start ?? 0, payload.byteLength);
        const end = Math.min(range?.end ?? payload.byteLength, payload.byteLength);
        const body = payload.subarray(start, end);
        const key = `${target.rendition}/${target.seq}`;
        resolve(this.#bodyResponse({ link, body, key, status: range ? 206 : 200, firstByteMs, signal }));
      }, firstByteMs - this.#clock.now());
    });
  }

  /** A Response-shaped object whose body arrives at the downlink's pace (what `HttpLoader` reads). */
  #bodyResponse(options: { link: AccessLink; body: Uint8Array; key: string; status: number; firstByteMs: number; signal: AbortSignal | undefined }): Response {
    const { link, body, key, status, firstByteMs, signal } = options;
    const wire = body.byteLength * this.#stream.scenario.payloadScale;
    const endMs = link.download(wire, { firstByteMs });
    let done = false;
    const count = (share: number) => {
      const bytes = Math.round(wire * share);
      this.bytes += bytes;
      link.originBytes += bytes;
      this.bytesBySegment.set(key, (this.bytesBySegment.get(key) ?? 0) + bytes);
    };
    const read = (): Promise<{ done: boolean; value?: Uint8Array }> => {
      if (done) return Promise.resolve({ done: true });
      done = true;
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(abortError());
        const onAbort = () => {
          this.#clock.clearTimeout(timer);
          count(Math.max(0, Math.min(1, (this.#clock.now() - firstByteMs) / Math.max(1, endMs - firstByteMs))));
          reject(abortError());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const timer = this.#clock.setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          count(1);
          resolve({ done: false, value: body.slice() });
        }, endMs - this.#clock.now());
      });
    };
    const headers = { get: (name: string) => (name.toLowerCase() === 'content-length' ? String(body.byteLength) : null) };
    const response = {
      ok: status >= 200 && status < 300,
      status,
      headers,
      body: { getReader: () => ({ read }), cancel: async () => { done = true; } },
      arrayBuffer: async () => {
        const chunk = await read();
        return (chunk.value ?? new Uint8Array(0)).buffer;
      },
    };
    return response as unknown as Response;
  }
}

function emptyResponse(status: number): Response {
  return { ok: false, status, headers: { get: () => null }, body: { cancel: async () => {} }, arrayBuffer: async () => new ArrayBuffer(0) } as unknown as Response;
}

/** A request header from the plain-object headers the core sends. */
function headerOf(headers: HeadersInit | undefined, name: string): string | null {
  if (!headers || Array.isArray(headers) || headers instanceof Headers) return headers ? new Headers(headers).get(name) : null;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? null : (headers as Record<string, string>)[key]!;
}

/** `bytes=a-b` / `bytes=a-` → end-exclusive range. */
function parseRange(header: string | null): { start: number; end?: number } | undefined {
  const match = header ? /^bytes=(\d+)-(\d*)$/.exec(header) : null;
  if (!match) return undefined;
  return { start: Number(match[1]), end: match[2] ? Number(match[2]) + 1 : undefined };
}
