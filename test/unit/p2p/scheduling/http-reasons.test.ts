/** Every origin byte carries a reason: on `segmentLoaded` and in `stats.httpByReason`. */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpReason } from '../../../../src/p2p/http/http-reason.ts';
import type { P2PEventMap } from '../../../../src/p2p/events.ts';
import type { StreamInfo } from '../../../../src/p2p/segment.ts';
import { ProtocolCodec } from '../../../../src/p2p/protocol/protocol-codec.ts';
import { flush } from '../../../fakes/fake-clock.ts';
import { Harness, liveStream, segments, vodStream } from '../../../fakes/core-harness.ts';

const playing = { currentTime: 0, playbackRate: 1, paused: false, bufferedAhead: 0 };
const otherRendition: StreamInfo = { id: 'main|320x180|250000|avc1', type: 'main', isLive: false };
const codec = new ProtocolCodec({ maxSegmentBytes: 64 * 1024 * 1024 });
let harness: Harness;
afterEach(async () => {
  await harness?.destroy();
});

function reasonsOf(core: string): Array<string | undefined> {
  return harness.eventsOf(core, 'segmentLoaded').map((event) => (event as P2PEventMap['segmentLoaded']).httpReason);
}

describe('origin-byte reasons', () => {
  it('a viewer alone: its first segment is start-up, counted with its bytes; P2P segments carry none', async () => {
    harness = new Harness();
    const a = harness.core('A');
    const list = segments(2);
    a.setStreamSegments(vodStream, list);
    await a.loadSegment({ stream: vodStream, segment: list[0]! });
    assert.deepEqual(reasonsOf('A'), [HttpReason.Startup]);
    assert.deepEqual(a.stats.httpByReason[HttpReason.Startup], { requests: 1, bytes: 100_000 });
    const totalRequests = Object.values(a.stats.httpByReason).reduce((sum, count) => sum + count.requests, 0);
    assert.equal(totalRequests, 1, 'each origin request counted once');
    // A cache hit is not an origin byte.
    await a.loadSegment({ stream: vodStream, segment: list[0]! });
    assert.deepEqual(reasonsOf('A'), [HttpReason.Startup, undefined]);
  });

  it('peers connected that hold the rendition but not the segment: no-peer-has-it; another rendition: rendition-not-held', async () => {
    harness = new Harness();
    const a = harness.core('A');
    const b = harness.core('B');
    const list = segments(3);
    a.setStreamSegments(vodStream, list);
    b.setStreamSegments(vodStream, list);
    await a.loadSegment({ stream: vodStream, segment: list[0]! });
    await flush();
    b.updatePlayback(playing);
    // Segment 2 is 12 s ahead: B waits for the swarm until it is within httpWindowSeconds (6 s),
    // then goes to the origin because nobody announced it.
    const loading = b.loadSegment({ stream: vodStream, segment: list[1]! });
    await harness.clock.advance(8000);
    await loading;
    assert.deepEqual(reasonsOf('B'), [HttpReason.NoPeerHasIt]);
    const other = segments(1, { base: 'https://origin.test/low/' });
    b.setStreamSegments(otherRendition, other);
    await b.loadSegment({ stream: otherRendition, segment: other[0]! });
    assert.deepEqual(reasonsOf('B'), [HttpReason.NoPeerHasIt, HttpReason.RenditionNotHeld]);
    assert.equal(b.stats.httpByReason[HttpReason.RenditionNotHeld].requests, 1);
  });

  it('a peer that stalls: the HTTP fetch that replaces it is peer-failed', async () => {
    harness = new Harness();
    const b = harness.core('B', { p2pTimeoutMs: 3000 });
    const list = segments(1);
    const hostile = harness.network.connect('swarm-1', 'H');
    hostile.onPeerJoin((peerId) => hostile.send(peerId, codec.encode({ type: 'have', streamId: vodStream.id, mode: 0, segmentIds: ['1'] })));
    b.setStreamSegments(vodStream, list);
    b.updatePlayback(playing);
    await flush();
    const loading = b.loadSegment({ stream: vodStream, segment: list[0]! });
    await harness.clock.advance(5000);
    const response = await loading;
    assert.equal(response.source, 'http');
    assert.deepEqual(reasonsOf('B'), [HttpReason.PeerFailed]);
  });

  it('a peer has it but the segment is due now: deadline', async () => {
    harness = new Harness();
    const a = harness.core('A');
    const b = harness.core('B');
    const list = segments(1, { startTime: 0 });
    a.setStreamSegments(vodStream, list);
    b.setStreamSegments(vodStream, list);
    await a.loadSegment({ stream: vodStream, segment: list[0]! });
    await flush();
    b.updatePlayback(playing);
    await b.loadSegment({ stream: vodStream, segment: list[0]! });
    assert.deepEqual(reasonsOf('B'), [HttpReason.Deadline]);
  });

  it('live: the elected viewer fetches the new edge segment for the swarm, and serving it later says live-elected', async () => {
    harness = new Harness();
    const a = harness.core('A');
    const b = harness.core('B');
    const first = segments(3, { startTime: 0 });
    for (const core of [a, b]) {
      core.setStreamSegments(liveStream, first);
      core.updatePlayback(playing);
    }
    await a.loadSegment({ stream: liveStream, segment: first[0]! });
    await b.loadSegment({ stream: liveStream, segment: first[0]! });
    await flush();
    // Five new edge segments: each is fetched by exactly one of the two (the elected one).
    const more = segments(8, { startTime: 0 });
    for (const core of [a, b]) core.setStreamSegments(liveStream, more);
    await flush();
    await harness.clock.advance(100);
    const elected = a.stats.httpByReason[HttpReason.LiveElected].requests + b.stats.httpByReason[HttpReason.LiveElected].requests;
    assert.equal(elected, 5, 'one origin fetch per new edge segment');
    for (const segment of more.slice(3)) assert.equal(harness.origin.count(segment.url), 1);
  });
});
