import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PeerSwarm } from '../../../../src/p2p/peers/peer-swarm.ts';
import { MAX_PEERS_IN_FLIGHT, PeerUploader } from '../../../../src/p2p/peers/peer-uploader.ts';
import { ProtocolLimits, type ProtocolMessage } from '../../../../src/p2p/protocol/protocol.ts';
import { SegmentStore } from '../../../../src/p2p/storage/segment-store.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';

const CHUNK = ProtocolLimits.maxChunkBytes;
const PEERS = ['a', 'b', 'c'];

/** An uploader with `uploadLimitBitsPerSecond` and a buffer level the test sets. */
function setup(options: { limit?: number; peers?: string[] } = {}) {
  const clock = new FakeClock();
  const store = new SegmentStore({ limitBytes: 256 * 1024 * 1024, liveRetentionSeconds: 60 });
  const sent: Array<{ to: string; message: ProtocolMessage }> = [];
  const swarm = {
    send: (to: string, message: ProtocolMessage) => sent.push({ to, message }),
    peers: (options.peers ?? PEERS).map((id) => ({ id })),
  } as unknown as PeerSwarm;
  const log: string[] = [];
  const buffer = { segments: undefined as number | undefined };
  const uploader = new PeerUploader({
    swarm,
    store,
    clock,
    isUploadEnabled: () => true,
    onUploaded: ({ peerId, segmentId }) => log.push(`uploaded ${peerId} ${segmentId}`),
    onOffense: (peerId, offense, detail) => log.push(`offense ${peerId} ${offense} ${detail}`),
    uploadLimitBitsPerSecond: options.limit,
    bufferedAheadSegments: () => buffer.segments,
  });
  // Every byte says where it belongs (segment and offset), so a reordered or cut upload shows.
  const add = (segmentId: string, size: number, isLive = false) => {
    const bytes = new Uint8Array(size).map((_, i) => (i * 7 + Number(segmentId)) & 0xff);
    store.add({ streamId: 's', segmentId, bytes, source: 'http', isLive, endTime: 10 });
    return bytes;
  };
  const request = (peerId: string, requestId: number, segmentId: string) => uploader.handle(peerId, { type: 'request', requestId, streamId: 's', segmentId });
  return { clock, sent, log, buffer, uploader, add, request };
}

type Sent = Array<{ to: string; message: ProtocolMessage }>;
const chunkBytes = (sent: Sent) => sent.reduce((sum, { message }) => sum + (message.type === 'data-chunk' ? message.bytes.byteLength : 0), 0);
const hellos = (sent: Sent) => sent.filter(({ message }) => message.type === 'hello').map(({ to, message }) => `${to} ${(message as { uploadEnabled: boolean }).uploadEnabled}`);
const absents = (sent: Sent) => sent.filter(({ message }) => message.type === 'absent').map(({ to }) => to);

/** The bytes one request received, put together from its chunks at their offsets. */
function received(sent: Sent, to: string, requestId: number): Uint8Array {
  const header = sent.find(({ to: peer, message }) => peer === to && message.type === 'data-header' && message.requestId === requestId)!.message as { totalBytes: number };
  const bytes = new Uint8Array(header.totalBytes);
  let filled = 0;
  for (const { to: peer, message } of sent) {
    if (peer !== to || message.type !== 'data-chunk' || message.requestId !== requestId) continue;
    assert.equal(message.offsetBytes, filled, 'chunks in order, no gap, no overlap');
    bytes.set(message.bytes, message.offsetBytes);
    filled += message.bytes.byteLength;
  }
  assert.equal(filled, header.totalBytes, 'not truncated');
  return bytes;
}

test('uploadLimitBitsPerSecond: three peers asking all the time get the cap over 10 s, within 3 %', async () => {
  const LIMIT = 4_000_000;
  const { clock, sent, log, uploader, add, request } = setup({ limit: LIMIT });
  // Three at a time end within the 4 s deadline at 500 kB/s (3 x 600 kB).
  for (let id = 1; id <= 12; id++) add(String(id), 600_000 + id);
  let requestId = 0;
  // Each peer keeps one request in flight and confirms what it got, as our downloader does.
  const ask = (peer: string) => request(peer, ++requestId, String((requestId % 12) + 1));
  for (const peer of PEERS) ask(peer);
  for (let ms = 0; ms < 10_000; ms += 50) {
    await clock.advance(50);
    for (const line of log.splice(0)) {
      const [, peer, segmentId] = line.split(' ');
      assert.ok(line.startsWith('uploaded'), line);
      uploader.confirm(peer!, 's', [segmentId!]);
      ask(peer!);
    }
  }
  const capBytes = (LIMIT / 8) * 10;
  const bytes = chunkBytes(sent);
  console.log(`uploader under a ${LIMIT} bit/s cap: ${bytes} bytes in 10 s to 3 peers (${((bytes / capBytes - 1) * 100).toFixed(2)} % off the cap)`);
  assert.ok(Math.abs(bytes / capBytes - 1) <= 0.03, `${bytes} bytes, cap ${capBytes}`);
  assert.deepEqual(absents(sent), [], 'three uploads fit a 4 Mbit/s cap at the minimum rate');
  uploader.destroy();
});

test('uploads under a cap arrive whole and uncorrupted, interleaved chunk by chunk', async () => {
  const { clock, sent, log, uploader, add, request } = setup({ limit: 2_000_000 });
  const one = add('1', CHUNK * 5 + 123);
  const two = add('2', CHUNK * 3 + 7);
  request('a', 1, '1');
  request('b', 9, '2');
  await clock.advance(5000);
  assert.deepEqual(received(sent, 'a', 1), one);
  assert.deepEqual(received(sent, 'b', 9), two);
  assert.deepEqual(log.sort(), ['uploaded a 1', 'uploaded b 2']);
  // Taking turns: b's first chunk went out before a's last one.
  const order = sent.filter(({ message }) => message.type === 'data-chunk').map(({ to }) => to);
  assert.ok(order.indexOf('b') < order.lastIndexOf('a'), order.join(''));
  uploader.destroy();
});

test('a request the cap cannot serve at the minimum rate is refused at once (no charge); peers hear hello false, then true', async () => {
  // 512 kbit/s = 64 KiB/s: two uploads at the 32 KiB/s a requester accepts.
  const { clock, sent, log, uploader, add, request } = setup({ limit: 524_288 });
  add('1', CHUNK * 2);
  request('a', 1, '1');
  assert.deepEqual(hellos(sent), []);
  request('b', 1, '1');
  assert.deepEqual(hellos(sent), ['a false', 'b false', 'c false'], 'full: peers are told not to ask');
  request('c', 1, '1');
  assert.deepEqual(absents(sent), ['c']);
  assert.deepEqual(log.filter((line) => line.startsWith('offense')), [], 'a busy refusal is not the requester\'s fault');
  uploader.peerJoined('d');
  assert.deepEqual(hellos(sent).slice(3), ['d false'], 'a newcomer is corrected too');
  await clock.advance(5000);
  assert.deepEqual(log.sort(), ['uploaded a 1', 'uploaded b 1']);
  assert.deepEqual(hellos(sent).slice(4), ['a true', 'b true', 'c true'], 'room again: peers may ask');
  uploader.destroy();
});

test('a request the cap cannot finish within 4 s, taking turns with the running uploads, is refused at once', async () => {
  // 2 Mbit/s = 250 kB/s: 1 MB alone takes 4.0 s, with another 0.5 MB upload running 6 s.
  const { clock, sent, log, uploader, add, request } = setup({ limit: 2_000_000 });
  add('big', 1_000_000);
  add('small', 500_000);
  add('tiny', 100_000);
  request('a', 1, 'small');
  request('b', 1, 'big');
  assert.deepEqual(absents(sent), ['b'], 'too late to be of use: the requester would cancel it at its fallback margin');
  const toB = sent.filter(({ to }) => to === 'b').map(({ message }) => (message.type === 'hello' ? `hello ${message.uploadEnabled}` : message.type));
  assert.deepEqual(toB, ['hello false', 'absent', 'hello true'], 'a refusal, not a lie, and still serving others');
  assert.deepEqual(hellos(sent).filter((line) => !line.startsWith('b ')), [], 'the others are not told anything');
  request('c', 1, 'tiny');
  assert.deepEqual(absents(sent), ['b'], 'a small one still fits');
  await clock.advance(5000);
  assert.deepEqual(log.sort(), ['uploaded a small', 'uploaded c tiny']);
  request('b', 2, 'big');
  await clock.advance(5000);
  assert.deepEqual(log.sort(), ['uploaded a small', 'uploaded b big', 'uploaded c tiny'], 'alone, it fits');
  uploader.destroy();
});

test('back-off: no new upload while our own buffer is under 1 segment; uploads resume once it is back over 1.5', async () => {
  const { clock, sent, log, buffer, uploader, add, request } = setup();
  add('1', CHUNK * 2);
  buffer.segments = 4;
  request('a', 0, '1');
  await clock.advance(0);
  assert.deepEqual(log.splice(0), ['uploaded a 1'], 'a full buffer serves');
  buffer.segments = 0.8;
  request('a', 1, '1');
  assert.deepEqual(absents(sent), ['a']);
  assert.deepEqual(hellos(sent), ['a false', 'b false', 'c false']);
  // In this order on the one ordered channel: the requester hears "not serving" before the absent.
  const toA = sent.filter(({ to, message }) => to === 'a' && (message.type === 'hello' || message.type === 'absent')).map(({ message }) => message.type);
  assert.deepEqual(toA, ['hello', 'absent']);
  buffer.segments = 1.2; // above the threshold, below the resume level: still backed off
  await clock.advance(1000);
  request('b', 1, '1');
  assert.deepEqual(absents(sent), ['a', 'b']);
  assert.equal(hellos(sent).length, 3, 'no flapping between 1 and 1.5');
  buffer.segments = 1.5;
  await clock.advance(500);
  assert.deepEqual(hellos(sent).slice(3), ['a true', 'b true', 'c true'], 'told without waiting for a request');
  request('a', 2, '1');
  await clock.advance(0);
  assert.deepEqual(log, ['uploaded a 1']);
  assert.deepEqual(log.filter((line) => line.startsWith('offense')), []);
  uploader.destroy();
  assert.equal(clock.pendingTimers, 0);
});

test('back-off lets running uploads finish: a low buffer stops new uploads only', async () => {
  const { clock, sent, log, buffer, uploader, add, request } = setup({ limit: 1_000_000 });
  const bytes = add('1', CHUNK * 4);
  buffer.segments = 3;
  request('a', 1, '1');
  buffer.segments = 0.5;
  request('b', 1, '1');
  await clock.advance(5000);
  assert.deepEqual(received(sent, 'a', 1), bytes);
  assert.deepEqual(log, ['uploaded a 1']);
  assert.deepEqual(absents(sent), ['b']);
  uploader.destroy();
});

test('no back-off before the buffer first reaches 1.5 segments (start-up, a low-latency live delay) or while it is unknown', () => {
  const { sent, buffer, uploader, add, request } = setup();
  add('1', 10);
  request('a', 1, '1'); // no player report yet
  buffer.segments = 0;
  request('a', 2, '1'); // starting: what it just fetched is what its live swarm waits for
  buffer.segments = 0.9;
  request('a', 3, '1'); // a player that never holds more would otherwise never serve
  assert.deepEqual(absents(sent), []);
  assert.deepEqual(hellos(sent), []);
  buffer.segments = 1.5;
  request('a', 4, '1');
  buffer.segments = 0.9;
  request('a', 5, '1');
  assert.deepEqual(absents(sent), ['a'], 'armed once the buffer was there');
  uploader.destroy();
});

test('a cancel under a cap withdraws the chunk waiting for tokens; destroy leaves no timer, safe twice', async () => {
  const { clock, sent, log, uploader, add, request } = setup({ limit: 1_000_000 });
  add('1', CHUNK * 3);
  add('2', CHUNK * 3);
  request('a', 1, '1');
  request('b', 1, '2');
  uploader.handle('a', { type: 'cancel', requestId: 1 });
  await clock.advance(1000);
  const toA = sent.filter(({ to, message }) => to === 'a' && message.type === 'data-chunk').length;
  assert.equal(toA, 1, 'only the chunk sent before the cancel');
  uploader.destroy();
  uploader.destroy();
  const before = sent.length;
  await clock.advance(5000);
  assert.equal(sent.length, before);
  assert.equal(clock.pendingTimers, 0);
  assert.deepEqual(log, []);
});

test('issue 12: without a cap, live uploads go to at most MAX_PEERS_IN_FLIGHT peers at once; the next is refused (no lie) until one confirms or cancels', async () => {
  const peers = ['a', 'b', 'c', 'd', 'e'];
  const { clock, sent, log, uploader, add, request } = setup({ peers });
  add('1', CHUNK * 3, true);
  add('2', CHUNK * 3, true);
  for (let i = 0; i < MAX_PEERS_IN_FLIGHT; i++) request(peers[i]!, 1, '1');
  await clock.advance(0);
  const waiting = peers[MAX_PEERS_IN_FLIGHT]!;
  request(waiting, 1, '1');
  assert.deepEqual(absents(sent), [waiting], 'one peer too many: refused');
  assert.deepEqual(hellos(sent), [`${waiting} false`, `${waiting} true`], 'a refusal, told as such (not a lie), to that peer only');
  request(peers[0]!, 2, '2');
  assert.deepEqual(absents(sent), [waiting], 'a peer already in flight may queue more on its own channel (it is served in order)');
  // The first confirms (announces have): its slot is free.
  uploader.confirm(peers[0]!, 's', ['1', '2']);
  request(waiting, 2, '1');
  assert.deepEqual(absents(sent), [waiting], 'served once a slot was free');
  // Another gives up on its transfer (cancel): it will not confirm, its slot is free.
  uploader.handle(peers[1]!, { type: 'cancel', requestId: 1 });
  request(peers[MAX_PEERS_IN_FLIGHT + 1]!, 1, '2');
  assert.deepEqual(absents(sent), [waiting]);
  assert.ok(log.every((line) => line.startsWith('uploaded')), `no offense: ${log.join('; ')}`);
  uploader.destroy();
});

test('issue 12: an unconfirmed upload frees its slot after the release time (the peer left, or its have was lost)', async () => {
  const peers = ['a', 'b', 'c', 'd'];
  const { clock, sent, uploader, add, request } = setup({ peers });
  add('1', CHUNK, true);
  for (let i = 0; i < MAX_PEERS_IN_FLIGHT; i++) request(peers[i]!, 1, '1');
  await clock.advance(0);
  request(peers[MAX_PEERS_IN_FLIGHT]!, 1, '1');
  assert.equal(absents(sent).length, 1);
  await clock.advance(10_000);
  request(peers[MAX_PEERS_IN_FLIGHT]!, 2, '1');
  assert.equal(absents(sent).length, 1, 'served after 10 s');
  uploader.destroy();
});

test('issue 12: VOD uploads are not limited to MAX_PEERS_IN_FLIGHT peers (refused VOD requesters went to the origin: simulated 4-viewer bench 1.29 -> 2.14 copies)', async () => {
  const peers = ['a', 'b', 'c', 'd', 'e'];
  const { clock, sent, uploader, add, request } = setup({ peers });
  add('1', CHUNK * 3);
  for (const peer of peers) request(peer, 1, '1');
  await clock.advance(0);
  assert.deepEqual(absents(sent), []);
  uploader.destroy();
});
