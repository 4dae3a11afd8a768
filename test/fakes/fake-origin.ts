/** A fake `fetch` serving deterministic segment bytes, counting requests per URL. */
export class FakeOrigin {
  readonly requests: Array<{ url: string; range: string | null; atMs: number }> = [];
  /** URL → HTTP status to answer instead of 200. */
  readonly failures = new Map<string, number>();
  /** While set, every request is answered with this status (an origin outage). */
  outageStatus: number | undefined;
  /** Stamps requests (the harness passes its fake clock). */
  now: () => number = () => 0;

  static bytesFor(url: string, size = 100_000): Uint8Array {
    const bytes = new Uint8Array(size);
    let seed = 0;
    for (const char of url) seed = (seed * 31 + char.charCodeAt(0)) >>> 0;
    for (let i = 0; i < size; i++) bytes[i] = (seed + i * 7) & 0xff;
    return bytes;
  }

  count(url: string): number {
    return this.requests.filter((request) => request.url === url).length;
  }

  readonly fetch = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    const range = headers.get('range');
    this.requests.push({ url, range, atMs: this.now() });
    if (init?.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    const status = this.outageStatus ?? this.failures.get(url);
    if (status) return new Response('nope', { status });
    const body = FakeOrigin.bytesFor(url);
    const match = range && /^bytes=(\d+)-(\d*)$/.exec(range);
    if (match) {
      const start = Number(match[1]);
      const end = match[2] ? Number(match[2]) + 1 : body.byteLength;
      return new Response(body.slice(start, end), { status: 206 });
    }
    return new Response(body, { status: 200, headers: { 'content-length': String(body.byteLength) } });
  }) as typeof fetch;
}
