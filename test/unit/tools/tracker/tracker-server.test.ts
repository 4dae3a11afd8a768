import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import WebSocket from 'ws';
import { messageKindOf, startTracker } from '../../../../tools/tracker/tracker-server.ts';

/** A WebTorrent announce as browsers send it (20-byte ids as binary strings). */
function announce(peerId: string): string {
  return JSON.stringify({
    action: 'announce',
    info_hash: 'p2p-video-test-swarm',
    peer_id: peerId.padEnd(20, '-'),
    numwant: 5,
    uploaded: 0,
    downloaded: 0,
    left: 0,
    event: 'started',
    offers: [],
  });
}

async function announceAndReply(url: string, peerId: string): Promise<{ socket: WebSocket; reply: Record<string, unknown> }> {
  const socket = new WebSocket(url);
  await once(socket, 'open');
  socket.send(announce(peerId));
  const [data] = await once(socket, 'message');
  return { socket, reply: JSON.parse(String(data)) };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), what);
}

describe('tracker server', () => {
  it('accepts WebSocket clients and answers announces', async () => {
    const tracker = await startTracker({ port: 0 });
    try {
      assert.match(tracker.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
      const a = await announceAndReply(tracker.url, 'peer-a');
      assert.equal(a.reply.action, 'announce');
      assert.equal(a.reply.complete, 1);
      const b = await announceAndReply(tracker.url, 'peer-b');
      assert.equal(b.reply.complete, 2, 'the second peer joins the same swarm');
      assert.equal(tracker.peers(), 2);
      b.socket.close();
      await until(() => tracker.peers() === 1, 'a closed client is no longer counted');
      a.socket.close();
    } finally {
      await tracker.close();
    }
  });

  it('counts the messages clients send (the tracker load the benchmark reports)', async () => {
    const tracker = await startTracker({ port: 0 });
    try {
      assert.equal(tracker.messagesReceived(), 0);
      const a = await announceAndReply(tracker.url, 'peer-m');
      a.socket.send(announce('peer-m'));
      await until(() => tracker.messagesReceived() === 2, 'two announces counted');
      assert.deepEqual(tracker.messagesByKind(), { offers: 0, answer: 0, announce: 2, stopped: 0, other: 0 });
      assert.equal(tracker.largestMessageBytes(), Buffer.byteLength(announce('peer-m')));
      a.socket.close();
    } finally {
      await tracker.close();
    }
  });

  it('tells announces with offers, answers, plain announces, leaves and the rest apart', () => {
    const base = { action: 'announce', info_hash: 'x'.repeat(20), peer_id: 'y'.repeat(20) };
    assert.equal(messageKindOf(JSON.stringify({ ...base, numwant: 3, offers: [{ offer_id: 'z'.repeat(20), offer: { type: 'offer', sdp: 's' } }] })), 'offers');
    assert.equal(messageKindOf(JSON.stringify({ ...base, answer: { type: 'answer', sdp: 's' }, offer_id: 'z'.repeat(20), to_peer_id: 'w'.repeat(20) })), 'answer');
    assert.equal(messageKindOf(JSON.stringify({ ...base, offers: [] })), 'announce');
    assert.equal(messageKindOf(JSON.stringify({ ...base, event: 'stopped' })), 'stopped');
    assert.equal(messageKindOf(JSON.stringify({ action: 'scrape' })), 'other');
    assert.equal(messageKindOf('not json'), 'other');
  });

  it('closes with clients connected, and starts again on the same port', async () => {
    const first = await startTracker({ port: 0 });
    const { socket } = await announceAndReply(first.url, 'peer-c');
    const closed = once(socket, 'close');
    await first.close();
    await first.close();
    await closed;
    await assert.rejects(announceAndReply(first.url, 'peer-d'), /ECONNREFUSED/);

    const second = await startTracker({ port: first.port });
    try {
      assert.equal(second.url, first.url);
      const { socket: again, reply } = await announceAndReply(second.url, 'peer-d');
      assert.equal(reply.action, 'announce');
      again.close();
    } finally {
      await second.close();
    }
  });

  it('says which port is taken instead of crashing', async () => {
    const tracker = await startTracker({ port: 0 });
    try {
      await assert.rejects(startTracker({ port: tracker.port }), /cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/);
    } finally {
      await tracker.close();
    }
  });
});
