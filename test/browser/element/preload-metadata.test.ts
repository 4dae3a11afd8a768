/**
 * `preload="metadata"` loads the manifest only, counted at the origin: no media segment and no
 * P2P core (so no swarm join) until play(); then playback goes on without fetching the manifest
 * again (hls.js). Shaka has no manifest-only load: it fetches nothing before play().
 */
import { ORIGIN, TRACKER } from '/__test-env.js';
import { assert, assertEqual, cleanup, createPlayer, originStats, resetOrigin, waitFor } from './helpers.ts';

const settle = (ms = 1000) => new Promise((resolve) => setTimeout(resolve, ms));
const p2pAttributes = () => ({ trackers: TRACKER, 'ice-servers': '', 'swarm-id': `metadata-${Math.random()}` });

describe('<p2p-video preload="metadata">', () => {
  beforeEach(resetOrigin);
  afterEach(cleanup);

  it('hls.js: fetches the master playlist, no segment and starts no P2P core until play(); then plays without fetching it again', async () => {
    const el = createPlayer({ src: `${ORIGIN}/vod/hls-ts/master.m3u8`, preload: 'metadata', muted: true, ...p2pAttributes() });
    await el.loadComplete;
    await settle();
    const before = await originStats();
    assertEqual(before.byPath['/vod/hls-ts/master.m3u8']?.requests, 1, 'the master playlist was fetched');
    assertEqual(before.segmentRequests, 0, 'no media segment before play()');
    assertEqual(el.renditions.length, 2, 'renditions known from the manifest');
    assertEqual(el.p2p, undefined, 'no P2P core, so no swarm join');
    await el.play();
    await waitFor(() => el.currentTime > 0.5, 'plays after play()');
    const after = await originStats();
    assert(after.segmentRequests > 0, 'segments load after play()');
    assertEqual(after.byPath['/vod/hls-ts/master.m3u8']?.requests, 1, 'the master playlist is not fetched again');
    assert(el.p2p, 'the P2P core started after play()');
  });

  it('the built-in play button (play() on the inner video) releases the media too', async () => {
    const el = createPlayer({ src: `${ORIGIN}/vod/hls-fmp4/master.m3u8`, preload: 'metadata', muted: true, nop2p: true });
    await el.loadComplete;
    await settle(500);
    assertEqual((await originStats()).segmentRequests, 0, 'no segment yet');
    void el.nativeEl.play().catch(() => undefined);
    await waitFor(() => el.currentTime > 0.5, 'plays after the inner video was asked to play');
  });

  it('with autoplay it loads everything at once, as on <video>', async () => {
    const el = createPlayer({ src: `${ORIGIN}/vod/hls-ts/master.m3u8`, preload: 'metadata', autoplay: true, muted: true, nop2p: true });
    await waitFor(() => el.currentTime > 0.5, 'autoplays');
  });

  it('Shaka: fetches nothing and starts no P2P core until play(), then plays', async () => {
    const el = createPlayer({ src: `${ORIGIN}/vod/dash/manifest.mpd`, preload: 'metadata', muted: true, ...p2pAttributes() });
    await el.loadComplete;
    await settle();
    const before = await originStats();
    assertEqual(before.segmentRequests, 0, 'no media segment before play()');
    assertEqual(el.p2p, undefined, 'no P2P core, so no swarm join');
    await el.play();
    await waitFor(() => el.currentTime > 0.5, 'plays after play()');
    const after = await originStats();
    assertEqual(after.byPath['/vod/dash/manifest.mpd']?.requests, 1, 'the manifest is fetched once');
    assert(el.p2p, 'the P2P core started after play()');
  });

  it('without a preload attribute (where Chromium reports preload "metadata" too) media loads at once', async () => {
    const el = createPlayer({ src: `${ORIGIN}/vod/hls-ts/master.m3u8`, muted: true, nop2p: true });
    assertEqual(el.preload, 'metadata', 'Chromium default');
    await el.loadComplete;
    await settle();
    assert((await originStats()).segmentRequests > 0, 'segments load before play()');
  });

  it('a new src while held is not stuck behind the held load', async () => {
    const el = createPlayer({ src: `${ORIGIN}/vod/dash/manifest.mpd`, preload: 'metadata', muted: true, nop2p: true });
    await el.loadComplete;
    el.src = `${ORIGIN}/vod/hls-ts/master.m3u8`;
    await el.loadComplete;
    assertEqual(el.engineName, 'hls', 'the new source is attached');
    await el.play();
    await waitFor(() => el.currentTime > 0.5, 'the new source plays');
  });
});
