/**
 * The hls.js loader contract of the P2P fragment loader, against a scripted core (the real core
 * and hls.js run in p2p-loaders.test.ts; these pin the callback and stats rules hls.js relies on).
 */
import type { Fragment, FragmentLoaderContext, HlsConfig, LoaderCallbacks, LoaderConfiguration, LoaderStats } from 'hls.js';
import { P2PError } from '../../../../src/p2p/errors.js';
import type { LoadOptions, SegmentRequest, SegmentResponse } from '../../../../src/p2p/segment.js';
import { applyTiming, createP2PFragmentPlugin } from '../../../../src/loaders/hlsjs/hlsjs-fragment-plugin.js';
import { assert, assertEqual, waitFor } from '../loader-test-helpers.js';

const request: SegmentRequest = { stream: { id: 'main|640x360', type: 'main', isLive: false }, segment: { id: '3', url: 'http://127.0.0.1/seg-3.ts', startTime: 6, duration: 2 } };
const context = { url: 'http://127.0.0.1/seg-3.ts', responseType: 'arraybuffer', type: 'media-fragment', frag: {} as Fragment, part: null } as unknown as FragmentLoaderContext;
const loaderConfig = { loadPolicy: { maxTimeToFirstByteMs: 10000, maxLoadTimeMs: 10000, timeoutRetry: null, errorRetry: null }, timeout: 10000, maxRetry: 0, retryDelay: 0, maxRetryDelay: 0 } as LoaderConfiguration;

function recorder(): { calls: string[]; callbacks: LoaderCallbacks<FragmentLoaderContext>; data: Array<ArrayBuffer | string> } {
  const calls: string[] = [];
  const data: Array<ArrayBuffer | string> = [];
  return {
    calls,
    data,
    callbacks: {
      onSuccess: (response) => (calls.push('success'), data.push(response.data as ArrayBuffer)),
      onError: (error) => calls.push(`error:${error.code}`),
      onTimeout: () => calls.push('timeout'),
      onAbort: () => calls.push('abort'),
      onProgress: (_stats, _context, payload) => (calls.push('progress'), data.push(payload)),
    },
  };
}

function loaderWith(loadSegment: (r: SegmentRequest, o?: LoadOptions) => Promise<SegmentResponse>) {
  const Loader = createP2PFragmentPlugin({ core: async () => ({ loadSegment }), requestFor: () => request });
  return new Loader({} as HlsConfig);
}

describe('hls.js P2P fragment loader contract', () => {
  it('delivers the payload by onProgress then onSuccess, with loaded === total', async () => {
    const bytes = new Uint8Array(5000).buffer;
    const loader = loaderWith(async () => ({ data: bytes, source: 'p2p', excludeFromBandwidth: false, timing: { startMs: 0, firstByteMs: 100, endMs: 1000 } }));
    const r = recorder();
    loader.load(context, loaderConfig, r.callbacks);
    await waitFor(() => r.calls.length >= 2, { what: 'callbacks' });
    assertEqual(r.calls.join(','), 'progress,success', 'callback order');
    assertEqual(r.data[0], bytes, 'payload in onProgress');
    assertEqual(loader.stats.loaded, 5000, 'stats.loaded');
    assertEqual(loader.stats.total, 5000, 'stats.total');
    const { start, first, end } = loader.stats.loading;
    assert(Math.abs(end - start - 1000) < 1, `reported duration is the core's 1000 ms (got ${end - start})`);
    assert(Math.abs(first - start - 100) < 1, `time to first byte is the core's 100 ms (got ${first - start})`);
  });

  it('an abort calls onAbort, never onError, and aborts the core request', async () => {
    let signal: AbortSignal | undefined;
    const loader = loaderWith((_r, o) => {
      signal = o?.signal;
      return new Promise((_resolve, reject) => o?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    });
    const r = recorder();
    loader.load(context, loaderConfig, r.callbacks);
    // The core is awaited first (it may still be starting): abort once the request reached it.
    await waitFor(() => signal !== undefined, { what: 'the request reaching the core' });
    loader.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assertEqual(r.calls.join(','), 'abort', 'only onAbort');
    assertEqual(signal?.aborted, true, 'core request aborted');
    assertEqual(loader.stats.aborted, true, 'stats.aborted');
  });

  it('a core failure goes to onError with the HTTP status, so hls.js can retry', async () => {
    const loader = loaderWith(async () => {
      throw new P2PError({ code: 'http-error', message: 'HTTP 503', status: 503 });
    });
    const r = recorder();
    loader.load(context, loaderConfig, r.callbacks);
    await waitFor(() => r.calls.length > 0, { what: 'onError' });
    assertEqual(r.calls.join(','), 'error:503', 'onError with status');
  });

  it('an abort while the core is still starting calls onAbort once and never loads through it', async () => {
    let startCore: (core: { loadSegment: () => Promise<SegmentResponse> } | undefined) => void = () => undefined;
    let loads = 0;
    const Loader = createP2PFragmentPlugin({
      core: () => new Promise((resolve) => (startCore = resolve)),
      requestFor: () => request,
    });
    const loader = new Loader({} as HlsConfig);
    const r = recorder();
    loader.load(context, loaderConfig, r.callbacks);
    loader.abort();
    startCore({ loadSegment: async () => (loads++, Promise.reject(new Error('must not be called'))) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assertEqual(r.calls.join(','), 'abort', 'only onAbort');
    assertEqual(loads, 0, 'the core was not asked for the aborted fragment');
  });

  it('a core that could not start: the fragment goes to hls.js\' own loader, which fills the stats hls.js holds', async () => {
    const delegated: Array<{ stats: LoaderStats; url: string }> = [];
    class HttpLoader {
      stats = { loading: { start: 0, first: 0, end: 0 } } as LoaderStats;
      load(ctx: FragmentLoaderContext, _config: LoaderConfiguration, callbacks: LoaderCallbacks<FragmentLoaderContext>): void {
        assertEqual(this.stats.loading.start, 0, 'the delegate gets a stats object that has not started');
        delegated.push({ stats: this.stats, url: ctx.url });
        callbacks.onSuccess({ url: ctx.url, data: new ArrayBuffer(8) }, this.stats, ctx, null);
      }
      abort(): void {}
      destroy(): void {}
    }
    const Loader = createP2PFragmentPlugin({ core: async () => undefined, requestFor: () => request });
    const loader = new Loader({ loader: HttpLoader } as unknown as HlsConfig);
    const heldByHls = loader.stats; // hls.js sets frag.stats = loader.stats before load()
    const r = recorder();
    loader.load(context, loaderConfig, r.callbacks);
    await waitFor(() => r.calls.length > 0, { what: 'onSuccess from the HTTP loader' });
    assertEqual(r.calls.join(','), 'success', 'loaded over HTTP');
    assertEqual(delegated[0]?.stats, heldByHls, 'the delegate filled the stats object hls.js holds');
  });

  it('applyTiming moves the start back so an instant peer hit does not look infinitely fast', () => {
    const stats = { loading: { start: 5000, first: 0, end: 0 }, loaded: 0, total: 0 } as LoaderStats;
    applyTiming({ stats, timing: { startMs: 10, firstByteMs: 60, endMs: 810 }, bytes: 100000, nowMs: 5005 });
    assertEqual(stats.loading.end, 5005, 'end is now');
    assertEqual(stats.loading.start, 4205, 'start = now - 800 ms');
    assertEqual(stats.loading.first, 4255, 'first = start + 50 ms');
    assertEqual(Math.round(stats.bwEstimate), 1066667, 'bandwidth: 800,000 bits over 750 ms of transfer');
  });

  it('applyTiming leaves the time a demand waited for the swarm out of the bandwidth hls.js measures (regression: waits stepped ABR down)', () => {
    // Requested at 1000, waited 6 s for a peer, then an HTTP transfer of 100 ms.
    const stats = { loading: { start: 1000, first: 0, end: 0 }, loaded: 0, total: 0 } as LoaderStats;
    applyTiming({ stats, timing: { startMs: 6900, firstByteMs: 6910, endMs: 7000 }, bytes: 100000, nowMs: 7000 });
    assertEqual(stats.loading.start, 6900, 'start = now - the transfer, not the request time');
    assertEqual(stats.loading.end - stats.loading.start, 100, 'hls.js sees a 100 ms load');
  });
});
