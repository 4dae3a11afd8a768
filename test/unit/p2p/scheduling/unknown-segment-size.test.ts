/**
 * A segment whose size the manifest does not give (every HLS segment without a byte range) is
 * timed at the size of its stream's segments seen so far, not at the 1 MiB assumed before any:
 * that made a 100 KB segment look ten times too slow for a peer measured at 100 KB/s, and the
 * scheduler sent it to the origin (`deadline`) with time to spare for the peer. In the simulator
 * with real segment sizes, `deadline` was then the largest reason for origin bytes.
 */
import { afterEach, it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpReason } from '../../../../src/p2p/http/http-reason.ts';
import type { P2PEventMap } from '../../../../src/p2p/events.ts';
import { ProtocolCodec } from '../../../../src/p2p/protocol/protocol-codec.ts';
import { flush } from '../../../fakes/fake-clock.ts';
import { FakeOrigin } from '../../../fakes/fake-origin.ts';
import { Harness, segments, vodStream } from '../../../fakes/core-harness.ts';

const codec = new ProtocolCodec({ maxSegmentBytes: 64 * 1024 * 1024 });
const CHUNK_BYTES = 10_000;
/** The peer's pace: one 10 KB chunk per 100 ms, 100 bytes/ms. */
const CHUNK_EVERY_MS = 100;
let harness: Harness;
afterEach(async () => {
  await harness?.destroy();
});

it('unknown segment size: a peer fast enough for the stream\'s real segment size serves it (not deadline at an assumed 1 MiB)', async () => {
  harness = new Harness();
  // No prefetching: the demand's own choice between the peer and the origin is under test.
  const b = harness.core('B', { p2pWindowSeconds: 1 });
  const list = segments(2, { startTime: 10 });
  const peer = harness.network.connect('swarm-1', 'S');
  peer.onPeerJoin((peerId) => peer.send(peerId, codec.encode({ type: 'have', streamId: vodStream.id, mode: 0, segmentIds: ['1', '2'] })));
  peer.onMessage((peerId, data) => {
    const message = codec.decode(data);
    if (message.type !== 'request') return;
    const bytes = FakeOrigin.bytesFor(list.find((segment) => segment.id === message.segmentId)!.url);
    peer.send(peerId, codec.encode({ type: 'data-header', requestId: message.requestId, totalBytes: bytes.byteLength }));
    for (let offset = 0, i = 1; offset < bytes.byteLength; offset += CHUNK_BYTES, i++) {
      const chunk = bytes.subarray(offset, offset + CHUNK_BYTES);
      harness.clock.setTimeout(() => peer.send(peerId, codec.encode({ type: 'data-chunk', requestId: message.requestId, offsetBytes: offset, bytes: chunk })), i * CHUNK_EVERY_MS);
    }
  });
  b.setStreamSegments(vodStream, list);
  b.updatePlayback({ currentTime: 0, playbackRate: 1, paused: false, bufferedAhead: 0 });
  await flush();

  // Segment 1 is 10 s away: from the peer, which takes 1 s for its 100 KB (B measures 100 bytes/ms).
  const first = b.loadSegment({ stream: vodStream, segment: list[0]! });
  await harness.clock.advance(1500);
  assert.equal((await first).source, 'p2p');

  // Segment 2 is 3.5 s away: 1.5 s past the 2 s fallback margin. At 100 bytes/ms its 100 KB take
  // 1 s (an assumed 1 MiB would take 10.5 s).
  b.updatePlayback({ currentTime: 8.5, playbackRate: 1, paused: false, bufferedAhead: 0 });
  const second = b.loadSegment({ stream: vodStream, segment: list[1]! });
  await harness.clock.advance(1500);
  const response = await second;
  const reasons = harness.eventsOf('B', 'segmentLoaded').map((event) => (event as P2PEventMap['segmentLoaded']).httpReason);
  assert.equal(response.source, 'p2p', `segment 2 came from ${response.source} (reasons ${JSON.stringify(reasons)})`);
  assert.equal(harness.origin.count(list[1]!.url), 0);
  assert.equal(b.stats.httpByReason[HttpReason.Deadline].requests, 0);
});
