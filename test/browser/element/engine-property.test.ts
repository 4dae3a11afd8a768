/**
 * Frameworks set properties for what reads like an attribute (React 19, Vue, Svelte: `engine="hls"`
 * becomes `el.engine = 'hls'`). Setting `engine` must force the engine as the attribute does, not
 * fall silently on the read-only instance getter; reading it still gives the instance.
 */
import { ORIGIN } from '/__test-env.js';
import { assert, assertEqual, cleanup, createPlayer } from './helpers.ts';

const HLS_TS = `${ORIGIN}/vod/hls-ts/master.m3u8`;

describe('<p2p-video> engine property', () => {
  afterEach(cleanup);

  it('setting engine forces the engine (regression: a framework setting el.engine did nothing)', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true, muted: true });
    el.engine = 'shaka';
    assertEqual(el.forcedEngine, 'shaka', 'the setter forces the engine');
    await el.loadComplete;
    assertEqual(el.engineName, 'shaka', 'HLS played by Shaka when forced through the property');
    const instance = el.engine as { getAssetUri?: () => string } | undefined;
    assert(typeof instance?.getAssetUri === 'function', 'reading engine gives the shaka.Player instance');
    el.engine = null;
    await el.loadComplete;
    assertEqual(el.engineName, 'hls', 'null goes back to choosing by URL (hls.js for .m3u8)');
  });

  it('an invalid engine name through the property reports invalid-engine like the attribute', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true });
    el.engine = 'flash';
    await el.loadComplete;
    assertEqual(el.error?.detail, 'invalid-engine', 'error detail');
  });

  it('setting engine to anything but a name or null throws a TypeError that says why', () => {
    const el = createPlayer({ nop2p: true });
    let thrown: unknown;
    try {
      (el as unknown as { engine: unknown }).engine = { loadSource() {} };
    } catch (error) {
      thrown = error;
    }
    assert(thrown instanceof TypeError, 'a TypeError');
    assert(/engine instance/.test(thrown.message), `message explains: ${thrown.message}`);
    assertEqual(el.forcedEngine, null, 'nothing forced');
  });
});
