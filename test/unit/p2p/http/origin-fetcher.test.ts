import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_P2P_CONFIG } from '../../../../src/p2p/config.ts';
import { HttpReason } from '../../../../src/p2p/http/http-reason.ts';
import { OriginFetcher, type TrafficEvent } from '../../../../src/p2p/http/origin-fetcher.ts';
import type { OriginState } from '../../../../src/p2p/http/origin-health.ts';
import type { SegmentRequest } from '../../../../src/p2p/segment.ts';
import { SegmentStore } from '../../../../src/p2p/storage/segment-store.ts';
import { DEFAULT_TRANSFER_MS } from '../../../../src/p2p/util/transfer-time.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';
import { FakeOrigin } from '../../../fakes/fake-origin.ts';
import { silentLogger, vodStream } from '../../../fakes/core-harness.ts';

const request = (id: string): SegmentRequest => ({ stream: vodStream, segment: { id, url: `https://origin.test/v/seg${id}.m4s`, startTime: 10, duration: 2 } });

function setup(options: { verify?: (bytes: Uint8Array) => boolean } = {}) {
  const clock = new FakeClock();
  const origin = new FakeOrigin();
  origin.now = () => clock.now();
  const store = new SegmentStore({ limitBytes: 64 * 1024 * 1024, liveRetentionSeconds: 60 });
  const traffic: TrafficEvent[] = [];
  const loadingChanges: string[][] = [];
  const originStates: OriginState[] = [];
  const fetcher: OriginFetcher = new OriginFetcher({
    config: DEFAULT_P2P_CONFIG,
    clock,
    fetch: origin.fetch,
    logger: silentLogger,
    verify: async (_request, bytes) => options.verify?.(bytes) ?? true,
    store,
    onTraffic: (event) => traffic.push(event),
    onLoadingChanged: (streamId) => loadingChanges.push(fetcher.loadingIds(streamId)),
    onOriginChange: (state) => originStates.push(state),
  });
  return { clock, origin, store, traffic, loadingChanges, originStates, fetcher };
}

test('a fetch is visible while it runs (running, loading ids), then stored and counted with its reason', async () => {
  const { origin, store, traffic, loadingChanges, fetcher } = setup();
  const pending = fetcher.fetch(request('1'), { reason: HttpReason.NoPeerHasIt });
  assert.ok(fetcher.running(vodStream.id, '1'));
  const { bytes, http } = await pending;
  assert.deepEqual(bytes, FakeOrigin.bytesFor(request('1').segment.url));
  assert.equal(http.bytes, bytes);
  assert.equal(fetcher.running(vodStream.id, '1'), undefined);
  assert.deepEqual(loadingChanges, [['1'], []]);
  assert.deepEqual(traffic, [{ kind: 'http', bytes: bytes.byteLength, reason: HttpReason.NoPeerHasIt }]);
  const stored = store.get(vodStream.id, '1')!;
  assert.equal(stored.source, 'http');
  assert.equal(stored.served, true);
  assert.equal(origin.requests.length, 1);
});

test('a fetch nobody asked for yet (demand: false) is stored as not served', async () => {
  const { store, fetcher } = setup();
  await fetcher.fetch(request('2'), { reason: HttpReason.LiveElected, demand: false });
  assert.equal(store.get(vodStream.id, '2')!.served, false);
});

test('throughput: the default estimate before a sample, then the moving average of samples', async () => {
  const { fetcher } = setup();
  assert.equal(fetcher.expectedMs({ id: 'x', url: 'u', startTime: 0, duration: 2, expectedBytes: 5000 }), DEFAULT_TRANSFER_MS);
  await fetcher.fetch(request('1'), { reason: HttpReason.Startup });
  // The fake origin answers within one fake-clock instant: 100 kB over the 1 ms floor.
  assert.equal(fetcher.bytesPerMs, 100_000);
  assert.equal(fetcher.expectedMs({ id: 'x', url: 'u', startTime: 0, duration: 2, expectedBytes: 50_000 }), 0.5);
});

test('a peer prefix: only the rest is requested, the whole verified, the prefix counted as P2P', async () => {
  const { origin, traffic, fetcher } = setup();
  const whole = FakeOrigin.bytesFor(request('3').segment.url);
  const { bytes } = await fetcher.fetch(request('3'), { reason: HttpReason.PeerTooSlow, prefix: whole.slice(0, 40_000) });
  assert.deepEqual(bytes, whole);
  assert.equal(origin.requests[0]!.range, 'bytes=40000-');
  assert.deepEqual(traffic, [{ kind: 'http', bytes: 60_000, reason: HttpReason.PeerTooSlow }, { kind: 'p2p', bytes: 40_000 }]);
});

test('a prefix that fails verification with the rest: thrown away, the segment fetched whole', async () => {
  const { origin, traffic, fetcher } = setup({ verify: () => false });
  const whole = FakeOrigin.bytesFor(request('4').segment.url);
  const corrupt = whole.slice(0, 40_000).fill(0);
  const { bytes } = await fetcher.fetch(request('4'), { reason: HttpReason.PeerTooSlow, prefix: corrupt });
  assert.deepEqual(bytes, whole);
  assert.deepEqual(origin.requests.map((r) => r.range), ['bytes=40000-', null]);
  assert.deepEqual(traffic.slice(1), [{ kind: 'rejected', bytes: 40_000 }, { kind: 'http', bytes: 100_000, reason: HttpReason.VerificationRefetch }]);
});

test('a 5xx makes the origin failing (a 4xx does not); a success makes it healthy again', async () => {
  const { origin, originStates, fetcher } = setup();
  origin.failures.set(request('5').segment.url, 404);
  await assert.rejects(fetcher.fetch(request('5'), { reason: HttpReason.Startup }), { status: 404 });
  assert.equal(fetcher.health.failing, false);
  origin.failures.set(request('5').segment.url, 503);
  await assert.rejects(fetcher.fetch(request('5'), { reason: HttpReason.Startup }), { status: 503 });
  assert.equal(fetcher.health.failing, true);
  assert.equal(fetcher.running(vodStream.id, '5'), undefined, 'a failed fetch is not left running');
  await fetcher.fetch(request('6'), { reason: HttpReason.Startup });
  assert.deepEqual(originStates, ['failing', 'healthy']);
  fetcher.destroy();
});

test('regression (issue 10 hole 1): origin bytes reach the verifier to learn from; a peer prefix completed over HTTP does not', async () => {
  const learnt: Array<{ id: string; bytes: number }> = [];
  const { fetcher } = setup();
  const verify = Object.assign(async () => true, {
    learnFromOrigin: (request: SegmentRequest, bytes: Uint8Array) => learnt.push({ id: request.segment.id, bytes: bytes.byteLength }),
  });
  fetcher.destroy();
  const learning = new OriginFetcher({ config: DEFAULT_P2P_CONFIG, clock: new FakeClock(), fetch: new FakeOrigin().fetch, logger: silentLogger, verify, store: new SegmentStore({ limitBytes: 1 << 26, liveRetentionSeconds: 60 }), onTraffic: () => {}, onLoadingChanged: () => {}, onOriginChange: () => {} });
  const { bytes } = await learning.fetch(request('5'), { reason: HttpReason.NoPeerHasIt });
  const whole = FakeOrigin.bytesFor(request('6').segment.url);
  await learning.fetch(request('6'), { reason: HttpReason.PeerTooSlow, prefix: whole.slice(0, 1000) });
  assert.deepEqual(learnt, [{ id: '5', bytes: bytes.byteLength }]);
  learning.destroy();
});
