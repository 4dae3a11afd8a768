/**
 * `preload="none"` and `loading="lazy"` defer the engine, the manifest and the swarm join, as on
 * `<video preload>` / `<img loading>`: counted at the origin, no manifest is fetched before play()
 * (or before the element comes near the viewport).
 */
import { ORIGIN, TRACKER } from '/__test-env.js';
import { assert, assertEqual, cleanup, createPlayer, originStats, resetOrigin, waitFor } from './helpers.ts';

const HLS_TS = `${ORIGIN}/vod/hls-ts/master.m3u8`;

const settle = (ms = 800) => new Promise((resolve) => setTimeout(resolve, ms));
const p2pAttributes = () => ({ trackers: TRACKER, 'ice-servers': '', 'swarm-id': `deferred-${Math.random()}` });

describe('<p2p-video> deferred loading', () => {
  beforeEach(resetOrigin);
  afterEach(cleanup);

  it('preload="none" fetches no manifest and joins no swarm until play()', async () => {
    const el = createPlayer({ src: HLS_TS, preload: 'none', muted: true, ...p2pAttributes() });
    await el.loadComplete;
    await settle();
    assertEqual((await originStats()).manifestRequests, 0, 'no manifest before play()');
    assertEqual(el.engine, undefined, 'no engine');
    assertEqual(el.p2p, undefined, 'no P2P core, so no swarm');
    await el.play();
    await waitFor(() => el.currentTime > 0.3, 'plays after play()');
    assert((await originStats()).manifestRequests > 0, 'manifest fetched after play()');
    assert(el.p2p, 'the core started after play()');
    el.preload = 'none';
    await el.updateComplete;
    await settle(200);
    assert(!el.paused && el.engine, 'changing preload later does not tear the source down');
  });

  it('preload="none": the built-in play button (play() on the inner video) starts the load', async () => {
    const el = createPlayer({ src: HLS_TS, preload: 'none', nop2p: true, muted: true });
    await el.loadComplete;
    await settle(300);
    assertEqual((await originStats()).manifestRequests, 0, 'no manifest yet');
    void el.nativeEl.play().catch(() => undefined);
    await waitFor(() => el.currentTime > 0.3, 'plays after the inner video was asked to play');
  });

  it('preload="none" with autoplay loads at once, as on <video>', async () => {
    const el = createPlayer({ src: HLS_TS, preload: 'none', autoplay: true, nop2p: true, muted: true });
    await waitFor(() => el.currentTime > 0.3, 'autoplays');
  });

  it('loading="lazy" loads only once the element is near the viewport', async () => {
    const spacer = document.createElement('div');
    spacer.style.height = '5000px';
    document.body.prepend(spacer);
    try {
      const el = createPlayer({ src: HLS_TS, loading: 'lazy', nop2p: true, muted: true });
      await el.loadComplete;
      await settle();
      assertEqual((await originStats()).manifestRequests, 0, 'no manifest while far below the viewport');
      assertEqual(el.engine, undefined, 'no engine');
      el.scrollIntoView();
      await waitFor(() => el.engine, 'engine created once in view');
      await waitFor(() => el.readyState >= 1, 'metadata loaded');
      assert((await originStats()).manifestRequests > 0, 'manifest fetched once near the viewport');
    } finally {
      spacer.remove();
      window.scrollTo(0, 0);
    }
  });
});
