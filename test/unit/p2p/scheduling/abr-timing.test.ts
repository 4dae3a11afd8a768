import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticTiming } from '../../../../src/p2p/scheduling/abr-timing.ts';

describe('syntheticTiming', () => {
  it('reports the HTTP-equivalent duration, never the time a demand waited for the swarm (regression: waits collapsed ABR to the lowest rendition)', () => {
    // 100 kB at 1000 B/ms = 100 ms, although the demand waited 6 s for a peer.
    const timing = syntheticTiming({ byteLength: 100_000, requestStartMs: 0, nowMs: 6000, httpBytesPerMs: 1000 });
    assert.equal(timing.endMs, 6000);
    assert.equal(timing.endMs - timing.startMs, 100);
    assert.ok(timing.firstByteMs >= timing.startMs && timing.firstByteMs <= timing.endMs);
  });

  it('never claims an instant delivery', () => {
    const timing = syntheticTiming({ byteLength: 10, requestStartMs: 5, nowMs: 5, httpBytesPerMs: 1e9 });
    assert.equal(timing.endMs - timing.startMs, 1);
  });

  it('without an HTTP sample reports the real elapsed time (the response is then excluded from bandwidth)', () => {
    const timing = syntheticTiming({ byteLength: 100_000, requestStartMs: 1000, nowMs: 1300, httpBytesPerMs: undefined });
    assert.equal(timing.endMs - timing.startMs, 300);
  });
});
