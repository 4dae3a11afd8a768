/**
 * The measuring instrument itself, with plain players and no P2P: every viewer's segments come
 * from the origin, so the origin must count at least one played copy per viewer. If this fails,
 * the P2P figures of the other swarm tests mean nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSwarmScenario } from '../../tools/swarm/swarm-scenario.ts';
import { useSwarmHarness } from './swarm-test-helpers.ts';

const harness = useSwarmHarness();

test('baseline hls.js viewers each cost the origin a full copy of what they played', async () => {
  const result = await runSwarmScenario({
    harness: harness(),
    subject: 'baseline-hls',
    streamPath: '/vod/hls-ts/master.m3u8',
    viewers: 2,
    joinIntervalMs: 3000,
    watchSeconds: 14,
    log: (line) => console.log(line),
  });
  console.log(`origin ${result.origin.segmentBytes} B = ${result.originRatio.toFixed(2)} × one played copy (${result.played.bytes} B, ${result.played.segments} segments)`);
  assert.equal(result.errors, 0, 'no player errors');
  assert.equal(result.startupMs.missing, 0, 'every viewer started playing');
  for (const report of result.reports) assert.ok(report.currentTime > 5, `viewer ${report.index} played past 5 s (at ${report.currentTime})`);
  assert.ok(result.played.segments >= 4, `played segments were recognised (${result.played.segments})`);
  assert.ok(result.originRatio >= 1.8, `two independent viewers cost ≥ 1.8 played copies (got ${result.originRatio.toFixed(2)})`);
});
