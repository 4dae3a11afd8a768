import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AnnounceKind, planAnnounce, type AnnounceState } from '../../../../../src/p2p/transport/trystero/announce-plan.ts';

const INTERVAL = 120_000;
const state = (o: Partial<AnnounceState> = {}): AnnounceState => ({ full: false, connectedPeers: 0, othersInSwarm: undefined, last: undefined, intervalMs: INTERVAL, nowMs: 1_000_000, ...o });
const sentOffers = (agoMs: number, offers = 3) => ({ kind: AnnounceKind.Offers, offers, atMs: 1_000_000 - agoMs });

describe('planAnnounce (issue 12: tracker cost)', () => {
  it('the first announce on a socket carries offers', () => {
    assert.equal(planAnnounce(state()), AnnounceKind.Offers);
    assert.equal(planAnnounce(state({ othersInSwarm: 50 })), AnnounceKind.Offers);
  });

  // Measured before: 4 viewers sent 16 offer announces in 2 minutes, 12 of them warm-up resends nobody new could get.
  it('regression: a warm-up re-announce to a swarm that already got our offers is not sent', () => {
    for (const others of [0, 1, 2, 3]) assert.equal(planAnnounce(state({ othersInSwarm: others, last: sentOffers(233) })), AnnounceKind.Skip, `${others} others`);
  });

  it('a warm-up re-announce still goes out while the swarm has more peers than our offers reached', () => {
    assert.equal(planAnnounce(state({ othersInSwarm: 4, last: sentOffers(533) })), AnnounceKind.Offers);
    assert.equal(planAnnounce(state({ othersInSwarm: 4, last: sentOffers(533, 1) })), AnnounceKind.Offers);
  });

  it('an early re-announce before the tracker has told the swarm size is not sent (it would go where the first went)', () => {
    assert.equal(planAnnounce(state({ othersInSwarm: undefined, last: sentOffers(26) })), AnnounceKind.Skip);
    assert.equal(planAnnounce(state({ othersInSwarm: undefined, last: sentOffers(INTERVAL) })), AnnounceKind.Offers, 'but the one due at the interval is');
  });

  it('the announce due at the interval is always sent, so the tracker keeps us listed', () => {
    assert.equal(planAnnounce(state({ othersInSwarm: 2, last: sentOffers(INTERVAL) })), AnnounceKind.Offers);
    assert.equal(planAnnounce(state({ othersInSwarm: 2, connectedPeers: 2, last: sentOffers(INTERVAL) })), AnnounceKind.Listed);
  });

  it('connected to everyone in the swarm: no offers (nobody to meet), early ones skipped', () => {
    assert.equal(planAnnounce(state({ othersInSwarm: 5, connectedPeers: 5, last: sentOffers(60_000) })), AnnounceKind.Skip);
    assert.equal(planAnnounce(state({ othersInSwarm: 5, connectedPeers: 5, last: sentOffers(INTERVAL) })), AnnounceKind.Listed);
  });

  it('at maxPeers: leaves the swarm once, then sends nothing; back with offers once below it', () => {
    assert.equal(planAnnounce(state({ full: true, othersInSwarm: 40, connectedPeers: 20, last: sentOffers(INTERVAL) })), AnnounceKind.Leave);
    const left = { kind: AnnounceKind.Leave, offers: 0, atMs: 1_000_000 - 10_000 };
    assert.equal(planAnnounce(state({ full: true, othersInSwarm: 40, connectedPeers: 20, last: left })), AnnounceKind.Skip);
    assert.equal(planAnnounce(state({ full: true, last: undefined })), AnnounceKind.Skip, 'a new socket the tracker never knew: nothing to leave');
    assert.equal(planAnnounce(state({ full: false, othersInSwarm: 40, connectedPeers: 19, last: left })), AnnounceKind.Offers);
  });
});
