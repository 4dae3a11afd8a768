import { assertEqual, createHarness, firstError, origin, playUntil, type Harness } from '../loader-test-helpers.js';

describe('native loader (engine="native")', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('plays an HLS URL with the browser\'s own player (Chromium 156 plays HLS natively), without P2P', async () => {
    // Checked on this machine: Debian's Chromium 156 answers canPlayType('application/vnd.apple.mpegurl')
    // with "maybe" and plays the sample. If a Chromium drops that, this test says so.
    h = await createHarness('native', { src: `${origin}/vod/hls-ts/master.m3u8` });
    await h.loader.load();
    assertEqual(h.loader.engine, h.video, 'engine is the video element');
    assertEqual(h.loader.p2p, undefined, 'no P2P');
    assertEqual(h.loader.renditions.length, 0, 'no rendition list');
    await playUntil(h, 2);
    assertEqual(h.video.currentSrc, `${origin}/vod/hls-ts/master.m3u8`, 'the video plays the URL itself');
    assertEqual((h.events.find((e) => e.type === 'live')?.detail as { isLive: boolean } | undefined)?.isLive, false, 'VOD reports not live');
  });

  it('maps the video\'s MediaError: a 404 source is "src-not-supported" (code 4)', async () => {
    h = await createHarness('native', { src: `${origin}/status/404/x.m3u8` });
    await h.loader.load();
    const error = await firstError(h);
    assertEqual(error.code, 4, `MediaError code (message: ${error.message})`);
    assertEqual(error.detail, 'src-not-supported', 'detail');
  });

  it('reports an invalid src as "invalid-src" without touching the video', async () => {
    h = await createHarness('native', { src: 'javascript:alert(1)' });
    await h.loader.load();
    const error = await firstError(h);
    assertEqual(error.detail, 'invalid-src', 'detail');
    assertEqual(h.video.getAttribute('src'), null, 'video src not set');
  });

  it('destroy() empties the video and is idempotent', async () => {
    h = await createHarness('native', { src: `${origin}/vod/hls-ts/master.m3u8` });
    await h.loader.load();
    await h.loader.destroy();
    await h.loader.destroy();
    assertEqual(h.video.getAttribute('src'), null, 'src removed');
  });
});
