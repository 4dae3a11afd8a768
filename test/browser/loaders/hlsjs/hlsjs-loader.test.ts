import { assert, assertEqual, createHarness, firstError, origin, playUntil, setOriginFault, waitFor, type Harness } from '../loader-test-helpers.js';

describe('hls.js loader', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
    await setOriginFault(null);
  });

  for (const sample of ['hls-ts', 'hls-fmp4']) {
    it(`plays the ${sample} VOD sample through hls.js`, async () => {
      h = await createHarness('hls', { src: `${origin}/vod/${sample}/master.m3u8` });
      const started = performance.now();
      await h.loader.load();
      assertEqual(h.loader.name, 'hls', 'engine name');
      assertEqual(h.events[0]?.type, 'sourceloading', 'sourceloading is the first event (the element waits for it to render its bar)');
      assert(h.loader.engine && (h.loader.engine as { constructor: { name: string } }).constructor, 'engine is the Hls instance');
      // hls.js sorts levels by bitrate: rendition indices are its level indices.
      assertEqual(h.loader.renditions.map((r) => r.label).join(','), '180p,360p', 'renditions from the levels');
      await playUntil(h, 2);
      console.log(`[hls ${sample}] currentTime>2 after ${Math.round(performance.now() - started)} ms`);
      const live = h.events.find((e) => e.type === 'live');
      assertEqual((live?.detail as { isLive: boolean } | undefined)?.isLive, false, 'VOD reports not live');
    });
  }

  it('plays the live hls-ts sample and reports live', async () => {
    h = await createHarness('hls', { src: `${origin}/live/hls-ts/master.m3u8?start=${Date.now() - 30000}` });
    await h.loader.load();
    await playUntil(h, 0);
    const start = h.video.currentTime;
    await waitFor(() => h!.video.currentTime > start + 2, { what: 'live playback advancing 2 s', describe: () => `currentTime=${h!.video.currentTime}` });
    const live = h.events.find((e) => e.type === 'live')?.detail as { isLive: boolean; targetLiveOffsetSeconds?: number };
    assertEqual(live?.isLive, true, 'live sample reports live');
    assert(typeof live.targetLiveOffsetSeconds === 'number' && live.targetLiveOffsetSeconds > 0, `target live offset given (${live.targetLiveOffsetSeconds})`);
  });

  it('switches quality: the selected level plays and videoHeight changes', async () => {
    h = await createHarness('hls', { src: `${origin}/vod/hls-ts/master.m3u8` });
    await h.loader.load();
    const low = h.loader.renditions.findIndex((r) => r.height === 180);
    const high = h.loader.renditions.findIndex((r) => r.height === 360);
    h.loader.selectedRendition = low;
    await playUntil(h, 1);
    await waitFor(() => h!.video.videoHeight === 180, { what: 'videoHeight 180', describe: () => `videoHeight=${h!.video.videoHeight}` });
    h.loader.selectedRendition = high;
    assertEqual(h.loader.selectedRendition, high, 'selectedRendition reads back');
    await waitFor(() => h!.video.videoHeight === 360, { what: 'videoHeight 360 after switching up', describe: () => `videoHeight=${h!.video.videoHeight}` });
    const changes = h.events.filter((e) => e.type === 'renditionchange').map((e) => (e.detail as { index: number }).index);
    assert(changes.includes(high), `renditionchange reported the 360p level (got ${JSON.stringify(changes)})`);
    h.loader.selectedRendition = -1;
    assertEqual((h.loader.engine as { autoLevelEnabled: boolean }).autoLevelEnabled, true, 'auto turns ABR back on');
  });

  it('rejects an out-of-range rendition index with a RangeError', async () => {
    h = await createHarness('hls', { src: `${origin}/vod/hls-ts/master.m3u8` });
    await h.loader.load();
    let thrown: unknown;
    try {
      h.loader.selectedRendition = 7;
    } catch (error) {
      thrown = error;
    }
    assert(thrown instanceof RangeError, 'RangeError for index 7');
  });

  const badSources: Array<{ name: string; src: () => string; detail: string; status?: number }> = [
    { name: '404 manifest', src: () => `${origin}/status/404/x.m3u8`, detail: 'manifest-not-found', status: 404 },
    { name: '500 manifest', src: () => `${origin}/status/500/x.m3u8`, detail: 'manifest-http-error', status: 500 },
    { name: 'CORS refusal', src: () => `${origin}/nocors/vod/hls-ts/master.m3u8`, detail: 'cors' },
    { name: 'not a manifest', src: () => `${origin}/bad/not-a-manifest.m3u8`, detail: 'not-a-manifest' },
    { name: 'unsupported codec (HEVC)', src: () => `${origin}/vod/hls-hevc/master.m3u8`, detail: 'unsupported-codec' },
    { name: 'invalid src', src: () => 'ftp://nowhere/x.m3u8', detail: 'invalid-src' },
    { name: 'empty src', src: () => '', detail: 'invalid-src' },
  ];
  for (const bad of badSources) {
    it(`reports ${bad.name} as "${bad.detail}"`, async () => {
      h = await createHarness('hls', { src: bad.src(), engineConfig: { manifestLoadPolicy: { default: { maxTimeToFirstByteMs: 5000, maxLoadTimeMs: 5000, timeoutRetry: null, errorRetry: null } } } });
      await h.loader.load(); // resolves (never rejects) even when the source fails
      const error = await firstError(h);
      assertEqual(error.detail, bad.detail, `detail (message: ${error.message})`);
      assert(error.fatal, 'fatal');
      if (bad.status !== undefined) assertEqual(error.status, bad.status, 'status');
      assertEqual(h.errors().length, 1, 'exactly one error event');
    });
  }

  it('reports "network" when segments keep failing mid-stream (after hls.js retries)', async () => {
    const quickRetry = { maxNumRetry: 1, retryDelayMs: 100, maxRetryDelayMs: 100 };
    h = await createHarness('hls', {
      src: `${origin}/vod/hls-ts/master.m3u8`,
      engineConfig: {
        // A short forward buffer, so segments are still being fetched when the origin fails.
        maxBufferLength: 4,
        maxBufferSize: 0,
        fragLoadPolicy: { default: { maxTimeToFirstByteMs: 3000, maxLoadTimeMs: 5000, timeoutRetry: quickRetry, errorRetry: quickRetry } },
      },
    });
    await h.loader.load();
    await playUntil(h, 1);
    await setOriginFault({ status: 503 });
    const started = performance.now();
    const error = await firstError(h, 25000);
    console.log(`[hls] network error ${Math.round(performance.now() - started)} ms after the origin started failing`);
    assertEqual(error.detail, 'network', `detail (message: ${error.message})`);
    assertEqual(error.code, 2, 'MediaError code NETWORK');
  });

  it('destroy() is idempotent and releases the engine', async () => {
    h = await createHarness('hls', { src: `${origin}/vod/hls-ts/master.m3u8` });
    await h.loader.load();
    const hls = h.loader.engine as { media: HTMLMediaElement | null };
    await h.loader.destroy();
    await h.loader.destroy();
    assertEqual(hls.media, null, 'hls.js detached from the video');
  });
});
