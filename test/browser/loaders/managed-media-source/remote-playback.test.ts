/**
 * `disableremoteplayback` on the iPhone path: the engines change the inner video's
 * `disableRemotePlayback` for ManagedMediaSource; the page's setting must hold before, during and
 * after (src-loaders RemotePlaybackGuard).
 */
import { shim } from './install-iphone-media.js';
import { startMmsViewer, type MmsViewer } from './mms-viewer.js';
import { assert, assertEqual, origin, tracker, waitFor } from '../loader-test-helpers.js';

const HLS = `${origin}/vod/hls-fmp4/master.m3u8`;
const DASH = `${origin}/vod/dash/manifest.mpd`;

async function playing(src: string, { disabled }: { disabled: boolean }): Promise<MmsViewer> {
  const viewer = await startMmsViewer({ src, tracker, swarmId: `remote-playback-${Math.random()}`, disableRemotePlayback: disabled });
  await waitFor(() => viewer.el.currentTime > 1, { timeoutMs: 20000, what: 'playback', describe: () => `currentTime=${viewer.el.currentTime} blocked=${shim.blockedOpens}` });
  return viewer;
}

/** The source removed: the loader is destroyed and the video left to the page. */
async function unload({ el }: MmsViewer): Promise<void> {
  el.removeAttribute('src');
  await waitFor(() => el.engine === undefined && el.nativeEl.querySelector('source') === null, { what: 'the engine gone with its <source>' });
}

describe('disableremoteplayback on ManagedMediaSource (iPhone path)', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('p2p-video')) el.remove();
  });

  it('regression: on hls.js remote playback was off while playing and stayed off after it was destroyed (AirPlay hidden)', async () => {
    const viewer = await playing(HLS, { disabled: false });
    assertEqual(viewer.el.nativeEl.disableRemotePlayback, false, 'AirPlay offered while playing (alternative <source>)');
    await unload(viewer);
    assertEqual(viewer.el.nativeEl.disableRemotePlayback, false, 'remote playback on again, as the page had it');
  });

  it('regression: Shaka cleared the page\'s disableremoteplayback when it was destroyed', async () => {
    const viewer = await playing(DASH, { disabled: true });
    assertEqual(viewer.el.nativeEl.disableRemotePlayback, true, 'off while playing');
    await unload(viewer);
    assertEqual(viewer.el.nativeEl.disableRemotePlayback, true, 'still off: the page asked for it');
    assert(viewer.el.hasAttribute('disableremoteplayback'), 'the host attribute untouched');
  });

  it('disableremoteplayback on the page: hls.js plays without an AirPlay alternative', async () => {
    const blockedBefore = shim.blockedOpens;
    const viewer = await playing(HLS, { disabled: true });
    assertEqual(viewer.el.nativeEl.querySelector('source[type="application/x-mpegurl"]'), null, 'no alternative <source>');
    assertEqual(viewer.el.nativeEl.disableRemotePlayback, true, 'remote playback off, as the page asked');
    assertEqual(shim.blockedOpens, blockedBefore, 'the source opened');
    await unload(viewer);
    assertEqual(viewer.el.nativeEl.disableRemotePlayback, true, 'still off after');
  });
});
