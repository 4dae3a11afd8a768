import { assert, assertEqual, createHarness, firstError, origin, playUntil, setOriginFault, waitFor, type Harness } from '../loader-test-helpers.js';

describe('Shaka loader', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
    await setOriginFault(null);
  });

  it('plays the DASH sample through Shaka Player', async () => {
    h = await createHarness('shaka', { src: `${origin}/vod/dash/manifest.mpd` });
    const started = performance.now();
    await h.loader.load();
    assertEqual(h.loader.name, 'shaka', 'engine name');
    assertEqual(h.events[0]?.type, 'sourceloading', 'sourceloading is the first event (the element waits for it to render its bar)');
    assert(typeof (h.loader.engine as { getVariantTracks?: unknown })?.getVariantTracks === 'function', 'engine is the shaka.Player');
    assertEqual(h.loader.renditions.map((r) => r.label).join(','), '180p,360p', 'video renditions, deduplicated, lowest first');
    await playUntil(h, 2);
    console.log(`[shaka dash] currentTime>2 after ${Math.round(performance.now() - started)} ms`);
    const live = h.events.find((e) => e.type === 'live')?.detail as { isLive: boolean } | undefined;
    assertEqual(live?.isLive, false, 'VOD reports not live');
  });

  it('switches quality: the selected track plays and videoHeight changes', async () => {
    h = await createHarness('shaka', { src: `${origin}/vod/dash/manifest.mpd` });
    await h.loader.load();
    const low = h.loader.renditions.findIndex((r) => r.height === 180);
    const high = h.loader.renditions.findIndex((r) => r.height === 360);
    h.loader.selectedRendition = low;
    await playUntil(h, 1);
    await waitFor(() => h!.video.videoHeight === 180, { what: 'videoHeight 180', describe: () => `videoHeight=${h!.video.videoHeight}` });
    h.loader.selectedRendition = high;
    await waitFor(() => h!.video.videoHeight === 360, { what: 'videoHeight 360 after switching up', describe: () => `videoHeight=${h!.video.videoHeight}` });
    const player = h.loader.engine as { getVariantTracks(): Array<{ active: boolean; height: number }>; getConfiguration(): { abr: { enabled: boolean } } };
    assertEqual(player.getVariantTracks().find((t) => t.active)?.height, 360, 'active Shaka track height');
    assertEqual(player.getConfiguration().abr.enabled, false, 'manual selection turns ABR off');
    const changes = h.events.filter((e) => e.type === 'renditionchange').map((e) => (e.detail as { index: number }).index);
    assert(changes.includes(high), `renditionchange reported the 360p rendition (got ${JSON.stringify(changes)})`);
    h.loader.selectedRendition = -1;
    assertEqual(player.getConfiguration().abr.enabled, true, 'auto turns ABR back on');
  });

  const badSources: Array<{ name: string; src: () => string; detail: string; status?: number }> = [
    { name: '404 manifest', src: () => `${origin}/status/404/x.mpd`, detail: 'manifest-not-found', status: 404 },
    { name: '500 manifest', src: () => `${origin}/status/500/x.mpd`, detail: 'manifest-http-error', status: 500 },
    { name: 'CORS refusal', src: () => `${origin}/nocors/vod/dash/manifest.mpd`, detail: 'cors' },
    { name: 'not a manifest', src: () => `${origin}/bad/not-a-manifest.m3u8`, detail: 'not-a-manifest' },
    { name: 'invalid src', src: () => 'nonsense://x.mpd', detail: 'invalid-src' },
  ];
  const noManifestRetry = { manifest: { retryParameters: { maxAttempts: 1, baseDelay: 100, timeout: 5000 } } };
  for (const bad of badSources) {
    it(`reports ${bad.name} as "${bad.detail}"`, async () => {
      h = await createHarness('shaka', { src: bad.src(), engineConfig: noManifestRetry });
      await h.loader.load(); // resolves (never rejects) even when the source fails
      const error = await firstError(h);
      assertEqual(error.detail, bad.detail, `detail (message: ${error.message})`);
      if (bad.status !== undefined) assertEqual(error.status, bad.status, 'status');
      assertEqual(h.errors().length, 1, 'exactly one error event');
    });
  }

  it('reports "network" when segments keep failing mid-stream (after Shaka retries)', async () => {
    h = await createHarness('shaka', {
      src: `${origin}/vod/dash/manifest.mpd`,
      engineConfig: { streaming: { bufferingGoal: 4, retryParameters: { maxAttempts: 2, baseDelay: 100, backoffFactor: 1, timeout: 5000 } } },
    });
    await h.loader.load();
    await playUntil(h, 1);
    await setOriginFault({ status: 503 });
    const started = performance.now();
    const error = await firstError(h, 25000);
    console.log(`[shaka] network error ${Math.round(performance.now() - started)} ms after the origin started failing`);
    assertEqual(error.detail, 'network', `detail (message: ${error.message})`);
    assertEqual(error.status, 503, 'status');
  });

  it('destroy() is idempotent, also in the middle of load()', async () => {
    h = await createHarness('shaka', { src: `${origin}/vod/dash/manifest.mpd` });
    const loading = h.loader.load();
    await h.loader.destroy();
    await h.loader.destroy();
    await loading;
    assertEqual(h.errors().length, 0, 'no error from an interrupted load');
  });
});
