/**
 * How the built bundle (`dist/p2p-video.js`) loads on a page: the engine chunk must not wait in a
 * waterfall or a connection queue. Checked on the order of requests, not on times: the page server
 * speaks HTTP/1.1, so Chromium opens at most six connections to it, and every request issued in the
 * same round as the engine chunk beyond those six delays it by a full response (measured ~70 ms
 * when a dozen sub-kilobyte shared chunks went out with hls.js).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResourceEntry } from '../../tools/swarm/swarm-viewer.ts';
import { useSwarmHarness } from './swarm-test-helpers.ts';

const harness = useSwarmHarness();

/** Chromium's limit of parallel HTTP/1.1 connections to one host. */
const CONNECTIONS_PER_HOST = 6;

async function scripts(streamPath: string): Promise<ResourceEntry[]> {
  const h = harness();
  const viewer = await h.openViewer({ subject: 'p2p-video', src: h.streamUrl(streamPath), swarmId: h.freshSwarmId('bundle-loading') });
  try {
    await viewer.waitForPlaying(20000);
    const report = await viewer.report();
    return report.resources.filter((r) => /\/dist\/.*\.js$/.test(new URL(r.url).pathname)).sort((a, b) => a.startMs - b.startMs);
  } finally {
    await viewer.close();
  }
}

const named = (list: ResourceEntry[], pattern: RegExp): ResourceEntry => {
  const found = list.find((r) => pattern.test(new URL(r.url).pathname));
  assert.ok(found, `a script matching ${pattern} was loaded (got ${list.map((r) => r.url.replace(/^.*\//, '')).join(', ')})`);
  return found;
};

/** Scripts requested before `target` was and still in flight then: what it queued behind. */
function inFlightBefore(list: ResourceEntry[], target: ResourceEntry): ResourceEntry[] {
  return list.filter((r) => r !== target && r.startMs <= target.startMs && r.endMs > target.startMs);
}

test('HLS: the hls.js chunk goes out with at most five other scripts in flight (no connection queue)', async () => {
  const list = await scripts('/vod/hls-ts/master.m3u8');
  const hls = named(list, /\/chunks\/hls-[\w-]{8}\.js$/);
  const before = inFlightBefore(list, hls);
  assert.ok(before.length < CONNECTIONS_PER_HOST, `in flight when hls.js was requested: ${before.map((r) => r.url.replace(/^.*\//, '')).join(', ')}`);
});

test('DASH: Shaka is requested with its loader, not after shaka-module has arrived (no waterfall)', async () => {
  const list = await scripts('/vod/dash/manifest.mpd');
  const shaka = named(list, /\/chunks\/shaka-[\w-]{8}\.js$/);
  const loader = named(list, /\/chunks\/shaka-loader-[\w-]{8}\.js$/);
  assert.ok(shaka.startMs < loader.endMs, `Shaka requested at ${shaka.startMs.toFixed(0)} ms, its loader's response ended at ${loader.endMs.toFixed(0)} ms`);
  assert.ok(inFlightBefore(list, shaka).length < CONNECTIONS_PER_HOST, 'Shaka did not queue for a connection');
});
