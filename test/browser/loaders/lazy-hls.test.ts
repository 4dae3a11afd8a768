/** Own page: after playing HLS, no Shaka module was requested. */
import { assert, createHarness, origin, playUntil } from './loader-test-helpers.js';

const requested = (part: string): string[] => performance.getEntriesByType('resource').map((e) => e.name).filter((name) => name.includes(part));

describe('lazy engine loading (HLS page)', () => {
  it('plays HLS without downloading Shaka', async () => {
    assert(requested('/node_modules/hls.js/').length === 0, 'hls.js not loaded before the loader is created');
    const h = await createHarness('hls', { src: `${origin}/vod/hls-ts/master.m3u8` });
    await h.loader.load();
    await playUntil(h, 1);
    await h.dispose();
    const hls = requested('/node_modules/hls.js/');
    assert(hls.length > 0, 'hls.js was requested when needed');
    const shaka = requested('shaka');
    assert(shaka.length === 0, `no Shaka module requested (got ${JSON.stringify(shaka)})`);
    console.log(`[lazy hls] modules: ${JSON.stringify(hls)}`);
  });
});
