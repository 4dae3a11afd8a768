/**
 * Who watches when, on what link: drawn up front from the seed, so a run with P2P and the run
 * without it see the same viewers.
 */
import type { Scenario } from './scenario.ts';
import { SeededRandom } from './seeded-random.ts';

export interface ViewerPlan {
  id: string;
  joinMs: number;
  /** Leaves at this time (Infinity = stays to the end). */
  leaveMs: number;
  upBitsPerSecond: number;
  downBitsPerSecond: number;
  latencyMs: number;
  reachable: boolean;
}

export function planAudience(scenario: Scenario): ViewerPlan[] {
  const random = new SeededRandom(scenario.seed);
  const endMs = scenario.minutes * 60_000;
  const joins: number[] = [];
  for (let i = 0; i < scenario.viewers; i++) {
    if (scenario.joinIntervalSeconds !== undefined) joins.push(i * scenario.joinIntervalSeconds * 1000);
    // "Together" still means within half a second (pages load, scripts start).
    else joins.push(random.between(0, Math.max(scenario.joinSpreadSeconds * 1000, 500)));
  }
  // Viewers who leave are replaced by new arrivals at the same rate (a steady audience after the crowd).
  if (scenario.leavePerMinute > 0) {
    const meanGapMs = 60_000 / (scenario.leavePerMinute * scenario.viewers);
    for (let t = random.exponential(meanGapMs); t < endMs; t += random.exponential(meanGapMs)) joins.push(t);
  }
  joins.sort((a, b) => a - b);
  return joins.map((joinMs, i) => {
    const link = random.weighted(scenario.links.map((linkClass) => [linkClass, linkClass.share] as const));
    const lifetimeMs = scenario.leavePerMinute > 0 ? random.exponential(60_000 / scenario.leavePerMinute) : Infinity;
    const watchMs = scenario.watchSeconds === undefined ? Infinity : scenario.watchSeconds * 1000;
    return {
      id: `v${String(i).padStart(5, '0')}`,
      joinMs,
      leaveMs: joinMs + Math.min(lifetimeMs, watchMs),
      upBitsPerSecond: link.upBitsPerSecond,
      downBitsPerSecond: link.downBitsPerSecond,
      latencyMs: random.between(scenario.latencyMs[0], scenario.latencyMs[1]),
      reachable: random.next() >= scenario.unreachableShare,
    };
  });
}
