/**
 * The simulated tracker client (sim/sim-transport.ts) sends what the real one sends: Trystero's
 * announce schedule with each announce decided by the real `planAnnounce`, and the simulated
 * tracker counts what a real tracker counts (messages it receives), by kind.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccessLink } from '../../sim/access-link.ts';
import { PeerNetwork } from '../../sim/peer-network.ts';
import { SeededRandom } from '../../sim/seeded-random.ts';
import { SimClock } from '../../sim/sim-clock.ts';
import { SimTracker } from '../../sim/sim-tracker.ts';
import { SimTransport, type SignalingWorld } from '../../sim/sim-transport.ts';
import { DEFAULT_P2P_CONFIG } from '../../src/p2p/config.ts';
import type { SwarmConnection } from '../../src/p2p/transport/transport.ts';

function world(options: { intervalS?: number } = {}): SignalingWorld {
  const clock = new SimClock();
  const random = new SeededRandom(3);
  const tracker = new SimTracker({ clock, random, intervalS: options.intervalS ?? 120, maxOffers: 10 });
  return { clock, random, tracker, network: new PeerNetwork({ clock, payloadScale: 1 }), connectMs: [400, 400], connections: new Map() };
}

function viewer(w: SignalingWorld, id: string, maxPeers = DEFAULT_P2P_CONFIG.maxPeers): SwarmConnection {
  const link = new AccessLink({ upBitsPerSecond: 10e6, downBitsPerSecond: 100e6, latencyMs: 20, reachable: true });
  const connection = new SimTransport({ world: w, viewerId: id, link }).join({ swarmId: 's', config: { ...DEFAULT_P2P_CONFIG, maxPeers } });
  connection.onPeerJoin(() => {});
  connection.onPeerLeave(() => {});
  connection.onMessage(() => {});
  return connection;
}

describe('simulated tracker client (planAnnounce)', () => {
  // Before: the simulated client re-announced its offers at every warm-up (233, 533, 1333 ms) and
  // the tracker counted what it sent as well: a lone viewer cost 4 offer announces + 4 responses at join.
  it('regression: a lone viewer sends one offer announce at join, no warm-up resends, then one listed announce per interval', async () => {
    const w = world();
    viewer(w, 'a');
    await w.clock.runUntil(10 * 60_000);
    // At join, then at 2.1 s + 120 s × k: k = 1..4 fall within 10 minutes; alone, it is "connected to everyone".
    assert.deepEqual(w.tracker.messagesByKind, { offers: 1, answer: 0, announce: 4, stopped: 0, other: 0 });
    assert.equal(w.tracker.messagesReceived, 5);
    assert.equal(w.tracker.messagesSent, 5, 'one response per announce, counted apart');
  });

  it('counts the messages the tracker receives: offers, answers; a closed page is no message', async () => {
    const w = world();
    const a = viewer(w, 'a');
    await w.clock.runUntil(5_000);
    viewer(w, 'b');
    await w.clock.runUntil(10_000);
    assert.ok(w.network.isConnected('a', 'b'), 'a and b connected');
    assert.equal(w.tracker.messagesByKind.offers, 2, 'one offer announce each (b\'s warm-ups reach nobody new)');
    assert.equal(w.tracker.messagesByKind.answer, 1, 'a answers one of b\'s offers');
    const received = w.tracker.messagesReceived;
    await a.leave();
    await w.clock.runUntil(11_000);
    assert.equal(w.tracker.messagesReceived, received);
    assert.equal(w.tracker.size, 1);
  });

  it('a viewer at maxPeers leaves the tracker\'s swarm (event stopped) at its next interval announce and answers no offers', async () => {
    const w = world();
    viewer(w, 'a', 1);
    await w.clock.runUntil(5_000);
    viewer(w, 'b', 1);
    await w.clock.runUntil(10_000);
    assert.ok(w.network.isConnected('a', 'b'));
    await w.clock.runUntil(130_000);
    assert.equal(w.tracker.messagesByKind.stopped, 2, 'both full: both leave');
    assert.equal(w.tracker.size, 0);
    viewer(w, 'c', 1);
    await w.clock.runUntil(200_000);
    assert.equal(w.tracker.messagesByKind.answer, 1, 'c\'s offers reach nobody: the full ones are not listed');
    assert.equal(w.tracker.size, 1);
  });
});
