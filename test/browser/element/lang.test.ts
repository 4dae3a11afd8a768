/**
 * `lang` localizes the built-in controls through media-chrome's translations (its own `lang`, the
 * nearest ancestor's), and the element's own strings (the P2P stats display). The element ships
 * German; other languages come from translations the page registers with media-chrome (as a page
 * built on the npm package does by importing `media-chrome/lang/es.js`).
 */
import 'media-chrome/lang/es.js';
import { ORIGIN, TRACKER } from '/__test-env.js';
import type { P2PVideoElement } from '../../../src/elements/p2p-video.ts';
import { assertEqual, cleanup, control, createPlayer, ignoreResizeObserverLoopErrors, waitFor } from './helpers.ts';

const HLS_TS = `${ORIGIN}/vod/hls-ts/master.m3u8`;

function playLabel(el: P2PVideoElement): string | null {
  return control(el, 'media-play-button').getAttribute('aria-label');
}

describe('<p2p-video lang>', () => {
  before(ignoreResizeObserverLoopErrors);
  afterEach(() => {
    cleanup();
    document.querySelectorAll('[data-lang-test]').forEach((node) => node.remove());
  });

  it('lang="de" (any case: DE) translates the play button\'s aria-label', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true, lang: 'DE' });
    await el.loadComplete;
    await waitFor(() => playLabel(el) === 'abspielen', `German label, whatever the case of the tag (got ${playLabel(el)})`);
  });

  it('without lang the nearest ancestor\'s applies; a region subtag uses its base language', async () => {
    const wrapper = document.createElement('div');
    wrapper.dataset.langTest = '';
    wrapper.lang = 'de-AT';
    document.body.append(wrapper);
    const el = document.createElement('p2p-video');
    el.setAttribute('src', HLS_TS);
    el.setAttribute('nop2p', '');
    wrapper.append(el);
    await el.loadComplete;
    await waitFor(() => playLabel(el) === 'abspielen', `German label (got ${playLabel(el)})`);
  });

  it('changing lang relabels the controls: to a translation the page registered, and to English for one nobody has', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true, lang: 'de' });
    await el.loadComplete;
    await waitFor(() => playLabel(el) === 'abspielen', 'German first');
    el.lang = 'es';
    await el.loadComplete;
    await waitFor(() => playLabel(el) === 'reproducir', `Spanish (got ${playLabel(el)})`);
    el.lang = 'nl';
    await el.loadComplete;
    await waitFor(() => playLabel(el) === 'play', `English fallback (got ${playLabel(el)})`);
  });

  it('the P2P stats display speaks the element\'s language', async () => {
    const el = createPlayer({ src: HLS_TS, trackers: TRACKER, 'ice-servers': '', muted: true, lang: 'de' });
    await el.loadComplete;
    const stats = control(el, 'p2p-stats-display');
    await waitFor(() => stats.shadowRoot?.textContent?.includes('0 Peers') ?? false, `German stats (got ${stats.shadowRoot?.textContent})`);
    const title = stats.shadowRoot?.querySelector('[title]')?.getAttribute('title');
    assertEqual(title, '0 % des Videos von Peers, 0 Peers verbunden', 'tooltip');
    el.lang = 'en';
    await el.loadComplete;
    await waitFor(() => stats.shadowRoot?.textContent?.includes('0 peers') ?? false, `English again (got ${stats.shadowRoot?.textContent})`);
  });
});
