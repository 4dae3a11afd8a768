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
  const swarm = new PeerSwarm({
    connection: remote.connection,
    codec,
    clock: new FakeClock(),
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
  return { remote, swarm, log };
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
