/**
 * AirPlay on the iPhone path. On ManagedMediaSource hls.js turns `disableRemotePlayback` on
 * (WebKit keeps the source closed otherwise), which hides AirPlay. Apple's way to keep it: a second
 * `<source>` with the HLS URL after the managed source's, so AirPlay plays that URL natively.
 * hls.js removes every `<source>` child when it attaches, so the page adds the alternative right
 * after `attachMedia()` (hls.js sets the source synchronously there) and turns remote playback back on.
 */
import { shim } from './install-iphone-media.js';
import Hls from 'hls.js';
import { withP2P } from '../../../../src/integrations/hlsjs.js';
import { assert, assertEqual, origin, tracker, waitFor } from '../loader-test-helpers.js';

const SRC = `${origin}/vod/hls-fmp4/master.m3u8`;

describe('AirPlay alternative on ManagedMediaSource (withP2P(Hls))', () => {
  it('an alternative <source> added right after attachMedia() opens the source with remote playback on, and P2P plays', async () => {
    const before = { constructed: shim.constructed, blockedOpens: shim.blockedOpens };
    const video = document.createElement('video');
    video.muted = true;
    document.body.append(video);
    const hls = new (withP2P(Hls))({ p2p: { trackers: [tracker], iceServers: [], swarmId: `airplay-${Math.random()}` } });
    try {
      hls.attachMedia(video);
      assertEqual(video.disableRemotePlayback, true, 'hls.js turned remote playback off on attach');
      const alternative = document.createElement('source');
      alternative.src = SRC;
      alternative.type = 'application/x-mpegurl';
      video.append(alternative);
      video.disableRemotePlayback = false;
      hls.loadSource(SRC);
      video.play().catch(() => undefined);
      await waitFor(() => video.currentTime > 2, { timeoutMs: 20000, what: 'playback', describe: () => `currentTime=${video.currentTime} blocked=${shim.blockedOpens} stats=${JSON.stringify(hls.p2p?.stats)}` });
      assert(shim.constructed > before.constructed, 'hls.js used ManagedMediaSource');
      assertEqual(shim.blockedOpens, before.blockedOpens, 'the source opened: the alternative counts for AirPlay');
      assertEqual(video.disableRemotePlayback, false, 'remote playback stays on (AirPlay offered)');
      assert(video.currentSrc.startsWith('blob:'), 'the video plays the managed source, not the alternative');
      assertEqual(alternative.parentElement, video, 'the alternative is still there for AirPlay');
      assert((hls.p2p?.stats?.httpBytes ?? 0) > 0, 'segments went through the P2P core');
    } finally {
      hls.destroy();
      video.remove();
    }
  });
});
