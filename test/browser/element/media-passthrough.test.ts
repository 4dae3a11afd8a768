import { ORIGIN } from '/__test-env.js';
import { P2PVideoElement } from '../../../src/elements/p2p-video.ts';
import { assert, assertEqual, cleanup, createPlayer, nextEvent, waitFor } from './helpers.ts';

const HLS_TS = `${ORIGIN}/vod/hls-ts/master.m3u8`;

describe('<p2p-video> as a media element', () => {
  afterEach(cleanup);

  it('is registered, and registering again is harmless', async () => {
    assertEqual(customElements.get('p2p-video'), P2PVideoElement, 'p2p-video is our class');
    await import('../../../src/elements/define.ts?again');
    await import('../../../src/p2p-video.ts');
    assertEqual(customElements.get('p2p-video'), P2PVideoElement, 'still our class after a second import');
    assert(document.createElement('p2p-video') instanceof P2PVideoElement, 'createElement upgrades');
  });

  it('passes media properties, methods and events through to the inner video', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true, muted: true });
    const video = el.nativeEl;
    const loaded = nextEvent(el, 'loadedmetadata');
    await el.loadComplete;
    await loaded;
    assertEqual(el.muted, true, 'muted attribute mutes');
    assert(Math.abs(el.duration - video.duration) < 1e-9 && el.duration > 10, `duration ${el.duration} passes through`);
    assertEqual(el.videoWidth, video.videoWidth, 'videoWidth');
    assertEqual(el.readyState, video.readyState, 'readyState');
    assertEqual(el.canPlayType('video/mp4'), video.canPlayType('video/mp4'), 'canPlayType');
    assertEqual(el.textTracks, video.textTracks, 'textTracks is the same list');

    el.volume = 0.25;
    assertEqual(video.volume, 0.25, 'volume setter reaches the video');
    const rate = nextEvent(el, 'ratechange');
    el.playbackRate = 1.5;
    await rate;
    assertEqual(video.playbackRate, 1.5, 'playbackRate setter reaches the video');

    const playing = nextEvent(el, 'playing');
    await el.play();
    await playing;
    assertEqual(el.paused, false, 'paused after play()');
    await waitFor(() => el.currentTime > 0.3, 'currentTime advances');
    const paused = nextEvent(el, 'pause');
    el.pause();
    await paused;
    assertEqual(el.paused, true, 'paused after pause()');

    const seeked = nextEvent(el, 'seeked');
    el.currentTime = 8;
    await seeked;
    assert(Math.abs(el.currentTime - 8) < 0.5, `seek to 8 s lands at ${el.currentTime}`);
    assert(el.buffered.length > 0 && el.seekable.length > 0, 'buffered/seekable pass through');
    assertEqual(el.engineName, 'hls', 'HLS plays with hls.js');
    assertEqual(el.streamType, 'on-demand', 'a VOD is on-demand');
    assert(el.videoRenditions.length >= 2, `renditions listed (${el.videoRenditions.length})`);
  });

  it('has zeroed stats of the documented shape without P2P', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true, muted: true });
    await el.loadComplete;
    assertEqual(el.p2p, undefined, 'no core with nop2p');
    const stats = el.stats;
    for (const key of ['httpBytes', 'p2pBytes', 'uploadBytes', 'rejectedBytes', 'peers', 'storedBytes', 'p2pRatio'] as const) {
      assertEqual(stats[key], 0, `stats.${key}`);
    }
    assertEqual(JSON.stringify(stats.segments), JSON.stringify({ http: 0, p2p: 0, cache: 0 }), 'stats.segments');
    assert(!el.shadowRoot?.querySelector('p2p-stats-display'), 'no stats display with nop2p');
  });

  it('nocontrols hides the control bar, and removing it brings the bar back', async () => {
    const el = createPlayer({ src: HLS_TS, nop2p: true, muted: true, nocontrols: true });
    await el.updateComplete;
    assertEqual(el.shadowRoot?.querySelector('media-control-bar'), null, 'no bar with nocontrols');
    el.removeAttribute('nocontrols');
    // The bar is rendered once the engine has started loading (it must not delay the manifest).
    await el.loadComplete;
    assert(el.shadowRoot?.querySelector('media-control-bar'), 'bar without nocontrols');
    assertEqual(el.nativeEl.isConnected, true, 'the same video stays in place');
  });

  it('reports an empty or invalid src as an error with detail invalid-src', async () => {
    for (const src of ['', 'ftp://example.invalid/x.m3u8', 'http://[bad']) {
      const el = createPlayer({ nop2p: true });
      const error = nextEvent<CustomEvent>(el, 'error');
      el.setAttribute('src', src);
      const event = await error;
      assertEqual(el.error?.detail, 'invalid-src', `el.error.detail for "${src}"`);
      assertEqual(event.detail.detail, 'invalid-src', `event detail for "${src}"`);
      assertEqual(el.error?.code, 4, 'MEDIA_ERR_SRC_NOT_SUPPORTED');
      el.remove();
    }
  });

  it('reports a missing manifest as a fatal error event', async () => {
    const el = createPlayer({ src: `${ORIGIN}/status/404/x.m3u8`, nop2p: true });
    await nextEvent(el, 'error');
    assert(el.error, 'el.error is set');
    assert(el.error.fatal, 'fatal');
    console.log(`404 manifest → ${el.error.detail}: ${el.error.message}`);
  });
});
