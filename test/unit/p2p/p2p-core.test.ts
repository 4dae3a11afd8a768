import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { P2PCore } from '../../../src/p2p/p2p-core.ts';
import { P2PError } from '../../../src/p2p/errors.ts';
import { ProtocolCodec } from '../../../src/p2p/protocol/protocol-codec.ts';
import type { ProtocolMessage } from '../../../src/p2p/protocol/protocol.ts';
import { flush } from '../../fakes/fake-clock.ts';
import { FakeOrigin } from '../../fakes/fake-origin.ts';
import { Harness, liveStream, segments, silentLogger, vodStream } from '../../fakes/core-harness.ts';

const playing = { currentTime: 0, playbackRate: 1, paused: false, bufferedAhead: 0 };
const codec = new ProtocolCodec({ maxSegmentBytes: 64 * 1024 * 1024 });
let harness: Harness;
afterEach(async () => {
  await harness?.destroy();
});

describe('P2PCore scheduling', () => {
  it('fetches over HTTP when nobody has the segment, then serves it from the cache', async () => {
    harness = new Harness();
    const core = harness.core('A');
    const [segment] = segments(1);
    const first = await core.loadSegment({ stream: vodStream, segment: segment! });
    assert.equal(first.source, 'http');
    assert.deepEqual(new Uint8Array(first.data), FakeOrigin.bytesFor(segment!.url));
    const second = await core.loadSegment({ stream: vodStream, segment: segment! });
    assert.equal(second.source, 'cache');
    assert.equal(harness.origin.count(segment!.url), 1);
    assert.equal(core.stats.httpBytes, 100_000);
    assert.deepEqual(core.stats.segments, { http: 1, p2p: 0, cache: 1 });
    assert.ok(second.timing.endMs - second.timing.startMs >= 1, 'cache hit does not claim 0 ms');
  });

  it('loads from a peer that has the segment, with plausible timing', async () => {
    harness = new Harness();
    const a = harness.core('A');
    const b = harness.core('B');
    const list = segments(3);
    a.setStreamSegments(vodStream, list);
    b.setStreamSegments(vodStream, list);
    await a.loadSegment({ stream: vodStream, segment: list[0]! });
    await flush();
    b.updatePlayback(playing); // segment starts 10 s ahead: time for P2P
    const response = await b.loadSegment({ stream: vodStream, segment: list[0]! });
    assert.equal(response.source, 'p2p');
    assert.deepEqual(new Uint8Array(response.data), FakeOrigin.bytesFor(list[0]!.url));
    assert.equal(harness.origin.count(list[0]!.url), 1, 'the origin served it once');
    assert.equal(b.stats.p2pBytes, 100_000);
    assert.deepEqual(harness.eventsOf('B', 'segmentLoaded').map((e) => (e as { peerId?: string }).peerId), ['A']);
    assert.equal(harness.eventsOf('A', 'segmentUploaded').length, 1);
    // B has no HTTP throughput sample yet: the hit is kept out of its ABR estimate.
    assert.equal(response.excludeFromBandwidth, true);
    assert.ok(response.timing.endMs - response.timing.startMs >= 1);
  });

  it('falls back to HTTP when the peer stalls', async () => {
    harness = new Harness();
    const b = harness.core('B', { p2pTimeoutMs: 3000 });
    const list = segments(1);
    const hostile = harness.network.connect('swarm-1', 'H');
    const sent: ProtocolMessage[] = [];
    hostile.onMessage((_from, data) => sent.push(codec.decode(data)));
    hostile.onPeerJoin((peerId) => hostile.send(peerId, codec.encode({ type: 'have', streamId: vodStream.id, mode: 0, segmentIds: ['1'] })));
    b.setStreamSegments(vodStream, list);
    b.updatePlayback(playing);
    await flush();
    const loading = b.loadSegment({ stream: vodStream, segment: list[0]! });
    await flush();
    assert.ok(sent.some((m) => m.type === 'request'), 'asked the peer first');
    // 3 s without data = stalled; the segment is still 7 s away, so B waits (until 6 s =
    // httpWindowSeconds) for another peer, then fetches it over HTTP.
    await harness.clock.advance(3000);
    assert.equal(harness.origin.count(list[0]!.url), 0);
    await harness.clock.advance(1000);
    const response = await loading;
    assert.equal(response.source, 'http');
    assert.equal(harness.origin.count(list[0]!.url), 1);
    assert.ok(sent.some((m) => m.type === 'cancel'), 'cancelled the stalled request');
  });

  it('rejects a segment of the wrong size and bans a repeat offender', async () => {
    harness = new Harness();
    const b = harness.core('B');
    // Due within httpWindowSeconds: after a bad peer, B goes to HTTP at once.
    const list = segments(2, { startTime: 4 }).map((s) => ({ ...s, expectedBytes: 100_000 }));
    const hostile = harness.network.connect('swarm-1', 'H');
    hostile.onPeerJoin((peerId) => hostile.send(peerId, codec.encode({ type: 'have', streamId: vodStream.id, mode: 0, segmentIds: ['1', '2'] })));
    hostile.onMessage((peerId, data) => {
      const message = codec.decode(data);
      if (message.type !== 'request') return;
      hostile.send(peerId, codec.encode({ type: 'data-header', requestId: message.requestId, totalBytes: 10 }));
      hostile.send(peerId, codec.encode({ type: 'data-chunk', requestId: message.requestId, offsetBytes: 0, bytes: new Uint8Array(10) }));
    });
    b.setStreamSegments(vodStream, list);
    b.updatePlayback(playing);
    await flush();
    const first = await b.loadSegment({ stream: vodStream, segment: list[0]! });
    const second = await b.loadSegment({ stream: vodStream, segment: list[1]! });
    assert.equal(first.source, 'http');
    assert.equal(second.source, 'http');
    assert.equal(harness.eventsOf('B', 'segmentRejected').length, 2);
    assert.deepEqual(harness.eventsOf('B', 'peerBanned').map((e) => (e as { peerId: string }).peerId), ['H']);
    assert.ok(harness.eventsOf('B', 'peerDisconnected').some((e) => (e as { reason: string }).reason === 'banned'));
    assert.equal(b.stats.peers, 0);
  });

  it('drops a peer that sends malformed bytes', async () => {
    harness = new Harness();
    const b = harness.core('B');
    const hostile = harness.network.connect('swarm-1', 'H');
    hostile.onPeerJoin((peerId) => hostile.send(peerId, new Uint8Array([0xee, 1, 2])));
    b.setStreamSegments(vodStream, segments(1));
    await flush();
    assert.ok(harness.eventsOf('B', 'peerDisconnected').some((e) => (e as { reason: string }).reason === 'protocol'));
    assert.ok(harness.eventsOf('B', 'warning').some((e) => (e as { error: P2PError }).error.code === 'protocol-violation'));
  });

  it('live: a new segment is fetched from the origin by exactly one of three peers', async () => {
    harness = new Harness();
    const cores = ['A', 'B', 'C'].map((name) => harness.core(name));
    const window = segments(3);
    for (const core of cores) {
      core.setStreamSegments(liveStream, window);
      core.updatePlayback(playing);
    }
    await flush();
    // Everyone plays segment 1 first, so every peer is known to be on this stream.
    for (const core of cores) await core.loadSegment({ stream: liveStream, segment: window[0]! });
    await flush();
    const next = segments(4);
    for (const core of cores) core.setStreamSegments(liveStream, next);
    const fresh = next[3]!;
    // All players ask at once (without the election each would see nobody holding it and fetch it).
    const sources = (await Promise.all(cores.map((core) => core.loadSegment({ stream: liveStream, segment: fresh })))).map((r) => r.source);
    assert.equal(harness.origin.count(fresh.url), 1, `one origin fetch, sources: ${sources.join(',')}`);
    assert.equal(sources.filter((s) => s === 'http').length, 1);
    assert.equal(sources.filter((s) => s === 'p2p').length, 2);
  });

  it('an aborted load rejects with AbortError and reports no error', async () => {
    harness = new Harness();
    const fetchHanging = ((_url: string, init?: RequestInit) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))))) as typeof fetch;
    const core = new P2PCore({ swarmId: 's', config: { trackers: [] }, deps: { transport: harness.network.transport('X'), clock: harness.clock, fetch: fetchHanging, logger: silentLogger } });
    harness.cores.push(core);
    const warnings: unknown[] = [];
    core.on('warning', (w) => warnings.push(w));
    const controller = new AbortController();
    const loading = core.loadSegment({ stream: vodStream, segment: segments(1)[0]! }, { signal: controller.signal });
    await flush();
    controller.abort();
    await assert.rejects(loading, (error: Error) => error.name === 'AbortError');
    assert.deepEqual(warnings, []);
    assert.equal(core.stats.segments.http, 0);
  });

  it('maps HTTP 404 to a non-fatal http-error without retries', async () => {
    harness = new Harness();
    const core = harness.core('A');
    const [segment] = segments(1);
    harness.origin.failures.set(segment!.url, 404);
    await assert.rejects(core.loadSegment({ stream: vodStream, segment: segment! }), (error: P2PError) => error.code === 'http-error' && error.status === 404 && !error.fatal);
    assert.equal(harness.origin.count(segment!.url), 1);
  });

  it('destroy twice is safe, rejects pending loads and leaves no timers', async () => {
    harness = new Harness();
    const a = harness.core('A');
    const b = harness.core('B');
    const list = segments(3, { startTime: 100 });
    a.setStreamSegments(vodStream, list);
    b.setStreamSegments(vodStream, list);
    b.on('stats', () => {});
    b.updatePlayback(playing);
    await flush();
    // Far ahead with a peer connected: B waits for the swarm (a timer is pending).
    const pending = b.loadSegment({ stream: vodStream, segment: list[2]! });
    await flush();
    assert.ok(harness.clock.pendingTimers > 0);
    await Promise.all([b.destroy(), b.destroy()]);
    await b.destroy();
    await assert.rejects(pending, (error: P2PError) => error.code === 'destroyed');
    await a.destroy();
    assert.equal(harness.clock.pendingTimers, 0);
    await assert.rejects(b.loadSegment({ stream: vodStream, segment: list[0]! }), (error: P2PError) => error.code === 'destroyed');
  });

  it('rejects nonsense config and requests with clear errors', () => {
    assert.throws(() => new P2PCore({ swarmId: 's', config: { p2pTimeoutMs: -1 } }), (e: P2PError) => e.code === 'invalid-config' && /p2pTimeoutMs/.test(e.message));
    assert.throws(() => new P2PCore({ swarmId: 's', config: { trackers: ['http://x'] } }), (e: P2PError) => e.code === 'invalid-config');
    assert.throws(() => new P2PCore({ swarmId: '' }), (e: P2PError) => e.code === 'invalid-config');
    assert.throws(() => new P2PCore({ swarmId: 's', config: { bogus: 1 } as never }), /unknown field/);
    const core = new P2PCore({ swarmId: 's', config: { trackers: [] }, deps: { transport: { join: () => { throw new Error('unused'); } }, logger: silentLogger } });
    return assert.rejects(core.loadSegment({ stream: vodStream, segment: { id: '', url: 'x', startTime: 0, duration: 1 } }), (e: P2PError) => e.code === 'invalid-request');
  });
});
