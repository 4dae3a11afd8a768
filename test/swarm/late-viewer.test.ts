/**
 * A late viewer gets most of its segments from an earlier one: two <p2p-video> pages, a real local
 * tracker, origin and WebRTC. The origin's own counter is the judge; everything the first viewer
 * loaded (HTTP + peer) stands for what one viewer alone costs. (Not its HTTP bytes alone: on live
 * the two viewers split the origin fetches between them, so the first viewer's HTTP share varies
 * from run to run while the origin's total does not.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeViewer, p2pStats, runLateViewer, useSwarmHarness, type LateViewerRun } from './swarm-test-helpers.ts';

const harness = useSwarmHarness();

function check(run: LateViewerRun, o: { maxOriginRatio: number; mostFromPeer: boolean }): void {
  const first = p2pStats(run.first);
  const second = p2pStats(run.second);
  const oneViewerBytes = first.httpBytes + first.p2pBytes;
  const ratio = run.originSegmentBytes / oneViewerBytes;
  console.log(describeViewer('first ', run.first));
  console.log(describeViewer('second', run.second));
  console.log(`origin ${run.originSegmentBytes} B = ${ratio.toFixed(2)} × what the first viewer loaded (${oneViewerBytes} B)`);
  assert.deepEqual(run.first.errors, [], 'first viewer: no errors');
  assert.deepEqual(run.second.errors, [], 'second viewer: no errors');
  assert.ok(first.httpBytes > 0, 'the first viewer loaded over HTTP (el.stats.httpBytes > 0)');
  assert.ok(second.p2pBytes > 0, `the second viewer loaded from its peer (el.stats.p2pBytes = ${second.p2pBytes})`);
  if (o.mostFromPeer) {
    assert.ok(second.p2pBytes > second.httpBytes, `the second viewer got most bytes from its peer (p2p ${second.p2pBytes} B, http ${second.httpBytes} B)`);
  }
  assert.ok(ratio < o.maxOriginRatio, `origin served < ${o.maxOriginRatio} × one viewer's cost (got ${ratio.toFixed(2)})`);
}

test('HLS VOD: a viewer joining 5 s later costs the origin little', async () => {
  const run = await runLateViewer({ harness: harness(), subject: 'p2p-video', streamPath: '/vod/hls-ts/master.m3u8', lateByMs: 5000, totalMs: 30000 });
  check(run, { maxOriginRatio: 1.5, mostFromPeer: true });
});

test('HLS live: a viewer joining 4 s later costs the origin little', async () => {
  const run = await runLateViewer({ harness: harness(), subject: 'p2p-video', streamPath: '/live/hls-ts/master.m3u8', lateByMs: 4000, totalMs: 34000 });
  // Live: both viewers sit at the live edge, so new segments reach them at about the same time; less can come from the peer.
  check(run, { maxOriginRatio: 1.75, mostFromPeer: false });
});

test('DASH VOD: a viewer joining 5 s later costs the origin little', async () => {
  const run = await runLateViewer({ harness: harness(), subject: 'p2p-video', streamPath: '/vod/dash/manifest.mpd', lateByMs: 5000, totalMs: 30000 });
  check(run, { maxOriginRatio: 1.5, mostFromPeer: true });
});
