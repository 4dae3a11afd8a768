/**
 * Issue 10 (hole 8, VOD side): a peer that announced `loading` of a VOD segment was waited for
 * until the fallback margin (up to 8 s), for every segment, however often it never delivered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_P2P_CONFIG } from '../../../../src/p2p/config.ts';
import type { PeerSwarm, RemotePeer } from '../../../../src/p2p/peers/peer-swarm.ts';
import { LiveFetchers } from '../../../../src/p2p/scheduling/live-fetchers.ts';
import { PeerDiscipline } from '../../../../src/p2p/scheduling/peer-discipline.ts';
import type { StreamRegistry } from '../../../../src/p2p/scheduling/stream-registry.ts';
import { swarmWaitMs } from '../../../../src/p2p/scheduling/swarm-wait.ts';
import type { TrafficCounters } from '../../../../src/p2p/scheduling/traffic-counters.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';
import { silentLogger } from '../../../fakes/core-harness.ts';

const stream = { id: 'vod', type: 'main', isLive: false } as const;

function liar(): RemotePeer {
  const ids = new Set(Array.from({ length: 20 }, (_, i) => String(i)));
  return { id: 'liar', uploadEnabled: true, have: new Map(), loading: new Map([[stream.id, ids]]), activeDownloads: 0, bytesPerMs: undefined, announceLimit: undefined as never, announcedBytes: 0 };
}

function setup() {
  const clock = new FakeClock();
  const discipline = new PeerDiscipline({
    clock,
    logger: silentLogger,
    emit: () => {},
    registry: undefined as unknown as StreamRegistry,
    counters: undefined as unknown as TrafficCounters,
    swarm: () => undefined,
    isDestroyed: () => false,
  });
  const fetchers = new LiveFetchers({ clock, discipline, wake: () => {} });
  const peers = [liar()];
  const swarm = { selfId: 'me', peers, peer: (id: string) => peers.find((p) => p.id === id), size: 1 } as unknown as PeerSwarm;
  const wait = (segmentId: string) =>
    swarmWaitMs({
      request: { stream, segment: { id: segmentId, url: `u${segmentId}`, startTime: Number(segmentId) * 2, duration: 2 } },
      swarm,
      config: DEFAULT_P2P_CONFIG,
      // Far enough ahead to wait a long time, but inside the HTTP window: only the announcement could hold it.
      timeLeftMs: DEFAULT_P2P_CONFIG.httpWindowSeconds * 1000 - 1,
      expectedHttpMs: 200,
      expectedBytes: undefined,
      joinGraceLeftMs: 0,
      everConnected: true,
      fetchers,
    });
  return { clock, wait, fetchers };
}

test('a VOD `loading` announcement is waited for at most its allowance (about 1.4 s here), not until the margin', () => {
  const { wait } = setup();
  const first = wait('5');
  assert.ok(first > 0 && first <= 2000, `waited ${first} ms for the announced fetch`);
});

test('a peer that announced loading and did not deliver is not waited for again on that stream', async () => {
  const { clock, wait, fetchers } = setup();
  const allowance = wait('5');
  await clock.advance(allowance);
  assert.equal(wait('5'), 0, 'its promise is broken: no more wait for this segment');
  assert.equal(wait('6'), 0, 'nor for the next ones of the stream');
  assert.equal(wait('7'), 0);
  fetchers.destroy();
});
