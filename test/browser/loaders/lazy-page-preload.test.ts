/**
 * Own page: the bundle entry's page scan starts the engine download for `<p2p-video src>` before
 * the element is defined (Lit and media-chrome not evaluated yet), also for an element a page
 * script adds afterwards, and stops watching when told.
 */
import { assert, origin } from './loader-test-helpers.js';
import { watchPageSources } from '../../../src/elements/page-source-preload.ts';

const requested = (part: string): string[] => performance.getEntriesByType('resource').map((e) => e.name).filter((name) => name.includes(part));

async function waitForRequest(part: string, timeoutMs = 5000): Promise<void> {
  const start = performance.now();
  while (requested(part).length === 0) {
    if (performance.now() - start > timeoutMs) throw new Error(`no request for ${part} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('page source preload (bundle entry)', () => {
  it('preloads hls.js for a <p2p-video src> added after the scan, before the tag is defined', async () => {
    assert(customElements.get('p2p-video') === undefined, 'the element is not defined on this page');
    assert(requested('/node_modules/hls.js/').length === 0, 'hls.js not loaded before the scan');
    const watching = watchPageSources(document);
    const el = document.createElement('p2p-video');
    el.setAttribute('src', `${origin}/vod/hls-ts/master.m3u8`);
    el.setAttribute('nop2p', '');
    document.body.append(el);
    await waitForRequest('/node_modules/hls.js/');
    assert(watching.seen.has(el), 'the added element is reported as seen');
    assert(requested('p2p-core').length === 0, 'nop2p: the P2P core is not preloaded');
    assert(requested('shaka').length === 0, 'an HLS source preloads no Shaka module');
    watching.stop();
    watching.stop();
    const late = document.createElement('p2p-video');
    late.setAttribute('src', `${origin}/vod/dash/manifest.mpd`);
    document.body.append(late);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert(!watching.seen.has(late), 'after stop() new elements are not watched');
    assert(requested('shaka').length === 0, 'after stop() a DASH element preloads nothing');
    el.remove();
    late.remove();
  });
});
