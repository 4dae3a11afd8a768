import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PeerDownloader, TransferFailure, TransferFailureReason, UnvouchedSegmentError } from '../../../../src/p2p/peers/peer-downloader.ts';
import { PeerOffense } from '../../../../src/p2p/peers/peer-score.ts';
import type { PeerSwarm, RemotePeer } from '../../../../src/p2p/peers/peer-swarm.ts';
import type { ProtocolMessage } from '../../../../src/p2p/protocol/protocol.ts';
import { FakeClock, flush } from '../../../fakes/fake-clock.ts';

function setup(options: { verify?: (bytes: Uint8Array) => boolean; maxSegmentBytes?: (streamId: string) => number } = {}) {
  const clock = new FakeClock();
  const peer = { id: 'p', activeDownloads: 0, bytesPerMs: undefined } as unknown as RemotePeer;
  const sent: ProtocolMessage[] = [];
  const swarm = { peer: (id: string) => (id === 'p' ? peer : undefined), send: (_id: string, message: ProtocolMessage) => sent.push(message) } as unknown as PeerSwarm;
  const log: string[] = [];
  const downloader = new PeerDownloader({
    swarm,
    clock,
    p2pTimeoutMs: 4000,
    verify: async (_request, bytes) => options.verify?.(bytes) ?? true,
    onRejected: ({ bytes, reason, offense }) => log.push(`rejected ${bytes} ${offense} ${reason}`),
    onOffense: (peerId, offense) => log.push(`offense ${peerId} ${offense}`),
    onVerified: (peerId) => log.push(`verified ${peerId}`),
    maxSegmentBytes: options.maxSegmentBytes,
  });
  return { clock, peer, sent, log, downloader };
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => assert.fail('expected a failure'), (error: unknown) => (error as TransferFailure).reason);

test('header, then chunks in order: verified bytes, progress, throughput sampled, the slot freed', async () => {
  const { clock, peer, sent, log, downloader } = setup();
  const transfer = downloader.request({ peerId: 'p', streamId: 's', segmentId: '7', expectedBytes: 6 });
  const progress: number[] = [];
  transfer.onProgress = (loaded) => progress.push(loaded);
  assert.deepEqual(sent[0], { type: 'request', requestId: transfer.requestId, streamId: 's', segmentId: '7' });
  assert.equal(peer.activeDownloads, 1);
  downloader.handle('p', { type: 'data-header', requestId: transfer.requestId, totalBytes: 6 });
  await clock.advance(100);
  downloader.handle('p', { type: 'data-chunk', requestId: transfer.requestId, offsetBytes: 0, bytes: Uint8Array.of(1, 2, 3) });
  downloader.handle('p', { type: 'data-chunk', requestId: transfer.requestId, offsetBytes: 3, bytes: Uint8Array.of(4, 5, 6) });
  assert.deepEqual([...(await transfer.promise)], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(progress, [3, 6]);
  assert.deepEqual(log, ['verified p']);
  assert.equal(peer.activeDownloads, 0);
  assert.equal(peer.bytesPerMs, 6 / 100);
  assert.equal(clock.pendingTimers, 0);
});

test('no data for p2pTimeoutMs: stalled, cancel sent, the peer charged', async () => {
  const { clock, sent, log, downloader } = setup();
  const transfer = downloader.request({ peerId: 'p', streamId: 's', segmentId: '7' });
  const reason = failureOf(transfer.promise);
  await clock.advance(3999);
  assert.deepEqual(log, []);
  await clock.advance(1);
  assert.equal(await reason, TransferFailureReason.Stalled);
  assert.deepEqual(sent.at(-1), { type: 'cancel', requestId: transfer.requestId });
  assert.deepEqual(log, [`offense p ${PeerOffense.Stalled}`]);
});

test('every chunk re-arms the stall timer (at an honest rate: 128 KiB every 3 s)', async () => {
  const { clock, downloader } = setup();
  const CHUNK = 128 * 1024;
  const transfer = downloader.request({ peerId: 'p', streamId: 's', segmentId: '7' });
  downloader.handle('p', { type: 'data-header', requestId: transfer.requestId, totalBytes: 4 * CHUNK });
  for (let offset = 0; offset < 4; offset++) {
    await clock.advance(3000);
    downloader.handle('p', { type: 'data-chunk', requestId: transfer.requestId, offsetBytes: offset * CHUNK, bytes: new Uint8Array(CHUNK) });
  }
  assert.equal((await transfer.promise).byteLength, 4 * CHUNK, '12 s in total, never 4 s without data');
});

test('issue 10 hole 7: a drip-feeding peer (1 byte every 3.9 s) fails as stalled and is charged, well before the margin', async () => {
  const { clock, log, downloader } = setup();
  const transfer = downloader.request({ peerId: 'drip', streamId: 's', segmentId: '7' });
  downloader.handle('drip', { type: 'data-header', requestId: transfer.requestId, totalBytes: 500_000 });
  let failedAtMs: number | undefined;
  const startMs = clock.now();
  transfer.promise.catch(() => (failedAtMs = clock.now() - startMs));
  // Before: every byte re-armed the 4 s stall timer: 60 s later it was still running.
  for (let offset = 0; offset < 15 && failedAtMs === undefined; offset++) {
    await clock.advance(3900);
    downloader.handle('drip', { type: 'data-chunk', requestId: transfer.requestId, offsetBytes: offset, bytes: Uint8Array.of(1) });
  }
  console.log(`hole 7: a 1-byte-per-3.9-s transfer failed after ${failedAtMs} ms`);
  assert.equal(await failureOf(transfer.promise), TransferFailureReason.Stalled);
  assert.ok(failedAtMs! <= 4100, `failed after ${failedAtMs} ms`);
  assert.deepEqual(log, ['offense drip stalled']);
  await assert.rejects(transfer.promise, /below 32768 bytes\/s/);
});

test('size and order checks reject, charging the right offense', async () => {
  const { sent, log, downloader } = setup();
  const wrongSize = downloader.request({ peerId: 'p', streamId: 's', segmentId: '1', expectedBytes: 10 });
  downloader.handle('p', { type: 'data-header', requestId: wrongSize.requestId, totalBytes: 11 });
  assert.equal(await failureOf(wrongSize.promise), TransferFailureReason.Rejected);
  const outOfOrder = downloader.request({ peerId: 'p', streamId: 's', segmentId: '2' });
  downloader.handle('p', { type: 'data-header', requestId: outOfOrder.requestId, totalBytes: 4 });
  downloader.handle('p', { type: 'data-chunk', requestId: outOfOrder.requestId, offsetBytes: 2, bytes: Uint8Array.of(9) });
  assert.equal(await failureOf(outOfOrder.promise), TransferFailureReason.Rejected);
  const tooMuch = downloader.request({ peerId: 'p', streamId: 's', segmentId: '3' });
  downloader.handle('p', { type: 'data-header', requestId: tooMuch.requestId, totalBytes: 1 });
  downloader.handle('p', { type: 'data-chunk', requestId: tooMuch.requestId, offsetBytes: 0, bytes: Uint8Array.of(1, 2) });
  assert.equal(await failureOf(tooMuch.promise), TransferFailureReason.Rejected);
  assert.deepEqual(log, [
    `rejected 0 ${PeerOffense.BadSegment} announced 11 bytes, expected 10`,
    `rejected 1 ${PeerOffense.ProtocolViolation} chunk at 2, expected 0`,
    `rejected 2 ${PeerOffense.ProtocolViolation} more bytes than the announced 1`,
  ]);
  assert.equal(sent.filter((message) => message.type === 'cancel').length, 3);
});

test('bytes that fail verification are rejected as a bad segment', async () => {
  const { log, downloader } = setup({ verify: () => false });
  const transfer = downloader.request({ peerId: 'p', streamId: 's', segmentId: '7' });
  downloader.handle('p', { type: 'data-header', requestId: transfer.requestId, totalBytes: 2 });
  downloader.handle('p', { type: 'data-chunk', requestId: transfer.requestId, offsetBytes: 0, bytes: Uint8Array.of(1, 2) });
  assert.equal(await failureOf(transfer.promise), TransferFailureReason.Rejected);
  assert.deepEqual(log, [`rejected 2 ${PeerOffense.BadSegment} verification failed`]);
});

test('absent after have is an offense; cancel() hands back the prefix; peerGone fails the rest', async () => {
  const { log, downloader } = setup();
  const absent = downloader.request({ peerId: 'p', streamId: 's', segmentId: '1' });
  downloader.handle('p', { type: 'absent', requestId: absent.requestId });
  assert.equal(await failureOf(absent.promise), TransferFailureReason.Absent);
  assert.deepEqual(log, [`offense p ${PeerOffense.Absent}`]);

  const cancelled = downloader.request({ peerId: 'p', streamId: 's', segmentId: '2' });
  downloader.handle('p', { type: 'data-header', requestId: cancelled.requestId, totalBytes: 4 });
  downloader.handle('p', { type: 'data-chunk', requestId: cancelled.requestId, offsetBytes: 0, bytes: Uint8Array.of(7, 8) });
  assert.deepEqual([...cancelled.cancel()], [7, 8]);
  assert.equal(cancelled.cancel().byteLength, 0, 'a second cancel has nothing left');
  assert.equal(await failureOf(cancelled.promise), TransferFailureReason.Cancelled);

  const gone = downloader.request({ peerId: 'p', streamId: 's', segmentId: '3' });
  downloader.peerGone('p');
  assert.equal(await failureOf(gone.promise), TransferFailureReason.PeerLeft);
  downloader.handle('p', { type: 'data-header', requestId: gone.requestId, totalBytes: 4 }); // late: ignored
  await flush();
  assert.equal(log.length, 1);
});

test('regression: bytes requireIntegrity cannot vouch for (no hash) are rejected without charging the honest peer', async () => {
  const { log, downloader } = setup({
    verify: () => {
      throw new UnvouchedSegmentError('the integrity file has no entry for this segment (requireIntegrity)');
    },
  });
  const transfer = downloader.request({ peerId: 'p', streamId: 's', segmentId: '7', expectedBytes: 3 });
  const reason = failureOf(transfer.promise);
  downloader.handle('p', { type: 'data-header', requestId: transfer.requestId, totalBytes: 3 });
  downloader.handle('p', { type: 'data-chunk', requestId: transfer.requestId, offsetBytes: 0, bytes: Uint8Array.of(1, 2, 3) });
  assert.equal(await reason, TransferFailureReason.Rejected);
  assert.deepEqual(log, ['rejected 3 undefined the integrity file has no entry for this segment (requireIntegrity)']);
});

// Regression (issue 10, memory): a peer could announce 64 MiB (the codec's cap) for a 100 KB
// segment and stream it; we kept every byte until the end, three transfers at a time.
test('a segment announced far beyond its stream\'s sizes is refused at the header, before any byte is held, with no charge', async () => {
  const { sent, log, downloader } = setup({ maxSegmentBytes: (streamId) => (streamId === 's' ? 2 * 1024 * 1024 : Infinity) });
  const transfer = downloader.request({ peerId: 'p', streamId: 's', segmentId: '7' });
  const reason = failureOf(transfer.promise);
  downloader.handle('p', { type: 'data-header', requestId: transfer.requestId, totalBytes: 64 * 1024 * 1024 });
  assert.equal(await reason, TransferFailureReason.Rejected);
  assert.deepEqual(sent.at(-1), { type: 'cancel', requestId: transfer.requestId });
  assert.match(log[0]!, /^rejected 0 undefined announced 67108864 bytes, more than the 2097152/);
  assert.equal(log.length, 1, 'no offense: it may be an honest outlier');
  downloader.handle('p', { type: 'data-chunk', requestId: transfer.requestId, offsetBytes: 0, bytes: new Uint8Array(65_536) });
  assert.equal(transfer.receivedBytes, 0, 'nothing held after the refusal');
});

test('the size bound does not apply where the manifest gives the exact size', async () => {
  const { downloader } = setup({ maxSegmentBytes: () => 10 });
  const transfer = downloader.request({ peerId: 'p', streamId: 's', segmentId: '7', expectedBytes: 20 });
  downloader.handle('p', { type: 'data-header', requestId: transfer.requestId, totalBytes: 20 });
  downloader.handle('p', { type: 'data-chunk', requestId: transfer.requestId, offsetBytes: 0, bytes: new Uint8Array(20) });
  assert.equal((await transfer.promise).byteLength, 20);
});

test('absent from a peer that said (hello) it serves nobody now is a refusal, not an offense (the upload cap and back-off)', async () => {
  const { peer, log, downloader } = setup();
  (peer as { uploadEnabled: boolean }).uploadEnabled = false;
  const refused = downloader.request({ peerId: 'p', streamId: 's', segmentId: '1' });
  downloader.handle('p', { type: 'absent', requestId: refused.requestId });
  assert.equal(await failureOf(refused.promise), TransferFailureReason.Absent);
  assert.deepEqual(log, []);
  (peer as { uploadEnabled: boolean }).uploadEnabled = true;
  const lied = downloader.request({ peerId: 'p', streamId: 's', segmentId: '2' });
  downloader.handle('p', { type: 'absent', requestId: lied.requestId });
  assert.equal(await failureOf(lied.promise), TransferFailureReason.Absent);
  assert.deepEqual(log, [`offense p ${PeerOffense.Absent}`]);
});
