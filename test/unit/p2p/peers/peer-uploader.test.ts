import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PeerOffense } from '../../../../src/p2p/peers/peer-score.ts';
import type { PeerSwarm } from '../../../../src/p2p/peers/peer-swarm.ts';
import { PeerUploader } from '../../../../src/p2p/peers/peer-uploader.ts';
import { ProtocolLimits, type ProtocolMessage } from '../../../../src/p2p/protocol/protocol.ts';
import { SegmentStore } from '../../../../src/p2p/storage/segment-store.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';

const CHUNK = ProtocolLimits.maxChunkBytes;

function setup(options: { uploadEnabled?: boolean; limitBytes?: number } = {}) {
  const clock = new FakeClock();
  const store = new SegmentStore({ limitBytes: options.limitBytes ?? 64 * 1024 * 1024, liveRetentionSeconds: 60 });
  const sent: Array<{ to: string; message: ProtocolMessage }> = [];
  const swarm = { send: (to: string, message: ProtocolMessage) => sent.push({ to, message }) } as unknown as PeerSwarm;
  const log: string[] = [];
  const uploader = new PeerUploader({
    swarm,
    store,
    clock,
    isUploadEnabled: () => options.uploadEnabled ?? true,
    onUploaded: ({ peerId, segmentId, bytes }) => log.push(`uploaded ${peerId} ${segmentId} ${bytes}`),
    onOffense: (peerId, offense, detail) => log.push(`offense ${peerId} ${offense} ${detail}`),
  });
  const add = (segmentId: string, size: number) =>
    store.add({ streamId: 's', segmentId, bytes: new Uint8Array(size).fill(Number(segmentId)), source: 'http', isLive: false, endTime: 10 });
  const request = (peerId: string, requestId: number, segmentId: string) => uploader.handle(peerId, { type: 'request', requestId, streamId: 's', segmentId });
  return { clock, store, sent, log, uploader, add, request };
}

const types = (sent: Array<{ message: ProtocolMessage }>) => sent.map(({ message }) => message.type);

test('a stored segment goes out as a header and chunks, a few per tick, then is reported', async () => {
  const { clock, sent, log, add, request } = setup();
  add('1', CHUNK * 6 + 10);
  request('a', 5, '1');
  assert.deepEqual(types(sent), ['data-header', 'data-chunk', 'data-chunk', 'data-chunk', 'data-chunk']);
  assert.deepEqual(sent[0]!.message, { type: 'data-header', requestId: 5, totalBytes: CHUNK * 6 + 10 });
  await clock.advance(0);
  assert.equal(types(sent).filter((type) => type === 'data-chunk').length, 7);
  const offsets = sent.slice(1).map(({ message }) => (message as { offsetBytes: number }).offsetBytes);
  assert.deepEqual(offsets, [0, 1, 2, 3, 4, 5, 6].map((i) => i * CHUNK));
  assert.deepEqual(log, [`uploaded a 1 ${CHUNK * 6 + 10}`]);
});

test('not stored, or uploads turned off: absent', () => {
  const stored = setup();
  stored.request('a', 1, '404');
  assert.deepEqual(stored.sent.map(({ message }) => message), [{ type: 'absent', requestId: 1 }]);
  const off = setup({ uploadEnabled: false });
  off.add('1', 10);
  off.request('a', 1, '1');
  assert.deepEqual(types(off.sent), ['absent']);
});

test('a cancel stops an upload between ticks; nothing is reported', async () => {
  const { clock, sent, log, uploader, add, request } = setup();
  add('1', CHUNK * 10);
  request('a', 1, '1');
  uploader.handle('a', { type: 'cancel', requestId: 1 });
  await clock.advance(100);
  assert.equal(types(sent).filter((type) => type === 'data-chunk').length, 4);
  assert.deepEqual(log, []);
  assert.equal(clock.pendingTimers, 0);
});

test('a segment being uploaded is pinned: the store cannot evict it until the upload ends', async () => {
  const { clock, store, add, request } = setup({ limitBytes: CHUNK * 9 });
  add('1', CHUNK * 8);
  request('a', 1, '1');
  add('2', CHUNK * 8); // over the limit: only the unpinned newcomer can go
  assert.equal(store.has('s', '1'), true);
  await clock.advance(0);
  add('3', CHUNK * 8);
  assert.equal(store.has('s', '1'), false, 'released once sent');
});

test('more than 4 requests in flight, or a request id repeated, is a flood: absent and charged', () => {
  const { sent, log, add, request } = setup();
  add('1', CHUNK * 8);
  for (let id = 1; id <= 4; id++) request('a', id, '1');
  request('a', 5, '1');
  request('a', 4, '1');
  request('b', 1, '1'); // another peer has its own budget
  assert.deepEqual(log, [`offense a ${PeerOffense.Flood} more than 4 requests outstanding`, `offense a ${PeerOffense.Flood} repeated a request id in flight`]);
  const absents = sent.filter(({ message }) => message.type === 'absent').map(({ to, message }) => `${to} ${(message as { requestId: number }).requestId}`);
  assert.deepEqual(absents, ['a 5', 'a 4']);
});

test('peerGone stops that peer\'s uploads only; destroy stops the rest', async () => {
  const { clock, sent, log, uploader, add, request } = setup();
  add('1', CHUNK * 8);
  request('a', 1, '1');
  request('b', 1, '1');
  uploader.peerGone('a');
  await clock.advance(0);
  assert.deepEqual(log, [`uploaded b 1 ${CHUNK * 8}`]);
  request('c', 1, '1');
  uploader.destroy();
  uploader.destroy();
  const before = sent.length;
  await clock.advance(100);
  assert.equal(sent.length, before);
});

test('issue 10 hole 5: a peer requesting 10/s and confirming nothing gets at most 8 MiB handed to send(), then is charged', async () => {
  const { clock, sent, log, uploader, add, request } = setup({ limitBytes: 256 * 1024 * 1024 });
  const SEGMENT = 4 * 1024 * 1024;
  for (let id = 1; id <= 4; id++) add(String(id), SEGMENT);
  // Before: each upload counted as done once queued; 100 requests in 10 s queued 400 MiB.
  for (let i = 0; i < 100; i++) {
    request('hog', i + 1, String((i % 4) + 1));
    await clock.advance(100);
  }
  const handed = sent.filter(({ message }) => message.type === 'data-chunk').reduce((sum, { message }) => sum + (message as { bytes: Uint8Array }).bytes.byteLength, 0);
  console.log(`hole 5: ${(handed / 1024 / 1024).toFixed(1)} MiB handed to send() for a peer requesting 10/s for 10 s without confirming`);
  assert.ok(handed <= 8 * 1024 * 1024 + CHUNK * 4, `${handed} bytes handed to send()`);
  assert.ok(uploader.unconfirmedBytes() <= 8 * 1024 * 1024 + CHUNK * 4);
  assert.ok(log.some((line) => /flood requests faster than it receives/.test(line)), 'charged for requesting beyond what it receives');
  uploader.destroy();
});

test('a peer that confirms (have) what it received is served at full speed; the total cap holds across peers', async () => {
  const { clock, sent, log, uploader, add, request } = setup({ limitBytes: 256 * 1024 * 1024 });
  const SEGMENT = 4 * 1024 * 1024;
  for (let id = 1; id <= 20; id++) add(String(id), SEGMENT);
  for (let id = 1; id <= 20; id++) {
    request('good', id, String(id));
    await clock.advance(50);
    uploader.confirm('good', 's', [String(id)]);
  }
  assert.equal(log.filter((line) => line.startsWith('uploaded good')).length, 20);
  assert.deepEqual(log.filter((line) => line.startsWith('offense')), []);
  // Six peers at their per-peer cap would be 48 MiB: the total stops at 32 MiB.
  sent.length = 0;
  for (const peer of ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']) for (let id = 1; id <= 3; id++) request(peer, id, String(id));
  await clock.advance(1000);
  assert.ok(uploader.unconfirmedBytes() <= 32 * 1024 * 1024 + CHUNK * 4, `${uploader.unconfirmedBytes()} unconfirmed in all`);
  // Unconfirmed bytes are released after 10 s (sent or given up by the transport), then uploads go on.
  for (let i = 0; i < 4; i++) await clock.advance(10_000);
  assert.ok(log.some((line) => line.startsWith('uploaded p6')), `p6 served after the release: ${log.slice(-6).join('; ')}`);
  uploader.destroy();
});
