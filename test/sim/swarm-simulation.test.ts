/**
 * The swarm simulator (sim/) on tiny scenarios: real P2P cores on the virtual clock, a few
 * seconds of wall time. Properties, not tuned numbers: the numbers are what `npm run simulate` prints.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCENARIOS, type Scenario } from '../../sim/scenario.ts';
import { SimClock } from '../../sim/sim-clock.ts';
import { runSimulation } from '../../sim/swarm-simulation.ts';

const tiny: Scenario = { ...SCENARIOS.live, viewers: 6, minutes: 1, joinSpreadSeconds: 10, leavePerMinute: 0, unreachableShare: 0, seed: 7 };

describe('SimClock', () => {
  it('fires timers in time order and drains every promise chain before the next timer', async () => {
    const clock = new SimClock();
    const log: string[] = [];
    clock.setTimeout(() => log.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => {
      log.push(`a@${clock.now()}`);
      let chain = Promise.resolve();
      for (let i = 0; i < 10; i++) chain = chain.then(() => undefined);
      void chain.then(() => log.push('a-chain-done'));
    }, 10);
    const cancelled = clock.setTimeout(() => log.push('cancelled'), 15);
    clock.clearTimeout(cancelled);
    await clock.runUntil(100);
    assert.deepEqual(log, ['a@10', 'a-chain-done', 'b@20']);
    assert.equal(clock.now(), 100);
    assert.equal(clock.pending, 0);
  });

  it('runs the timers of one instant, then their microtasks; a zero-delay timer set meanwhile after those', async () => {
    const clock = new SimClock();
    const log: string[] = [];
    clock.setTimeout(() => {
      log.push('a');
      void Promise.resolve().then(() => log.push('a-micro'));
      clock.setTimeout(() => log.push(`c@${clock.now()}`), 0);
    }, 10);
    clock.setTimeout(() => log.push('b'), 10);
    await clock.runUntil(50);
    assert.deepEqual(log, ['a', 'b', 'a-micro', 'c@10']);
  });
});

describe('swarm simulation', () => {
  it('shares segments between reachable viewers and spends fewer origin bytes than without P2P', async () => {
    const on = await runSimulation({ scenario: tiny, p2p: true });
    const off = await runSimulation({ scenario: tiny, p2p: false });
    assert.ok(on.oneCopyBytes > 0, 'something was played');
    assert.ok(on.originBytes >= on.oneCopyBytes, `origin ${on.originBytes} < one copy ${on.oneCopyBytes}`);
    assert.ok(off.originBytes >= off.oneCopyBytes);
    assert.ok(on.p2pShare > 0, 'peers served some bytes');
    assert.ok(on.originBytes < off.originBytes, `P2P on ${on.originBytes} >= off ${off.originBytes}`);
    assert.ok(on.trackerMessagesPerViewerMinute > 0);
    assert.equal(off.trackerMessagesPerViewerMinute, 0);
    assert.equal(on.neverStarted, 0);
    assert.ok(on.maxUplinkUse <= 1.0001, `uplink use ${on.maxUplinkUse} above capacity`);
  });

  it('moves no byte between peers when every viewer is unreachable, and still plays', async () => {
    const result = await runSimulation({ scenario: { ...tiny, unreachableShare: 1 }, p2p: true });
    assert.equal(result.p2pShare, 0);
    assert.equal(result.neverStarted, 0);
    assert.ok(result.originBytes >= result.oneCopyBytes);
    assert.ok(result.trackerMessagesPerViewerMinute > 0, 'they still announce');
  });

  it('splits origin bytes into reachable and unreachable viewers, and the reachable ones by HTTP reason', async () => {
    const result = await runSimulation({ scenario: { ...tiny, unreachableShare: 0.5 }, p2p: true });
    assert.ok(result.unreachableSessions > 0 && result.unreachableSessions < result.sessions);
    assert.ok(Math.abs(result.copiesReachable + result.copiesUnreachable - result.copies) <= 0.02, JSON.stringify(result));
    const reasonSum = (byReason: typeof result.originByReason) => Object.values(byReason).reduce((sum, count) => sum + count.copies, 0);
    // The cores' reasons explain the origin's count (the origin rounds aborted bodies pro rata).
    assert.ok(Math.abs(reasonSum(result.originByReason) - result.copiesReachable) <= 0.05 * result.copiesReachable + 0.05, JSON.stringify(result.originByReason));
    assert.ok(Math.abs(reasonSum(result.originByReasonUnreachable) - result.copiesUnreachable) <= 0.05 * result.copiesUnreachable + 0.05);
    assert.equal(Object.keys(result.originByReasonUnreachable).every((reason) => reason === 'startup' || reason === 'not-connected'), true, JSON.stringify(result.originByReasonUnreachable));
  });

  it('is deterministic for a seed', async () => {
    const scenario = { ...tiny, viewers: 4, minutes: 0.5 };
    const first = await runSimulation({ scenario, p2p: true });
    const second = await runSimulation({ scenario, p2p: true });
    assert.equal(first.originBytes, second.originBytes);
    assert.equal(first.peerMessages, second.peerMessages);
  });
});
