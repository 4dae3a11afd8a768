import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { P2PEventMap, P2PEventName } from '../../../../src/p2p/events.ts';
import { PeerOffense } from '../../../../src/p2p/peers/peer-score.ts';
import { PeerDiscipline } from '../../../../src/p2p/scheduling/peer-discipline.ts';
import { StreamRegistry } from '../../../../src/p2p/scheduling/stream-registry.ts';
import { TrafficCounters } from '../../../../src/p2p/scheduling/traffic-counters.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';
import { silentLogger, vodStream } from '../../../fakes/core-harness.ts';

function setup() {
  const clock = new FakeClock();
  const registry = new StreamRegistry(clock);
  registry.noteSegment(vodStream, { id: '1', url: 'https://origin.test/1.ts', startTime: 0, duration: 2 });
  const counters = new TrafficCounters();
  const events: Array<{ name: P2PEventName; payload: unknown }> = [];
  const discipline = new PeerDiscipline({
    clock,
    logger: silentLogger,
    emit: <K extends P2PEventName>(name: K, payload: P2PEventMap[K]) => void events.push({ name, payload }),
    registry,
    counters,
    swarm: () => undefined,
    isDestroyed: () => false,
  });
  return { discipline, counters, events };
}

test('a rejection with an offense is counted, reported and charged', () => {
  const { discipline, counters, events } = setup();
  discipline.rejected({ peerId: 'p', streamId: vodStream.id, segmentId: '1', bytes: 100, reason: 'bad', offense: PeerOffense.BadSegment });
  assert.equal(counters.snapshot({ peers: 0, storedBytes: 0 }).rejectedBytes, 100);
  assert.deepEqual(events.map((event) => event.name), ['segmentRejected']);
  assert.ok(discipline.scores.score('p') > 0, 'charged');
});

test('regression: a rejection without an offense (unverifiable, not wrong) is counted and reported but never charged', () => {
  const { discipline, counters, events } = setup();
  for (let i = 0; i < 10; i++) discipline.rejected({ peerId: 'p', streamId: vodStream.id, segmentId: '1', bytes: 100, reason: 'no hash', offense: undefined });
  assert.equal(counters.snapshot({ peers: 0, storedBytes: 0 }).rejectedBytes, 1000);
  assert.equal(events.filter((event) => event.name === 'segmentRejected').length, 10);
  assert.equal(events.filter((event) => event.name === 'peerBanned').length, 0);
  assert.equal(discipline.scores.score('p'), 0);
});
