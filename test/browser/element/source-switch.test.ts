/**
 * Switching `src` behaves as on `<video>`: with `autoplay` the new source plays by itself, and a
 * `play()` called while the switch is still under way plays the new source (the element tears
 * the old engine down and builds the new one asynchronously; the call must not be lost there).
 */
import { ORIGIN } from '/__test-env.js';
import { assert, assertEqual, cleanup, createPlayer, waitFor } from './helpers.ts';

const HLS_TS = `${ORIGIN}/vod/hls-ts/master.m3u8`;
const HLS_FMP4 = `${ORIGIN}/vod/hls-fmp4/master.m3u8`;
const DASH = `${ORIGIN}/vod/dash/manifest.mpd`;

/** Resolves once `el` plays `src` (its engine loaded that URL) and its playhead moves. */
async function playsSource(el: HTMLElementTagNameMap['p2p-video'], src: string, what: string): Promise<void> {
  await waitFor(() => el.getAttribute('src') === src && el.engineName !== undefined && !el.paused, `${what}: not paused`);
  const from = el.currentTime;
  await waitFor(() => el.currentTime > from + 0.3, `${what}: the playhead moves (at ${el.currentTime})`);
  assertEqual(el.error, null, `${what}: no error`);
}

describe('<p2p-video> source switch', () => {
  afterEach(cleanup);

  it('autoplay holds across src changes', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true, muted: true, autoplay: true });
    await playsSource(el, HLS_TS, 'first source');
    for (const src of [HLS_FMP4, DASH, HLS_TS]) {
      el.setAttribute('src', src);
      await el.loadComplete;
      await playsSource(el, src, `after switching to ${src}`);
    }
  });

  it('autoplay set as a property also plays the next source', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true, muted: true });
    await el.loadComplete;
    assertEqual(el.paused, true, 'no autoplay: paused');
    el.autoplay = true;
    el.src = HLS_FMP4;
    await el.loadComplete;
    await playsSource(el, HLS_FMP4, 'after the switch');
  });

  it('play() called before a src switch finished plays the new source (regression: the demo source switch left the player paused)', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true, muted: true });
    await el.loadComplete;
    el.src = DASH;
    const played = el.play();
    await played;
    await playsSource(el, DASH, 'play() during the switch');
    assertEqual(el.engineName, 'shaka', 'the new source, not the old one');
  });

  it('play() right after setting src on a fresh element plays it', async () => {
    const el = createPlayer({ nop2p: true, muted: true });
    el.setAttribute('src', HLS_FMP4);
    await el.play();
    await playsSource(el, HLS_FMP4, 'play() before the first load finished');
  });

  it('pause() after a play() that waits for a switch cancels it, as on <video>', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true, muted: true });
    await el.loadComplete;
    el.src = HLS_FMP4;
    const played = el.play();
    el.pause();
    const outcome = await played.then(() => 'resolved', (error: DOMException) => error.name);
    assertEqual(outcome, 'AbortError', 'the play() promise rejects with AbortError');
    await el.loadComplete;
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert(el.paused, 'stays paused');
  });

  it('without autoplay a switch leaves a paused player paused', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true, muted: true });
    await el.loadComplete;
    el.src = HLS_FMP4;
    await el.loadComplete;
    await waitFor(() => el.readyState >= 1, 'the new source has metadata');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert(el.paused, 'still paused, as a <video> would be');
  });
});
