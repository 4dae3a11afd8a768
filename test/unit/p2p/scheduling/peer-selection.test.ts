import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PeerSwarm, RemotePeer } from '../../../../src/p2p/peers/peer-swarm.ts';
import { MAX_DOWNLOADS_PER_PEER, expectedP2PMs, pickPeer } from '../../../../src/p2p/scheduling/peer-selection.ts';
import { DEFAULT_TRANSFER_MS } from '../../../../src/p2p/util/transfer-time.ts';

function peer(id: string, fields: { have?: string[]; loading?: string[]; activeDownloads?: number; bytesPerMs?: number; uploadEnabled?: boolean } = {}): RemotePeer {
  return {
    id,
    uploadEnabled: fields.uploadEnabled ?? true,
    have: new Map(fields.have ? [['s', new Set(fields.have)]] : []),
    loading: new Map(fields.loading ? [['s', new Set(fields.loading)]] : []),
    activeDownloads: fields.activeDownloads ?? 0,
    bytesPerMs: fields.bytesPerMs,
    announceLimit: undefined as never,
  };
}

/** The two things selection reads of a swarm. */
const swarmOf = (peers: RemotePeer[], selfId = 'me') => ({ selfId, peers }) as unknown as PeerSwarm;

const pick = (peers: RemotePeer[], options: { exclude?: string[]; failed?: string[] } = {}) =>
  pickPeer({ swarm: swarmOf(peers), streamId: 's', segmentId: '7', exclude: new Set(options.exclude), failed: options.failed && new Set(options.failed) })?.id;

test('pickPeer: only peers that announced the segment and upload', () => {
  assert.equal(pick([peer('a', { have: ['6'] }), peer('b', { have: ['7'], uploadEnabled: false })]), undefined);
  assert.equal(pick([peer('a', { have: ['6'] }), peer('b', { have: ['7'] })]), 'b');
});

test('pickPeer: least busy first, then fastest', () => {
  const peers = [peer('busy-fast', { have: ['7'], activeDownloads: 2, bytesPerMs: 900 }), peer('idle-slow', { have: ['7'], bytesPerMs: 10 }), peer('idle-fast', { have: ['7'], bytesPerMs: 500 })];
  assert.equal(pick(peers), 'idle-fast');
  assert.equal(pick([peer('unknown', { have: ['7'] }), peer('measured', { have: ['7'], bytesPerMs: 1 })]), 'measured', 'a measured peer beats an unmeasured one');
});

test('pickPeer: skips peers at the per-peer request cap, excluded or failed before', () => {
  const full = peer('full', { have: ['7'], activeDownloads: MAX_DOWNLOADS_PER_PEER });
  assert.equal(pick([full]), undefined);
  const peers = [peer('a', { have: ['7'], bytesPerMs: 9 }), peer('b', { have: ['7'], bytesPerMs: 5 }), peer('c', { have: ['7'], bytesPerMs: 1 })];
  assert.equal(pick(peers, { exclude: ['a'] }), 'b');
  assert.equal(pick(peers, { exclude: ['a'], failed: ['b'] }), 'c');
});

test('expectedP2PMs: the peer\'s measured throughput, the default before any transfer', () => {
  const segment = { id: '7', url: 'u', startTime: 0, duration: 2, expectedBytes: 400_000 };
  assert.equal(expectedP2PMs(peer('p', { bytesPerMs: 400 }), segment), 1000);
  assert.equal(expectedP2PMs(peer('p'), segment), DEFAULT_TRANSFER_MS);
});
