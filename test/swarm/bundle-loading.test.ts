/**
 * How the built bundle (`dist/p2p-video.js`) loads on a page: the engine chunk must not wait in a
 * waterfall or a connection queue. Checked on who requested what and in which task, not on times:
 * the page server speaks HTTP/1.1, so Chromium opens at most six connections to it, and every
 * request issued in the same round as the engine chunk beyond those six delays it by a full
 * response (measured ~70 ms when a dozen sub-kilobyte shared chunks went out with hls.js).
 *
 * Why not response times: two requests the page issues in one synchronous loop can leave tens of ms
 * apart on this loaded two-core machine (measured: 37–47 ms between two `<link rel=modulepreload>`
 * appends of one preload-helper call), long enough for a tiny response to end in between. So
 * "requested after X had arrived" is read from what cannot race: the importer Chromium records for
 * a static import (CDP `Network.requestWillBeSent` initiator), and the task a modulepreload link
 * was inserted in (one MutationObserver delivery holds only mutations of one task).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProbeReport, ResourceEntry } from '../../tools/swarm/swarm-viewer.ts';
import { useSwarmHarness } from './swarm-test-helpers.ts';

const harness = useSwarmHarness();

/** Chromium's limit of parallel HTTP/1.1 connections to one host. */
const CONNECTIONS_PER_HOST = 6;
const DIST_SCRIPT = /\/dist\/.*\.js$/;

interface ScriptRequest {
  url: string;
  /** The module whose static import asked for it; `about:client` for a modulepreload link. */
  initiator: string;
}

interface LoadTrace {
  /** `dist/` scripts in the order the page requested them. */
  requests: ScriptRequest[];
  /** The modulepreload links the page inserted, one list per MutationObserver delivery (so per task). */
  preloadBatches: string[][];
  /** `dist/` scripts' resource timing, by request start. */
  resources: ResourceEntry[];
}

/** Installed before any page script: groups inserted modulepreload links by the task that inserted them. */
function recordPreloadBatches(): void {
  const batches: string[][] = [];
  (window as unknown as { __preloadBatches: string[][] }).__preloadBatches = batches;
  new MutationObserver((records) => {
    const hrefs = records
      .flatMap((r) => [...r.addedNodes])
      .filter((n): n is HTMLLinkElement => n instanceof HTMLLinkElement && n.rel === 'modulepreload')
      .map((n) => n.href);
    if (hrefs.length > 0) batches.push(hrefs);
  }).observe(document, { childList: true, subtree: true });
}

/** Plays `streamPath` on the `<p2p-video>` subject page alone and traces how its scripts were requested. */
async function load(streamPath: string): Promise<LoadTrace> {
  const h = harness();
  const context = await h.browser.newContext({ viewport: { width: 640, height: 360 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(recordPreloadBatches);
    const cdp = await context.newCDPSession(page);
    const requests: ScriptRequest[] = [];
    cdp.on('Network.requestWillBeSent', (e) => {
      if (DIST_SCRIPT.test(new URL(e.request.url).pathname)) requests.push({ url: e.request.url, initiator: e.initiator.url ?? e.initiator.type });
    });
    await cdp.send('Network.enable');
    const src = h.streamUrl(streamPath);
    await page.goto(h.pages.pageUrl('p2p-video', { src, tracker: h.tracker.url, swarm: h.freshSwarmId('bundle-loading') }), { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => (window as unknown as { __probe: { report(): ProbeReport } }).__probe.report().firstPlayingMs !== undefined, undefined, { timeout: 20000 });
    const report = (await page.evaluate('window.__probe.report()')) as ProbeReport;
    const preloadBatches = (await page.evaluate('window.__preloadBatches')) as string[][];
    const resources = report.resources.filter((r) => DIST_SCRIPT.test(new URL(r.url).pathname)).sort((a, b) => a.startMs - b.startMs);
    return { requests, preloadBatches, resources };
  } finally {
    await context.close();
  }
}

const file = (url: string) => url.replace(/^.*\//, '');

function named<T extends { url: string }>(list: T[], pattern: RegExp): T {
  const found = list.find((r) => pattern.test(new URL(r.url).pathname));
  assert.ok(found, `a script matching ${pattern} was loaded (got ${list.map((r) => file(r.url)).join(', ')})`);
  return found;
}

/** Scripts requested before `target` was and still in flight then: what it queued behind. */
function inFlightBefore(list: ResourceEntry[], target: ResourceEntry): ResourceEntry[] {
  return list.filter((r) => r !== target && r.startMs <= target.startMs && r.endMs > target.startMs);
}

const HLS_CHUNK = /\/chunks\/hls-[\w-]{8}\.js$/;
const SHAKA_CHUNK = /\/chunks\/shaka-[\w-]{8}\.js$/;
const SHAKA_LOADER_CHUNK = /\/chunks\/shaka-loader-[\w-]{8}\.js$/;

test('HLS: the hls.js chunk goes out with at most five other scripts in flight (no connection queue)', async () => {
  const { resources } = await load('/vod/hls-ts/master.m3u8');
  const hls = named(resources, HLS_CHUNK);
  const before = inFlightBefore(resources, hls);
  assert.ok(before.length < CONNECTIONS_PER_HOST, `in flight when hls.js was requested: ${before.map((r) => file(r.url)).join(', ')}`);
});

// The waterfall this guards against (before c4ece13): preloadEngine imported only the loader's
// modules, and Shaka's chunk was requested by loadShaka() once shaka-module's chunk had arrived and
// run: its link went in a task after that response, never in the loader link's task.
test('DASH: Shaka is requested with its loader, not after shaka-module has arrived (no waterfall)', async () => {
  const { resources, preloadBatches } = await load('/vod/dash/manifest.mpd');
  const batchOf = (pattern: RegExp) => preloadBatches.findIndex((batch) => batch.some((href) => pattern.test(new URL(href).pathname)));
  const shakaBatch = batchOf(SHAKA_CHUNK);
  const loaderBatch = batchOf(SHAKA_LOADER_CHUNK);
  const batches = preloadBatches.map((batch, i) => `task ${i}: ${batch.map(file).join(' ')}`).join('; ');
  assert.ok(loaderBatch !== -1, `the loader chunk was preloaded (${batches})`);
  assert.equal(shakaBatch, loaderBatch, `Shaka's preload went out in the same task as its loader's (${batches})`);
  const shaka = named(resources, SHAKA_CHUNK);
  assert.ok(inFlightBefore(resources, shaka).length < CONNECTIONS_PER_HOST, 'Shaka did not queue for a connection');
});

// Before flat-entry-imports.ts, Rolldown's runtime chunk was imported only by the engine registry:
// Chromium found it when that chunk had arrived, a third round before the entry could run.
test('the entry\'s static imports are requested in one round (no entry → engine registry → runtime waterfall)', async () => {
  const { requests } = await load('/vod/hls-ts/master.m3u8');
  const entry = named(requests, /\/p2p-video\.js$/);
  named(requests, HLS_CHUNK);
  // Requested by a static import (the initiator is a module of dist/), before the engine: the
  // entry's static graph. Each must be the entry's own import, found when the entry was parsed.
  const engineAt = requests.findIndex((r) => HLS_CHUNK.test(new URL(r.url).pathname));
  const staticImports = requests.slice(0, engineAt).filter((r) => r !== entry && DIST_SCRIPT.test(r.initiator));
  assert.ok(staticImports.length > 0, 'the entry has static imports');
  assert.deepEqual(
    staticImports.filter((r) => r.initiator !== entry.url).map((r) => `${file(r.url)} (imported by ${file(r.initiator)})`),
    [],
    'every static import of the entry\'s graph is requested by the entry itself',
  );
});
