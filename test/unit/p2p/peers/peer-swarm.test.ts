import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DisconnectReason } from '../../../../src/p2p/events.ts';
import { PeerSwarm } from '../../../../src/p2p/peers/peer-swarm.ts';
import { HaveMode, PROTOCOL_VERSION, ProtocolLimits, type ProtocolMessage } from '../../../../src/p2p/protocol/protocol.ts';
import { ProtocolCodec } from '../../../../src/p2p/protocol/protocol-codec.ts';
import type { SwarmConnection } from '../../../../src/p2p/transport/transport.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';
import { silentLogger } from '../../../fakes/core-harness.ts';

const codec = new ProtocolCodec({ maxSegmentBytes: 1024 * 1024 });

/** A connection the test drives by hand: `join`, `message` and `leave` play the remote side. */
function stubConnection() {
  const handlers: { join?: (id: string) => void; leave?: (id: string) => void; message?: (id: string, data: Uint8Array) => void } = {};
  const sent: Array<{ to: string; message: ProtocolMessage }> = [];
  const disconnected: string[] = [];
  const connection: SwarmConnection = {
    selfId: 'me',
    send: (to, data) => sent.push({ to, message: codec.decode(data) }),
    onPeerJoin: (cb) => (handlers.join = cb),
    onPeerLeave: (cb) => (handlers.leave = cb),
    onMessage: (cb) => (handlers.message = cb),
    disconnect: (peerId) => disconnected.push(peerId),
    leave: async () => {},
  };
  return {
    connection,
    sent,
    disconnected,
    join: (id: string) => handlers.join!(id),
    leave: (id: string) => handlers.leave!(id),
    receive: (id: string, message: ProtocolMessage | Uint8Array) => handlers.message!(id, message instanceof Uint8Array ? message : codec.encode(message)),
  };
}

function setup(options: { maxPeers?: number; holdings?: Map<string, string[]> } = {}) {
  const remote = stubConnection();
  const log: string[] = [];
  const clock = new FakeClock();
  const swarm = new PeerSwarm({
    connection: remote.connection,
    codec,
    clock,
    logger: silentLogger,
    maxPeers: options.maxPeers ?? 20,
    uploadEnabled: true,
    holdings: () => options.holdings ?? new Map(),
    handlers: {
      peerConnected: (peer) => log.push(`connected ${peer.id}`),
      peerDisconnected: (peerId, reason) => log.push(`disconnected ${peerId} ${reason}`),
      availabilityChanged: (peerId, streamId, added) => log.push(`available ${peerId} ${streamId} ${added.join(',')}`),
      transferMessage: (peerId, message) => log.push(`transfer ${peerId} ${message.type}`),
      offense: (peerId, offense) => log.push(`offense ${peerId} ${offense}`),
      unsupportedVersion: (peerId, version) => log.push(`version ${peerId} ${version}`),
      warning: () => {},
    },
  });
  return { remote, swarm, log, clock };
}

test('a new peer gets our hello and full have, and is reported connected', () => {
  const { remote, swarm, log } = setup({ holdings: new Map([['s', ['1', '2']]]) });
  remote.join('a');
  assert.deepEqual(remote.sent.map(({ to, message }) => `${to} ${message.type}`), ['a hello', 'a have']);
  assert.deepEqual(remote.sent[1]!.message, { type: 'have', streamId: 's', mode: HaveMode.Full, segmentIds: ['1', '2'] });
  assert.deepEqual(log, ['connected a']);
  assert.equal(swarm.size, 1);
});

test('the swarm owns bans: a banned peer is hung up on, ignored, and hung up on again when it returns', () => {
  const { remote, swarm, log } = setup();
  remote.join('evil');
  swarm.ban('evil', DisconnectReason.Banned);
  assert.equal(swarm.isBanned('evil'), true);
  assert.deepEqual(remote.disconnected, ['evil']);
  assert.deepEqual(log, ['connected evil', 'disconnected evil banned']);
  remote.receive('evil', { type: 'have', streamId: 's', mode: HaveMode.Add, segmentIds: ['1'] });
  remote.join('evil');
  assert.deepEqual(remote.disconnected, ['evil', 'evil']);
  assert.equal(swarm.size, 0);
  assert.deepEqual(log, ['connected evil', 'disconnected evil banned'], 'nothing from a banned peer gets through');
});

test('another protocol version: dropped as `protocol` and reported, not scored', () => {
  const { remote, swarm, log } = setup();
  remote.join('old');
  remote.receive('old', { type: 'hello', version: PROTOCOL_VERSION + 1, uploadEnabled: true });
  assert.equal(swarm.isBanned('old'), true);
  assert.deepEqual(log, ['connected old', 'disconnected old protocol', `version old ${PROTOCOL_VERSION + 1}`]);
});

test('a message overtaking the join callback counts as the join; transfer messages go to their handler', () => {
  const { remote, log } = setup();
  remote.receive('fast', { type: 'request', requestId: 1, streamId: 's', segmentId: '3' });
  assert.deepEqual(log, ['connected fast', 'transfer fast request']);
});

test('over maxPeers a joining peer is hung up on', () => {
  const { remote, swarm, log } = setup({ maxPeers: 1 });
  remote.join('a');
  remote.join('b');
  assert.deepEqual(remote.disconnected, ['b']);
  assert.equal(swarm.size, 1);
  assert.deepEqual(log, ['connected a']);
});

test('oversized and malformed messages are offenses; a leaving peer is reported once', () => {
  const { remote, log } = setup();
  remote.join('a');
  remote.receive('a', new Uint8Array(ProtocolLimits.maxMessageBytes + 1));
  remote.receive('a', Uint8Array.of(0xff));
  remote.leave('a');
  remote.leave('a');
  assert.deepEqual(log, ['connected a', 'offense a oversized-message', 'offense a protocol-violation', 'disconnected a left']);
});

test('have adds, removes and replaces what a peer holds', () => {
  const { remote, swarm, log } = setup();
  remote.join('a');
  remote.receive('a', { type: 'have', streamId: 's', mode: HaveMode.Add, segmentIds: ['1', '2'] });
  remote.receive('a', { type: 'have', streamId: 's', mode: HaveMode.Remove, segmentIds: ['1'] });
  assert.deepEqual([...swarm.peer('a')!.have.get('s')!], ['2']);
  remote.receive('a', { type: 'have', streamId: 's', mode: HaveMode.Full, segmentIds: ['7'] });
  assert.deepEqual([...swarm.peer('a')!.have.get('s')!], ['7']);
  assert.deepEqual(log.slice(1), ['available a s 1,2', 'available a s ', 'available a s 7']);
});

test('issue 10 hole 6: what one peer\'s announcements make us keep is bounded by bytes (64 streams x 8,192 ids of 128 bytes)', async () => {
  const { remote, swarm, clock } = setup();
  remote.join('hog');
  remote.receive('hog', { type: 'hello', version: PROTOCOL_VERSION, uploadEnabled: true });
  const longId = (n: number) => String(n).padStart(ProtocolLimits.maxSegmentIdBytes, 'x');
  const step = ProtocolLimits.maxIdsPerMessage;
  for (let stream = 0; stream < 64; stream++) {
    for (let first = 0; first < 8192; first += step) {
      await clock.advance(50); // within the announcement rate limit (25/s)
      const segmentIds = Array.from({ length: step }, (_, i) => longId(first + i));
      remote.receive('hog', { type: 'have', streamId: `stream-${stream}`, mode: HaveMode.Add, segmentIds });
    }
    remote.receive('hog', { type: 'loading', streamId: `stream-${stream}`, segmentIds: Array.from({ length: step }, (_, i) => longId(9000 + i)) });
  }
  await clock.advance(0);
  const peer = swarm.peer('hog')!;
  let kept = 0;
  for (const map of [peer.have, peer.loading]) for (const set of map.values()) for (const id of set) kept += id.length + 48;
  // Before: 64 x 8,192 ids of 128 bytes kept, ~92 MiB by this estimate (83 MiB measured).
  console.log(`hole 6: ${(kept / 1024 / 1024).toFixed(1)} MiB of announcements kept for one peer`);
  assert.ok(kept <= 2 * 1024 * 1024, `${kept} bytes kept`);
  assert.equal(peer.announcedBytes, kept, 'the accounting matches what is kept');
});

test('a have window keeps the newest ids of a stream; remove and full have give the bytes back', () => {
  const { remote, swarm } = setup();
  remote.join('a');
  const ids = Array.from({ length: 512 }, (_, i) => String(i));
  for (let part = 0; part < 17; part++) remote.receive('a', { type: 'have', streamId: 's', mode: HaveMode.Add, segmentIds: ids.map((id) => `${part}-${id}`) });
  const peer = swarm.peer('a')!;
  assert.equal(peer.have.get('s')!.size, ProtocolLimits.maxHaveIdsPerStream);
  assert.equal(peer.have.get('s')!.has('16-511'), true);
  assert.equal(peer.have.get('s')!.has('0-0'), false, 'the oldest went first');
  remote.receive('a', { type: 'have', streamId: 's', mode: HaveMode.Full, segmentIds: ['x'] });
  assert.equal(peer.announcedBytes, 1 + 48);
  remote.receive('a', { type: 'have', streamId: 's', mode: HaveMode.Remove, segmentIds: ['x'] });
  assert.equal(peer.announcedBytes, 0);
});
