import { ORIGIN, TRACKER } from '/__test-env.js';
import { assert, assertEqual, cleanup, createPlayer, nextEvent, waitFor } from './helpers.ts';

/** The bits of hls.js the test reads: `media` is null once an instance is destroyed/detached. */
interface HlsLike {
  media: HTMLMediaElement | null;
  url: string | null;
}

describe('<p2p-video> lifecycle', () => {
  afterEach(cleanup);

  it('switching src 20 times leaves exactly one live engine, playing the last source', async () => {
    const el = createPlayer({ nop2p: true, muted: true });
    const seen = new Set<HlsLike>();
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      const format = i % 2 ? 'hls-fmp4' : 'hls-ts';
      el.src = `${ORIGIN}/vod/${format}/master.m3u8?switch=${i}`;
      // Some switches land mid-load, some after it: both paths must clean up.
      if (i % 3 === 0) await el.loadComplete;
      else await new Promise((resolve) => setTimeout(resolve, i * 7));
      if (el.engine) seen.add(el.engine as HlsLike);
    }
    await el.loadComplete;
    const last = el.engine as HlsLike;
    seen.add(last);
    console.log(`20 src switches settled in ${Math.round(performance.now() - started)} ms, ${seen.size} engines observed`);
    assert(seen.size > 1, 'several engines were created along the way');
    const alive = [...seen].filter((hls) => hls.media !== null);
    assertEqual(alive.length, 1, 'engines still attached to a video');
    assertEqual(alive[0], last, 'the live engine is the current one');
    assertEqual(last.media, el.nativeEl, 'it drives our video');
    assert(last.url?.includes('switch=19'), `it plays the last src (${last.url})`);
    const playing = nextEvent(el, 'playing');
    await el.play();
    await playing;
    await waitFor(() => el.currentTime > 0.3, 'the last source plays');
  });

  it('with P2P on, switching src 10 times leaves exactly one P2P core alive', async () => {
    const el = createPlayer({ trackers: TRACKER, 'ice-servers': '', muted: true });
    const cores = new Set<NonNullable<typeof el.p2p>>();
    for (let i = 0; i < 10; i++) {
      el.src = `${ORIGIN}/vod/hls-${i % 2 ? 'fmp4' : 'ts'}/master.m3u8?p2pswitch=${i}`;
      await (i % 2 ? el.loadComplete : new Promise((resolve) => setTimeout(resolve, 20 * i)));
      if (el.p2p) cores.add(el.p2p);
    }
    await el.loadComplete;
    const current = el.p2p;
    assert(current, 'the last source has a core');
    cores.add(current);
    // A destroyed core refuses work with code 'destroyed'; a live one accepts it.
    const probe = { stream: { id: 'probe', type: 'main' as const, isLive: false }, segment: { id: '0', url: `${ORIGIN}/vod/hls-ts/360p/seg-0.bin`, startTime: 0, duration: 2 } };
    const alive: unknown[] = [];
    for (const core of cores) {
      const controller = new AbortController();
      const result = core.loadSegment(probe, { signal: controller.signal }).then(() => 'ok', (error: { code?: string; name?: string }) => error.code ?? error.name);
      controller.abort();
      if ((await result) !== 'destroyed') alive.push(core);
    }
    console.log(`10 P2P src switches: ${cores.size} cores observed, ${alive.length} alive`);
    assert(cores.size > 1, 'several cores were created');
    assertEqual(alive.length, 1, 'cores not destroyed');
    assertEqual(alive[0], current, 'the live core is the current one');
  });

  it('removing the element destroys the engine; re-inserting creates a new one', async () => {
    const el = createPlayer({ src: `${ORIGIN}/vod/hls-ts/master.m3u8`, nop2p: true, muted: true });
    await el.loadComplete;
    const first = el.engine as HlsLike;
    assertEqual(first.media, el.nativeEl, 'engine attached');
    el.remove();
    await el.loadComplete;
    assertEqual(first.media, null, 'engine detached after remove');
    assertEqual(el.engine, undefined, 'no engine while disconnected');
    document.body.append(el);
    await el.updateComplete;
    await el.loadComplete;
    const second = el.engine as HlsLike;
    assert(second && second !== first, 'a new engine after re-insert');
    assertEqual(second.media, el.nativeEl, 'the new engine drives the video');
    await el.play();
    await waitFor(() => el.currentTime > 0.3, 'plays after re-insert');
  });

  it('load() starts over with a new engine on the same source', async () => {
    const el = createPlayer({ src: `${ORIGIN}/vod/hls-ts/master.m3u8`, nop2p: true, muted: true });
    await el.loadComplete;
    const first = el.engine as HlsLike;
    el.load();
    await el.loadComplete;
    const second = el.engine as HlsLike;
    assert(second && second !== first, 'a new engine');
    assertEqual(first.media, null, 'the old one is detached');
    assertEqual(second.media, el.nativeEl, 'the new one drives the video');
  });

  it('removing src stops playback and leaves no engine', async () => {
    const el = createPlayer({ src: `${ORIGIN}/vod/hls-ts/master.m3u8`, nop2p: true, muted: true });
    await el.loadComplete;
    const engine = el.engine as HlsLike;
    el.removeAttribute('src');
    await el.updateComplete;
    await el.loadComplete;
    assertEqual(engine.media, null, 'engine detached');
    assertEqual(el.engine, undefined, 'no engine without src');
    assertEqual(el.error, null, 'no src is not an error');
  });
});
