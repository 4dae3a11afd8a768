import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OriginHealth, OriginState } from '../../../../src/p2p/http/origin-health.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';
import { FakeOrigin } from '../../../fakes/fake-origin.ts';
import { silentLogger } from '../../../fakes/core-harness.ts';

const TARGET = { url: 'https://origin.test/v/seg7.m4s', byteRange: { start: 500, end: 900 } };

function setup() {
  const clock = new FakeClock();
  const origin = new FakeOrigin();
  origin.now = () => clock.now();
  const changes: OriginState[] = [];
  const health = new OriginHealth({ clock, fetch: origin.fetch, logger: silentLogger, onChange: (state) => changes.push(state) });
  return { clock, origin, changes, health };
}

test('a failure makes it failing once; probes back off 1 s, 2 s, 4 s, then every 8 s', async () => {
  const { clock, origin, changes, health } = setup();
  origin.outageStatus = 503;
  health.recordFailure(TARGET);
  health.recordFailure(TARGET);
  assert.equal(health.failing, true);
  assert.deepEqual(changes, [OriginState.Failing]);
  await clock.advance(31_000);
  assert.deepEqual(origin.requests.map((request) => request.atMs - 1000), [1000, 3000, 7000, 15000, 23000, 31000]);
  health.destroy();
});

test('a probe is a 1-byte Range request at the start of the failed segment', async () => {
  const { clock, origin, health } = setup();
  origin.outageStatus = 502;
  health.recordFailure(TARGET);
  await clock.advance(1000);
  assert.deepEqual(origin.requests.map(({ url, range }) => ({ url, range })), [{ url: TARGET.url, range: 'bytes=500-500' }]);
  health.destroy();
});

test('the first probe answered below 500 makes it healthy again and stops probing', async () => {
  const { clock, origin, changes, health } = setup();
  origin.outageStatus = 503;
  health.recordFailure(TARGET);
  await clock.advance(3000); // probes at +1 s and +3 s fail
  origin.outageStatus = 404; // answering again (a 4xx is not an outage)
  await clock.advance(4000);
  assert.equal(health.failing, false);
  assert.deepEqual(changes, [OriginState.Failing, OriginState.Healthy]);
  const probes = origin.requests.length;
  await clock.advance(60_000);
  assert.equal(origin.requests.length, probes, 'no probes once healthy');
  assert.equal(clock.pendingTimers, 0);
});

test('a real request succeeding recovers at once; recordSuccess while healthy changes nothing', async () => {
  const { clock, origin, changes, health } = setup();
  health.recordSuccess();
  assert.deepEqual(changes, []);
  origin.outageStatus = 503;
  health.recordFailure(TARGET);
  health.recordSuccess();
  assert.deepEqual(changes, [OriginState.Failing, OriginState.Healthy]);
  await clock.advance(10_000);
  assert.equal(origin.requests.length, 0, 'the scheduled probe was cancelled');
});

test('destroy() stops probing, ignores later failures, and is safe twice', async () => {
  const { clock, origin, changes, health } = setup();
  origin.outageStatus = 503;
  health.recordFailure(TARGET);
  health.destroy();
  health.destroy();
  health.recordFailure(TARGET);
  await clock.advance(20_000);
  assert.equal(origin.requests.length, 0);
  assert.deepEqual(changes, [OriginState.Failing]);
  assert.equal(clock.pendingTimers, 0);
});
