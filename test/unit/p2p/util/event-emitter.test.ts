import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from '../../../../src/p2p/util/event-emitter.ts';

test('listeners get the payload in order; on() returns the unsubscribe function', () => {
  const emitter = new EventEmitter(() => assert.fail('no listener throws'));
  const seen: string[] = [];
  const off = emitter.on('peerConnected', ({ peerId }) => seen.push(`a:${peerId}`));
  emitter.on('peerConnected', ({ peerId }) => seen.push(`b:${peerId}`));
  assert.equal(emitter.listenerCount('peerConnected'), 2);
  emitter.emit('peerConnected', { peerId: 'p1' });
  off();
  off();
  emitter.emit('peerConnected', { peerId: 'p2' });
  assert.deepEqual(seen, ['a:p1', 'b:p1', 'b:p2']);
  assert.equal(emitter.listenerCount('peerConnected'), 1);
  assert.equal(emitter.listenerCount('stats'), 0);
});

test('a throwing listener is reported and the others still run', () => {
  const errors: unknown[] = [];
  const emitter = new EventEmitter((error) => errors.push(error));
  const seen: string[] = [];
  emitter.on('peerBanned', () => {
    throw new Error('listener bug');
  });
  emitter.on('peerBanned', ({ peerId }) => seen.push(peerId));
  emitter.emit('peerBanned', { peerId: 'x', reason: 'flood' });
  assert.deepEqual(seen, ['x']);
  assert.equal((errors[0] as Error).message, 'listener bug');
});

test('a listener added during emit runs from the next emit; clear() drops everyone', () => {
  const emitter = new EventEmitter(() => {});
  let late = 0;
  emitter.on('peerConnected', () => {
    emitter.on('peerConnected', () => late++);
  });
  emitter.emit('peerConnected', { peerId: 'p' });
  assert.equal(late, 0);
  emitter.clear();
  emitter.emit('peerConnected', { peerId: 'p' });
  assert.equal(late, 0);
  assert.equal(emitter.listenerCount('peerConnected'), 0);
});
