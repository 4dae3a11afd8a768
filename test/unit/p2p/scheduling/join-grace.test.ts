/**
 * A viewer that just joined has no peer connection yet; peers usually connect within a second or
 * two. Its start segments go to the origin at once; far-ahead VOD segments wait for the join.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpReason } from '../../../../src/p2p/http/http-reason.ts';
import type { P2PEventMap } from '../../../../src/p2p/events.ts';
import { flush } from '../../../fakes/fake-clock.ts';
import { Harness, liveStream, segments, vodStream } from '../../../fakes/core-harness.ts';

const paused = { currentTime: 0, playbackRate: 1, paused: true, bufferedAhead: 0 };
let harness: Harness;
afterEach(async () => {
  await harness?.destroy();
});

describe('join grace', () => {
  it("a joiner's far-ahead VOD segment waits for a peer that connects during the join, instead of the origin (regression: joiners fetched everything over HTTP until connected)", async () => {
    harness = new Harness();
    const b = harness.core('B');
    const list = segments(10, { startTime: 0 });
    b.setStreamSegments(vodStream, list);
    b.updatePlayback(paused);
    await b.loadSegment({ stream: vodStream, segment: list[0]! });
    const far = list[8]!; // 16 s ahead
    let settled = false;
    const loading = b.loadSegment({ stream: vodStream, segment: far }).finally(() => (settled = true));
    await harness.clock.advance(1000);
    assert.equal(settled, false, 'still waiting for the swarm');
    assert.equal(harness.origin.count(far.url), 0);
    const a = harness.core('A');
    a.setStreamSegments(vodStream, list);
    await a.loadSegment({ stream: vodStream, segment: far });
    await flush();
    await harness.clock.advance(100);
    const response = await loading;
    assert.equal(response.source, 'p2p');
    assert.equal(harness.origin.count(far.url), 1, 'the origin served it once, to A');
  });

  it('the start segment never waits, and a viewer still alone after the grace stops waiting', async () => {
    harness = new Harness();
    const b = harness.core('B');
    const list = segments(10, { startTime: 0 });
    b.setStreamSegments(vodStream, list);
    b.updatePlayback(paused);
    const first = await b.loadSegment({ stream: vodStream, segment: list[0]! });
    assert.equal(first.source, 'http');
    const far = b.loadSegment({ stream: vodStream, segment: list[8]! });
    await harness.clock.advance(3000);
    assert.equal(harness.origin.count(list[8]!.url), 0, 'waits during the grace');
    await harness.clock.advance(1100);
    assert.equal((await far).source, 'http');
    // Alone now: the next far-ahead segment goes at once.
    const next = b.loadSegment({ stream: vodStream, segment: list[9]! });
    await flush();
    assert.equal(harness.origin.count(list[9]!.url), 1);
    await next;
    const reasons = harness.eventsOf('B', 'segmentLoaded').map((event) => (event as P2PEventMap['segmentLoaded']).httpReason);
    assert.deepEqual(reasons, [HttpReason.Startup, HttpReason.Startup, HttpReason.Startup]);
  });

  it('live: the start segments never wait; a later one waits for the join only until the fallback margin', async () => {
    harness = new Harness();
    const b = harness.core('B');
    const list = segments(6, { startTime: 100 });
    b.setStreamSegments(liveStream, list);
    b.updatePlayback(paused);
    await b.loadSegment({ stream: liveStream, segment: list[0]! });
    // 2 s ahead: within the margin (2 s) plus the expected HTTP time, so at once.
    const soon = b.loadSegment({ stream: liveStream, segment: list[1]! });
    await harness.clock.advance(50);
    assert.equal(harness.origin.count(list[1]!.url), 1);
    await soon;
    // 6 s ahead: waits for peers until the margin (2 s) plus the expected transfer (1 s without
    // a peer sample) before it is due, so 3 s; never longer than the join grace (4 s).
    const later = b.loadSegment({ stream: liveStream, segment: list[3]! });
    await harness.clock.advance(2900);
    assert.equal(harness.origin.count(list[3]!.url), 0);
    await harness.clock.advance(200);
    await later;
    assert.equal(harness.origin.count(list[3]!.url), 1);
  });
});
