import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TransferFailure, TransferFailureReason, type PeerDownloader, type PeerTransfer } from '../../../../src/p2p/peers/peer-downloader.ts';
import { PeerTransfers, STREAM_FAILURE_MS } from '../../../../src/p2p/scheduling/peer-transfers.ts';
import { segmentKey } from '../../../../src/p2p/segment.ts';
import { segments, vodStream } from '../../../fakes/core-harness.ts';

/** A downloader whose every transfer fails with `reason`. */
function failingDownloader(reason: TransferFailureReason): PeerDownloader {
  return {
    request: (request: { peerId: string }) => ({ ...request, receivedBytes: 3, promise: Promise.reject(new TransferFailure(reason, reason)) }) as unknown as PeerTransfer,
  } as unknown as PeerDownloader;
}

test('issue 10 hole 7: a peer that stalled mid-transfer (drip-feeding) on one segment is not asked for the rest of the stream (for a while)', async () => {
  let nowMs = 0;
  const transfers = new PeerTransfers({ onDelivered() {}, onEnded() {}, now: () => nowMs });
  const [first, second] = segments(2);
  transfers.start({ downloader: failingDownloader(TransferFailureReason.Stalled), request: { stream: vodStream, segment: first! }, peerId: 'drip', prefetch: false });
  await new Promise((resolve) => setImmediate(resolve));
  // Before: failures were kept per segment only, so the next segment asked the same peer again.
  assert.equal(transfers.failedPeers(segmentKey(vodStream.id, second!.id))?.has('drip'), true);
  assert.equal(transfers.failedPeers(segmentKey('other-stream', second!.id))?.has('drip') ?? false, false, 'other streams are unaffected');
  nowMs += STREAM_FAILURE_MS;
  assert.equal(transfers.failedPeers(segmentKey(vodStream.id, second!.id))?.has('drip') ?? false, false, 'forgiven after a minute');
});

test('an absent answer excludes the peer from that segment only (evictions race honestly)', async () => {
  const transfers = new PeerTransfers({ onDelivered() {}, onEnded() {}, now: () => 0 });
  const [first, second] = segments(2);
  transfers.start({ downloader: failingDownloader(TransferFailureReason.Absent), request: { stream: vodStream, segment: first! }, peerId: 'p', prefetch: false });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(transfers.failedPeers(segmentKey(vodStream.id, first!.id))?.has('p'), true);
  assert.equal(transfers.failedPeers(segmentKey(vodStream.id, second!.id))?.has('p') ?? false, false);
});

// Issue 10: a peer that keeps above the stall rate but cannot finish before the segment is due
// was cancelled by the scheduler ("too slow, HTTP takes over") and then chosen again for the next
// segment: one fallback per segment, for ever.
test('a transfer cancelled as too slow for its deadline keeps its peer from that segment and, for a while, its stream', () => {
  let nowMs = 0;
  let cancelled = 0;
  const downloader = {
    request: (request: { peerId: string }) =>
      ({ ...request, receivedBytes: 40, promise: new Promise(() => {}), cancel: () => (cancelled++, Uint8Array.of(1, 2)) }) as unknown as PeerTransfer,
  } as unknown as PeerDownloader;
  const transfers = new PeerTransfers({ onDelivered() {}, onEnded() {}, now: () => nowMs });
  const [first, second] = segments(2);
  const record = transfers.start({ downloader, request: { stream: vodStream, segment: first! }, peerId: 'slow', prefetch: false });
  assert.deepEqual([...transfers.cancelTooSlow(record)], [1, 2], 'the prefix for the origin to complete');
  assert.equal(cancelled, 1);
  assert.equal(transfers.failedPeers(segmentKey(vodStream.id, first!.id))?.has('slow'), true);
  assert.equal(transfers.failedPeers(segmentKey(vodStream.id, second!.id))?.has('slow'), true, 'not chosen again for the stream');
  assert.equal(transfers.lastFailure(segmentKey(vodStream.id, first!.id)), TransferFailureReason.Stalled);
  nowMs += STREAM_FAILURE_MS;
  assert.equal(transfers.failedPeers(segmentKey(vodStream.id, second!.id))?.has('slow') ?? false, false);
});
