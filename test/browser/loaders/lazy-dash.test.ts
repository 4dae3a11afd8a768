/** Own page: after playing DASH, no hls.js module was requested. */
import { assert, createHarness, origin, playUntil } from './loader-test-helpers.js';

const requested = (part: string): string[] => performance.getEntriesByType('resource').map((e) => e.name).filter((name) => name.includes(part));

describe('lazy engine loading (DASH page)', () => {
  it('plays DASH without downloading hls.js', async () => {
    assert(requested('shaka-player').length === 0, 'Shaka not loaded before the loader is created');
    const h = await createHarness('shaka', { src: `${origin}/vod/dash/manifest.mpd` });
    await h.loader.load();
    await playUntil(h, 1);
    await h.dispose();
    const shaka = requested('/node_modules/shaka-player/');
    assert(shaka.some((name) => name.includes('shaka-player.dash.js')), `the DASH-only Shaka build was requested (got ${JSON.stringify(shaka)})`);
    const hls = requested('hls');
    assert(hls.length === 0, `no hls.js module requested (got ${JSON.stringify(hls)})`);
  });
});
