import { test } from 'node:test';
import assert from 'node:assert/strict';
import { P2PError, isAbortError } from '../../../../src/p2p/errors.ts';
import { isOriginOutage, isOutageStatus, requestFromOrigin, mergeHeaders, withHttpRequestHook } from '../../../../src/p2p/http/origin-request.ts';
import { FakeClock, flush } from '../../../fakes/fake-clock.ts';
import { FakeOrigin } from '../../../fakes/fake-origin.ts';

const URL_A = 'https://origin.test/v/seg1.m4s';

function setup() {
  const clock = new FakeClock();
  const origin = new FakeOrigin();
  origin.now = () => clock.now();
  return { clock, origin, ports: { fetch: origin.fetch, clock, timeoutMs: 5000 } };
}

test('a whole segment: bytes, no Range header, timings from the clock, progress to the end', async () => {
  const { origin, ports } = setup();
  const progress: number[] = [];
  const response = await requestFromOrigin({ url: URL_A, onProgress: (loaded) => progress.push(loaded) }, ports);
  assert.deepEqual(response.bytes, FakeOrigin.bytesFor(URL_A));
  assert.equal(origin.requests[0]!.range, null);
  assert.ok(response.startMs <= response.firstByteMs && response.firstByteMs <= response.endMs);
  assert.equal(progress.at(-1), response.bytes.byteLength);
});

test('a byte range and a peer prefix become one Range header (end inclusive)', async () => {
  const { origin, ports } = setup();
  const whole = FakeOrigin.bytesFor(URL_A);
  const ranged = await requestFromOrigin({ url: URL_A, byteRange: { start: 100, end: 200 }, offsetBytes: 40 }, ports);
  assert.equal(origin.requests[0]!.range, 'bytes=140-199');
  assert.deepEqual(ranged.bytes, whole.subarray(140, 200));
  const rest = await requestFromOrigin({ url: URL_A, offsetBytes: 1000 }, ports);
  assert.equal(origin.requests[1]!.range, 'bytes=1000-');
  assert.deepEqual(rest.bytes, whole.subarray(1000));
});

test('a server that ignores Range (200 with the whole file): the asked-for part is cut out', async () => {
  const whole = FakeOrigin.bytesFor(URL_A);
  const clock = new FakeClock();
  const ignoresRange = (async () => new Response(whole.slice(), { status: 200 })) as unknown as typeof fetch;
  const response = await requestFromOrigin({ url: URL_A, byteRange: { start: 10, end: 20 } }, { fetch: ignoresRange, clock, timeoutMs: 5000 });
  assert.deepEqual(response.bytes, whole.subarray(10, 20));
});

test('HTTP errors carry the status; 5xx is an outage and fatal, 4xx neither', async () => {
  const { origin, ports } = setup();
  origin.failures.set(URL_A, 503);
  const outage = await requestFromOrigin({ url: URL_A }, ports).catch((error: unknown) => error);
  assert.ok(outage instanceof P2PError && outage.code === 'http-error' && outage.status === 503 && outage.fatal);
  assert.equal(isOriginOutage(outage), true);
  origin.failures.set(URL_A, 404);
  const missing = await requestFromOrigin({ url: URL_A }, ports).catch((error: unknown) => error);
  assert.ok(missing instanceof P2PError && missing.status === 404 && !missing.fatal);
  assert.equal(isOriginOutage(missing), false);
});

test('a network error is an http-error without status (an outage)', async () => {
  const clock = new FakeClock();
  const offline = (async () => {
    throw new TypeError('fetch failed');
  }) as unknown as typeof fetch;
  const error = await requestFromOrigin({ url: URL_A }, { fetch: offline, clock, timeoutMs: 5000 }).catch((e: unknown) => e);
  assert.ok(error instanceof P2PError && error.code === 'http-error' && error.status === undefined && /Network error/.test(error.message));
  assert.equal(isOriginOutage(error), true);
});

/** A fetch that never answers until its signal aborts. */
const hangingFetch = (async (_url: string, init?: RequestInit) =>
  new Promise<Response>((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
  })) as unknown as typeof fetch;

test('the timeout runs on the injected clock: http-timeout exactly at timeoutMs', async () => {
  const clock = new FakeClock();
  let outcome: unknown;
  void requestFromOrigin({ url: URL_A }, { fetch: hangingFetch, clock, timeoutMs: 3000 }).catch((error: unknown) => (outcome = error));
  await clock.advance(2999);
  assert.equal(outcome, undefined);
  await clock.advance(1);
  await flush();
  assert.ok(outcome instanceof P2PError && outcome.code === 'http-timeout' && outcome.fatal);
  assert.equal(isOriginOutage(outcome), true);
  assert.equal(clock.pendingTimers, 0);
});

test('the caller aborting: an AbortError, never a P2PError, and never an outage', async () => {
  const clock = new FakeClock();
  const controller = new AbortController();
  const pending = requestFromOrigin({ url: URL_A, signal: controller.signal }, { fetch: hangingFetch, clock, timeoutMs: 3000 });
  controller.abort();
  const error = await pending.catch((e: unknown) => e);
  assert.equal(isAbortError(error), true);
  assert.equal(isOriginOutage(error), false);
  await assert.rejects(requestFromOrigin({ url: URL_A, signal: controller.signal }, { fetch: hangingFetch, clock, timeoutMs: 3000 }), (e) => isAbortError(e));
});

test('isOutageStatus: 5xx or no answer', () => {
  assert.deepEqual([undefined, 500, 503, 599, 404, 416, 200].map(isOutageStatus), [true, true, true, true, false, false, false]);
});

test('withHttpRequestHook: the hook sees url, headers and the byte range; its url, headers and credentials are sent', async () => {
  const sent: Array<{ url: string; init: Record<string, unknown> | undefined }> = [];
  const fetchSpy = (async (url: string, init?: Record<string, unknown>) => {
    sent.push({ url, init });
    return new Response(new Uint8Array(10), { status: 206 });
  }) as unknown as typeof fetch;
  const seen: unknown[] = [];
  const hooked = withHttpRequestHook(fetchSpy, (request) => {
    seen.push(request);
    return { url: `${request.url}?token=abc`, headers: { Authorization: 'Bearer t' }, credentials: 'include' };
  });
  const clock = new FakeClock();
  await requestFromOrigin({ url: URL_A, byteRange: { start: 100, end: 110 } }, { fetch: hooked, clock, timeoutMs: 5000 });
  assert.deepEqual(seen, [{ url: URL_A, headers: { Range: 'bytes=100-109' }, byteRange: { start: 100, end: 110 } }]);
  assert.equal(sent[0]!.url, `${URL_A}?token=abc`);
  assert.deepEqual(sent[0]!.init!.headers, { Range: 'bytes=100-109', Authorization: 'Bearer t' });
  assert.equal(sent[0]!.init!.credentials, 'include');
  assert.ok(sent[0]!.init!.signal, 'the abort signal still reaches fetch');
});

test('withHttpRequestHook: an async hook, an open-ended range, no changes; a throwing hook fails the request as http-error', async () => {
  const clock = new FakeClock();
  const origin = new FakeOrigin();
  const ranges: unknown[] = [];
  const hooked = withHttpRequestHook(origin.fetch, async (request) => {
    ranges.push(request.byteRange);
  });
  await requestFromOrigin({ url: URL_A, offsetBytes: 1000 }, { fetch: hooked, clock, timeoutMs: 5000 });
  assert.deepEqual(ranges, [{ start: 1000 }]);
  assert.equal(origin.requests[0]!.range, 'bytes=1000-');
  const failing = withHttpRequestHook(origin.fetch, () => {
    throw new Error('no token');
  });
  const error = await requestFromOrigin({ url: URL_A }, { fetch: failing, clock, timeoutMs: 5000 }).catch((e: unknown) => e);
  assert.ok(error instanceof P2PError && error.code === 'http-error' && /no token/.test(error.message));
  assert.equal(origin.requests.length, 1, 'nothing sent when the hook throws');
  assert.equal(withHttpRequestHook(origin.fetch, undefined), origin.fetch);
});

test('mergeHeaders: a hook header replaces the core header of the same name in any case (no Range twins)', () => {
  assert.deepEqual(mergeHeaders({ Range: 'bytes=0-9' }, { range: 'bytes=0-9', 'x-token': 'a' }), { range: 'bytes=0-9', 'x-token': 'a' });
  assert.deepEqual(mergeHeaders({ Range: 'bytes=0-9' }, undefined), { Range: 'bytes=0-9' });
});
