import { ORIGIN } from '/__test-env.js';
import { assert, assertEqual, cleanup, createPlayer, ignoreResizeObserverLoopErrors, nextEvent, realClick, waitFor } from './helpers.ts';

describe('<p2p-video> across engines and stream types', () => {
  before(ignoreResizeObserverLoopErrors);
  afterEach(cleanup);

  it('plays DASH with Shaka and lists its renditions', async () => {
    const el = createPlayer({ src: `${ORIGIN}/vod/dash/manifest.mpd`, nop2p: true, muted: true });
    await el.loadComplete;
    assertEqual(el.engineName, 'shaka', 'DASH plays with Shaka');
    assertEqual(el.error, null, 'no error');
    await el.play();
    await waitFor(() => el.currentTime > 0.3, 'DASH plays');
    await waitFor(() => el.videoRenditions.length >= 2, 'DASH renditions listed');
    assertEqual(el.streamType, 'on-demand', 'DASH VOD is on-demand');
  });

  it('fires renditionchange (a player event, no p2p prefix) with the index of the rendition playing', async () => {
    const el = createPlayer({ src: `${ORIGIN}/vod/hls-ts/master.m3u8`, nop2p: true, muted: true });
    const changed = nextEvent<HTMLElementEventMap['renditionchange']>(el, 'renditionchange');
    await el.loadComplete;
    await el.play();
    const event = await changed;
    assert(event.detail.index >= 0 && event.detail.index < el.renditions.length, `index ${event.detail.index} indexes el.renditions`);
    assertEqual(el.currentRendition, event.detail.index, 'currentRendition follows the event');
  });

  it('a live HLS stream is live and shows the live button instead of the duration', async () => {
    const el = createPlayer({ src: `${ORIGIN}/live/hls-ts/master.m3u8`, nop2p: true, muted: true });
    const typed = nextEvent(el, 'streamtypechange');
    await el.loadComplete;
    await typed;
    assertEqual(el.streamType, 'live', 'streamType');
    await el.updateComplete;
    assert(el.shadowRoot?.querySelector('media-live-button'), 'live button rendered');
    assertEqual(el.shadowRoot?.querySelector('media-time-display'), null, 'no duration display for live');
  });

  it('controls in the controls slot replace the built-in bar and drive the player', async () => {
    const el = createPlayer({ src: `${ORIGIN}/vod/hls-ts/master.m3u8`, nop2p: true, muted: true });
    const bar = document.createElement('media-control-bar');
    bar.slot = 'controls';
    const play = document.createElement('media-play-button');
    bar.append(play);
    el.append(bar);
    await el.loadComplete;
    await waitFor(() => !el.shadowRoot?.querySelector('media-control-bar'), 'built-in bar removed');
    await waitFor(() => play.hasAttribute('mediapaused'), 'the slotted button receives media state');
    await realClick(play);
    await waitFor(() => !el.paused, 'a click on the slotted play button plays');
    await waitFor(() => !play.hasAttribute('mediapaused'), 'and its state follows');
  });
});
