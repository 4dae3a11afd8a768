/**
 * media-chrome (most of the element's code) is not on the critical path of the first frame: it
 * loads when the bar is due — with autoplay, after the first `playing`; without, once the manifest
 * request is out. Each test file runs in its own page, so nothing else has loaded it here.
 */
import { ORIGIN } from '/__test-env.js';
import { assert, assertEqual, cleanup, control, createPlayer, nextEvent, waitFor } from './helpers.ts';

const HLS_TS = `${ORIGIN}/vod/hls-ts/master.m3u8`;

describe('<p2p-video> loads its controls off the start-up path', () => {
  afterEach(cleanup);

  it('with autoplay, media-chrome is not loaded before the first playing; the bar comes right after it', async () => {
    assertEqual(customElements.get('media-controller'), undefined, 'the element module does not load media-chrome');
    const el = createPlayer({ src: HLS_TS, nop2p: true, muted: true, autoplay: true });
    let definedAtPlaying: unknown = 'not yet';
    el.addEventListener('playing', () => (definedAtPlaying = customElements.get('media-controller')), { once: true });
    await nextEvent(el, 'playing');
    assertEqual(definedAtPlaying, undefined, 'media-chrome still not loaded at the first frame');
    await el.loadComplete;
    await waitFor(() => customElements.get('media-play-button'), 'media-chrome loaded after playing');
    await waitFor(() => el.shadowRoot?.querySelector('media-control-bar'), 'the bar rendered');
    assert(el.shadowRoot?.querySelector('media-controller') instanceof customElements.get('media-controller')!, 'the internal controller upgraded');
  });

  it('without autoplay, the bar (with its play button) is usable once loadComplete resolves', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true });
    await el.loadComplete;
    const button = control(el, 'media-play-button');
    assert(button instanceof customElements.get('media-play-button')!, 'the play button is a defined media-chrome element');
  });
});
