import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeOrigin } from '../../fakes/fake-origin.ts';
import { flush } from '../../fakes/fake-clock.ts';
import { Harness, segments, vodStream } from '../../fakes/core-harness.ts';

let harness: Harness;
afterEach(async () => {
  await harness?.destroy();
});

describe('origin outage', () => {
  it('a warm swarm carries every load through a 20 s origin outage (503); origin retries back off', async () => {
    harness = new Harness();
    const a = harness.core('A');
    const b = harness.core('B');
    const list = segments(12, { startTime: 0 });
    a.setStreamSegments(vodStream, list);
    b.setStreamSegments(vodStream, list);
    for (const segment of list) await a.loadSegment({ stream: vodStream, segment });
    await flush();
    harness.origin.outageStatus = 503;
    const outageStartMs = harness.clock.now();
    const before = harness.origin.requests.length;
    const sources: string[] = [];
    // B plays from 0: every segment is due now or within 2 s (urgent: normally HTTP first).
    for (const [i, segment] of list.slice(0, 10).entries()) {
      b.updatePlayback({ currentTime: i * 2, playbackRate: 1, paused: false, bufferedAhead: 0 });
      const loading = b.loadSegment({ stream: vodStream, segment });
      await harness.clock.advance(50);
      const response = await loading;
      assert.deepEqual(new Uint8Array(response.data), FakeOrigin.bytesFor(segment.url));
      sources.push(response.source);
      await harness.clock.advance(1950);
    }
    const during = harness.origin.requests.slice(before);
    const gapsMs = during.slice(1).map((request, i) => request.atMs - during[i]!.atMs);
    console.log(`outage of ${harness.clock.now() - outageStartMs} ms: sources ${sources.join(',')}; ${during.length} origin requests at +${during.map((r) => r.atMs - outageStartMs).join(', +')} ms`);
    assert.deepEqual(sources, Array(10).fill('p2p'), 'every segment came from the peer, none failed');
    assert.ok(during.length <= 7, `origin requests are spaced by backoff, not one per segment (${during.length})`);
    for (let i = 1; i < gapsMs.length; i++) assert.ok(gapsMs[i]! >= gapsMs[i - 1]! - 1, `backoff does not shrink: ${gapsMs.join(', ')}`);
    // The origin comes back: the next probe notices, and loads go to the origin again.
    harness.origin.outageStatus = undefined;
    await harness.clock.advance(9000);
    const fresh = segments(1, { firstId: 50, startTime: 20 })[0]!;
    const response = await b.loadSegment({ stream: vodStream, segment: fresh });
    assert.equal(response.source, 'http');
  });

  it('alone in the swarm: a load waits out a short outage and resolves when the origin is back', async () => {
    harness = new Harness();
    const core = harness.core('A');
    const [segment] = segments(1, { startTime: 0 });
    harness.origin.outageStatus = 503;
    const loading = core.loadSegment({ stream: vodStream, segment: segment! });
    await harness.clock.advance(3500);
    harness.origin.outageStatus = undefined;
    await harness.clock.advance(5000);
    const response = await loading;
    assert.equal(response.source, 'http');
    assert.deepEqual(new Uint8Array(response.data), FakeOrigin.bytesFor(segment!.url));
    console.log(`origin requests during a 3.5 s outage: ${harness.origin.requests.map((r) => r.atMs - 1000).join(', ')} ms`);
  });

  it('an outage longer than the deadline rejects with a fatal http-error, not a hang', async () => {
    harness = new Harness();
    const core = harness.core('A', { httpTimeoutMs: 5000 });
    const [segment] = segments(1, { startTime: 0 });
    harness.origin.outageStatus = 503;
    const loading = core.loadSegment({ stream: vodStream, segment: segment! });
    const rejected = assert.rejects(loading, (error: { code: string; fatal: boolean }) => error.code === 'http-error' && error.fatal);
    await harness.clock.advance(6000);
    await rejected;
  });
});
