import { ORIGIN } from '/__test-env.js';
import type { P2PVideoElement } from '../../../src/elements/p2p-video.ts';
import { assert, assertEqual, cleanup, control, createPlayer, ignoreResizeObserverLoopErrors, nextEvent, realClick, waitFor } from './helpers.ts';

const HLS_TS = `${ORIGIN}/vod/hls-ts/master.m3u8`;

interface MenuItem extends HTMLElement {
  value: string;
}
interface Menu extends HTMLElement {
  items: MenuItem[];
}

async function openMenu(el: P2PVideoElement, button: string, menu: string): Promise<Menu> {
  const menuEl = control<Menu>(el, menu);
  await realClick(control(el, button));
  await waitFor(() => !menuEl.hidden && menuEl.items.length > 0, `${menu} opens with items`);
  return menuEl;
}

describe('<p2p-video> built-in controls (real mouse clicks)', () => {
  before(ignoreResizeObserverLoopErrors);
  afterEach(cleanup);

  // Regression (start-up slower than plain hls.js): the first render built media-chrome's whole
  // bar (80-150 ms of main thread) before the loader was even scheduled.
  it('renders the control bar only once the engine exists and has been given the manifest', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true });
    let engineWhenBarAppeared: unknown = 'no bar yet';
    let sourceWhenBarAppeared: string | null | undefined;
    const observer = new MutationObserver(() => {
      if (engineWhenBarAppeared !== 'no bar yet' || !el.shadowRoot?.querySelector('media-control-bar')) return;
      engineWhenBarAppeared = el.engine;
      sourceWhenBarAppeared = (el.engine as { url?: string | null } | undefined)?.url;
    });
    await el.updateComplete;
    observer.observe(el.shadowRoot!, { childList: true, subtree: true });
    assertEqual(el.shadowRoot?.querySelector('media-control-bar'), null, 'no bar in the first render');
    await el.loadComplete;
    observer.disconnect();
    assert(el.shadowRoot?.querySelector('media-control-bar'), 'the bar is there once loaded');
    assert(engineWhenBarAppeared && engineWhenBarAppeared !== 'no bar yet', 'hls.js existed when the bar was rendered');
    assertEqual(sourceWhenBarAppeared, HLS_TS, 'hls.loadSource() had been called when the bar was rendered');
  });

  it('renders the control bar without a source', async () => {
    const el = createPlayer({});
    await el.loadComplete;
    assert(el.shadowRoot?.querySelector('media-control-bar'), 'bar with nothing to load');
  });

  it('play button toggles playback and mute button toggles sound', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true });
    await el.loadComplete;
    assertEqual(el.paused, true, 'starts paused');
    const playing = nextEvent(el, 'playing');
    await realClick(control(el, 'media-play-button'));
    await playing;
    assertEqual(el.paused, false, 'playing after a click on play');
    const paused = nextEvent(el, 'pause');
    await realClick(control(el, 'media-play-button'));
    await paused;
    assertEqual(el.paused, true, 'paused after a second click');

    assertEqual(el.muted, false, 'starts unmuted');
    await realClick(control(el, 'media-mute-button'));
    await waitFor(() => el.muted, 'muted after a click on mute');
    await realClick(control(el, 'media-mute-button'));
    await waitFor(() => !el.muted, 'unmuted after a second click');
  });

  it('playback rate menu sets the rate', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true, muted: true });
    await el.loadComplete;
    const menu = await openMenu(el, 'media-playback-rate-menu-button', 'media-playback-rate-menu');
    const item = menu.items.find((i) => i.value === '1.5');
    assert(item, 'a 1.5× item');
    await realClick(item);
    await waitFor(() => el.playbackRate === 1.5, 'playbackRate becomes 1.5');
  });

  it('quality menu selects a rendition on the engine, and auto returns to ABR', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true, muted: true });
    await el.loadComplete;
    await waitFor(() => el.videoRenditions.length >= 2, 'renditions listed');
    const lowest = el.renditions.reduce((low, r, i) => (r.bitrate < el.renditions[low].bitrate ? i : low), 0);
    const menu = await openMenu(el, 'media-rendition-menu-button', 'media-rendition-menu');
    const item = menu.items.find((i) => i.value === el.renditions[lowest].id);
    assert(item, `an item for rendition ${el.renditions[lowest].label}`);
    await realClick(item);
    const hls = el.engine as { currentLevel: number; autoLevelEnabled: boolean };
    await waitFor(() => hls.currentLevel === lowest, `hls.currentLevel becomes ${lowest}`);
    assertEqual(el.videoRenditions.selectedIndex, lowest, 'videoRenditions.selectedIndex');
    assertEqual(hls.autoLevelEnabled, false, 'ABR off after a manual pick');

    const again = await openMenu(el, 'media-rendition-menu-button', 'media-rendition-menu');
    const auto = again.items.find((i) => i.value === 'auto');
    assert(auto, 'an auto item');
    await realClick(auto);
    await waitFor(() => hls.autoLevelEnabled, 'ABR back on after auto');
    assertEqual(el.videoRenditions.selectedIndex, -1, 'selectedIndex -1 = auto');
  });

  it('keyboard: Tab reaches the play button, and Space/Enter activates it', async () => {
    const { sendKeys } = await import('@web/test-runner-commands');
    const el = createPlayer({ src: HLS_TS, nop2p: true, muted: true });
    await el.loadComplete;
    const play = control(el, 'media-play-button');
    play.focus();
    assert(el.shadowRoot?.activeElement === play, 'play button is focusable');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => !el.paused, 'Enter on the play button plays');
    // Tab walks the bar in its visual (DOM) order, skipping hidden controls.
    const bar = control(el, 'media-control-bar');
    const expected = [...bar.children]
      // Range controls delegate focus to an input in their shadow root.
      .filter((child) => ((child as HTMLElement).tabIndex >= 0 || child.localName.endsWith('-range')) && child.getBoundingClientRect().width > 0)
      .map((child) => child.localName);
    const visited = [el.shadowRoot?.activeElement?.localName];
    for (let i = 1; i < expected.length; i++) {
      await sendKeys({ press: 'Tab' });
      visited.push(el.shadowRoot?.activeElement?.localName);
    }
    console.log(`focus order: ${visited.join(' → ')}`);
    assert(expected.length >= 6, `at least 6 focusable controls (${expected.join(', ')})`);
    assertEqual(visited.join(' '), expected.join(' '), 'focus order');
  });
  // Regression (a playing viewer cost 1.6 s of main thread per 10 s, 0.2 s without controls):
  // media-chrome's default spinner is an SVG (SMIL) animation that runs for ever while hidden,
  // a style recalc, layout and paint every frame. Ours animates only while loading shows.
  it('runs no spinner animation while the video plays, and one while it is loading', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true, muted: true, autoplay: true });
    await nextEvent(el, 'playing');
    await waitFor(() => el.shadowRoot?.querySelector('media-loading-indicator'), 'the bar renders after the first frame');
    const indicator = control(el, 'media-loading-indicator');
    const icon = indicator.querySelector('svg[slot="icon"]');
    assert(icon, 'our spinner fills the indicator\'s icon slot');
    const slot = indicator.shadowRoot?.querySelector<HTMLSlotElement>('slot[name="icon"]');
    assertEqual(slot?.assignedElements()[0], icon, 'media-chrome\'s own (SMIL) spinner is replaced');
    assertEqual(icon.querySelector('animate, animateTransform, animateMotion'), null, 'no SMIL animation in ours');
    // (Not counting media-chrome's fade, a CSS transition of the icon's opacity.)
    const spins = (): number => icon.getAnimations().filter((a) => a instanceof CSSAnimation).length;
    await waitFor(() => !indicator.hasAttribute('medialoading'), 'not loading once playing');
    assertEqual(spins(), 0, 'no animation while playing');
    indicator.setAttribute('medialoading', '');
    assertEqual(spins(), 1, 'the spinner turns while loading shows');
    indicator.removeAttribute('medialoading');
    assertEqual(spins(), 0, 'and stops after');
  });
});
