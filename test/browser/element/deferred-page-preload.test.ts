/**
 * Own page, element not defined: the bundle entry's page scan does not start the engine download
 * for a `<p2p-video>` whose load is deferred (`preload="none"`, `loading="lazy"`), and does once
 * the deferral is lifted.
 */
import { ORIGIN } from '/__test-env.js';
import { watchPageSources } from '../../../src/elements/page-source-preload.ts';

const requested = (part: string): number => performance.getEntriesByType('resource').filter((e) => e.name.includes(part)).length;

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Assertion failed: ${message}`);
}

describe('page source preload of deferred players', () => {
  it('preloads no engine for preload="none" or loading="lazy", and does when that goes', async () => {
    assert(customElements.get('p2p-video') === undefined, 'the element is not defined on this page');
    const watching = watchPageSources(document);
    const el = document.createElement('p2p-video');
    el.setAttribute('preload', 'none');
    el.setAttribute('loading', 'lazy');
    el.setAttribute('src', `${ORIGIN}/vod/dash/manifest.mpd`);
    el.setAttribute('nop2p', '');
    document.body.append(el);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert(requested('shaka') === 0, 'a deferred DASH player preloads no Shaka');
    el.removeAttribute('preload');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert(requested('shaka') === 0, 'still lazy: no Shaka');
    el.removeAttribute('loading');
    const start = performance.now();
    while (requested('shaka') === 0) {
      assert(performance.now() - start < 5000, 'Shaka preloaded once nothing defers the player');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    watching.stop();
    el.remove();
  });
});
