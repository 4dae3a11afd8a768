/**
 * The iPhone path (iOS 17.1+), as close as Chromium allows: `MediaSource` removed and a
 * `ManagedMediaSource` built on it that behaves as WebKit's (managed-media-source-shim.ts).
 * `<p2p-video>` as it is must pick hls.js / Shaka, both must play through ManagedMediaSource with
 * the P2P core routing segments, honour `endstreaming` / `startstreaming`, and a second viewer (a
 * frame: its own module graph and Trystero peer, also on an "iPhone" page) must get P2P bytes.
 */
import { shim } from './install-iphone-media.js';
import { bufferedAhead } from './managed-media-source-shim.js';
import { startMmsViewer, type MmsViewer, type MmsViewerOptions } from './mms-viewer.js';
import { assert, assertEqual, origin, tracker, waitFor } from '../loader-test-helpers.js';
import type { EngineName } from '../../../../src/loaders/media-loader.js';

/** Small thresholds so a 40 s VOD shows several streaming changes (WebKit's are 10 s / 30 s). */
const LOW_SECONDS = 4;
const HIGH_SECONDS = 8;
const SEGMENT_PATH = /\.(ts|m4s|mp4)$/;

interface Sample {
  engine: EngineName;
  path: string;
}

const SAMPLES: Sample[] = [
  { engine: 'hls', path: '/vod/hls-fmp4/master.m3u8' },
  { engine: 'shaka', path: '/vod/dash/manifest.mpd' },
];

/** When each segment request of this page started (the core fetches with `fetch`: resource timing sees it). */
function segmentRequestTimes(): number[] {
  return performance
    .getEntriesByType('resource')
    .filter((entry) => entry.name.startsWith(origin) && SEGMENT_PATH.test(new URL(entry.name).pathname))
    .map((entry) => entry.startTime);
}

/** A viewer in a frame of this folder, on its own "iPhone" page. */
async function frameViewer(options: MmsViewerOptions): Promise<{ viewer: MmsViewer; frame: HTMLIFrameElement }> {
  const frame = document.createElement('iframe');
  frame.src = new URL('./mms-viewer-frame.html', import.meta.url).pathname;
  document.body.append(frame);
  const win = () => frame.contentWindow as (Window & { startMmsViewer?: typeof startMmsViewer }) | null;
  await waitFor(() => typeof win()?.startMmsViewer === 'function', { what: 'the viewer frame loaded' });
  return { viewer: await win()!.startMmsViewer!(options), frame };
}

function describeViewer({ el, shim: s }: MmsViewer): string {
  return `engine=${el.engineName} currentTime=${el.currentTime.toFixed(1)} ahead=${bufferedAhead(el.nativeEl).toFixed(1)} error=${JSON.stringify(el.error)} constructed=${s.constructed} blocked=${s.blockedOpens} changes=${JSON.stringify(s.changes.map((c) => c.type))} stats=${JSON.stringify(el.p2p?.stats)}`;
}

function assertOnManagedMediaSource(viewer: MmsViewer, engine: EngineName, before: { constructed: number; blockedOpens: number }): void {
  const { el, shim: s } = viewer;
  assertEqual(el.engineName, engine, 'the element picked the MSE engine, not native playback');
  assert(s.constructed > before.constructed, `the engine constructed a ManagedMediaSource (${s.constructed - before.constructed})`);
  assert(s.media.includes(el.nativeEl), 'a ManagedMediaSource opened on the inner video');
  assertEqual(s.blockedOpens, before.blockedOpens, 'no ManagedMediaSource stayed closed for want of disableRemotePlayback / an AirPlay source');
  const alternative = el.nativeEl.querySelector<HTMLSourceElement>('source[type="application/x-mpegurl"]');
  if (engine === 'hls') {
    // hls.js turns remote playback off; the loader gives AirPlay the manifest URL instead.
    assertEqual(alternative?.src, el.getAttribute('src'), 'the HLS URL is the AirPlay alternative <source>');
    assertEqual(el.nativeEl.disableRemotePlayback, false, 'remote playback (AirPlay) stays on');
  } else {
    assertEqual(alternative, null, 'no alternative: AirPlay cannot play DASH');
    assertEqual(el.nativeEl.disableRemotePlayback, true, 'Shaka turned remote playback off, as WebKit requires without an AirPlay source');
  }
}

describe('ManagedMediaSource (iPhone path) shim', () => {
  it('MediaSource is gone; a source opens only on a media element with disableRemotePlayback or an AirPlay source', async () => {
    assertEqual('MediaSource' in window, false, 'no MediaSource');
    const ManagedMediaSource = (window as unknown as { ManagedMediaSource: typeof MediaSource }).ManagedMediaSource;
    const attach = async (setUp: (video: HTMLVideoElement) => void) => {
      const video = document.createElement('video');
      setUp(video);
      document.body.append(video);
      const source = new ManagedMediaSource();
      const opened = new Promise<boolean>((resolve) => {
        source.addEventListener('sourceopen', () => resolve(true));
        setTimeout(() => resolve(false), 1500);
      });
      const element = document.createElement('source');
      element.src = URL.createObjectURL(source);
      video.prepend(element);
      video.load();
      const result = { opened: await opened, streaming: (source as unknown as { streaming: boolean }).streaming };
      video.remove();
      return result;
    };
    const blockedBefore = shim.blockedOpens;
    assertEqual((await attach(() => undefined)).opened, false, 'plain video: the source stays closed');
    assertEqual(shim.blockedOpens, blockedBefore + 1, 'counted as blocked');
    const disabled = await attach((video) => (video.disableRemotePlayback = true));
    assert(disabled.opened && disabled.streaming, 'disableRemotePlayback: opens and starts streaming');
    const alternative = await attach((video) => {
      const hls = document.createElement('source');
      hls.src = `${origin}/vod/hls-fmp4/master.m3u8`;
      hls.type = 'application/x-mpegurl';
      video.append(hls);
    });
    assertEqual(alternative.opened, true, 'an AirPlay alternative <source>: opens');
  });
});

describe('<p2p-video> on ManagedMediaSource (iPhone path)', () => {
  const frames: HTMLIFrameElement[] = [];
  beforeEach(() => {
    shim.configure({ lowThresholdSeconds: LOW_SECONDS, highThresholdSeconds: HIGH_SECONDS });
    performance.setResourceTimingBufferSize(5000);
    performance.clearResourceTimings();
  });
  afterEach(() => {
    for (const el of document.querySelectorAll('p2p-video')) el.remove();
    for (const frame of frames.splice(0)) frame.remove();
  });

  for (const { engine, path } of SAMPLES) {
    const src = `${origin}${path}`;

    it(`${engine}: plays ${path} with P2P; endstreaming stops its segment requests, startstreaming resumes them`, async () => {
      const before = { constructed: shim.constructed, blockedOpens: shim.blockedOpens };
      const viewer = await startMmsViewer({ src, tracker, swarmId: `mms-${engine}-${Math.random()}` });
      const { el } = viewer;
      // Only this viewer's source: a source of the previous test may close (endstreaming) meanwhile.
      const changes = () => shim.changes.filter((c) => c.media === el.nativeEl);
      await waitFor(() => el.currentTime > 1, { timeoutMs: 20000, what: 'playback', describe: () => describeViewer(viewer) });
      assertOnManagedMediaSource(viewer, engine, before);
      assertEqual(changes()[0]?.type, 'startstreaming', 'the source started streaming when it opened');
      assert(el.p2p, 'the P2P core exists');
      assert(el.p2p.stats.segments.http > 0, `segments went through the core (${JSON.stringify(el.p2p.stats.segments)})`);

      // Buffered up to the high threshold: the source ends streaming and the engine must stop.
      let maxAhead = 0;
      const sampler = setInterval(() => (maxAhead = Math.max(maxAhead, bufferedAhead(el.nativeEl))), 100);
      try {
        await waitFor(() => changes().some((c) => c.type === 'endstreaming'), { timeoutMs: 20000, what: 'endstreaming', describe: () => describeViewer(viewer) });
        const ended = changes().find((c) => c.type === 'endstreaming')!;
        await waitFor(() => changes().some((c) => c.type === 'startstreaming' && c.atMs > ended.atMs), {
          timeoutMs: 20000,
          what: 'startstreaming once the playhead nears the end of the buffer',
          describe: () => describeViewer(viewer),
        });
        const started = changes().find((c) => c.type === 'startstreaming' && c.atMs > ended.atMs)!;
        const duringPause = segmentRequestTimes().filter((t) => t > ended.atMs && t < started.atMs);
        await waitFor(() => segmentRequestTimes().some((t) => t >= started.atMs), { timeoutMs: 10000, what: 'segment requests after startstreaming', describe: () => describeViewer(viewer) });
        console.log(
          `[mms ${engine}] streaming changes ${JSON.stringify(changes().map((c) => `${c.type}@${(c.atMs / 1000).toFixed(1)}s ahead=${c.bufferedAheadSeconds.toFixed(1)}`))}; ` +
            `paused ${((started.atMs - ended.atMs) / 1000).toFixed(1)} s with ${duringPause.length} segment requests; max buffered ahead ${maxAhead.toFixed(1)} s; core ${JSON.stringify(el.p2p.stats.segments)}`,
        );
        assertEqual(duringPause.length, 0, 'no segment request while the source was not streaming');
        // Without pausing, hls.js would fill its own forward buffer (30 s with P2P; Shaka's goal is 10 s).
        assert(maxAhead < HIGH_SECONDS + 6, `buffered ahead stayed near the high threshold (max ${maxAhead.toFixed(1)} s)`);
      } finally {
        clearInterval(sampler);
      }
      assertEqual(el.error, null, 'no error');
    });

    it(`${engine}: a second "iPhone" viewer gets P2P bytes from the first`, async () => {
      const swarmId = `mms-swarm-${engine}-${Math.random()}`;
      const first = await startMmsViewer({ src, tracker, swarmId });
      await waitFor(() => first.el.currentTime > 2, { timeoutMs: 20000, what: 'the first viewer playing', describe: () => describeViewer(first) });
      const { viewer: second, frame } = await frameViewer({ src, tracker, swarmId });
      frames.push(frame);
      await waitFor(() => second.el.currentTime > 4 && (second.el.p2p?.stats.p2pBytes ?? 0) > 0, {
        timeoutMs: 30000,
        what: 'the second viewer playing with bytes from the first',
        describe: () => describeViewer(second),
      });
      console.log(`[mms ${engine} two viewers] first ${JSON.stringify(first.el.p2p?.stats.segments)} second ${JSON.stringify(second.el.p2p?.stats)}`);
      assertOnManagedMediaSource(second, engine, { constructed: 0, blockedOpens: 0 });
      assert((first.el.p2p?.stats.uploadBytes ?? 0) > 0, 'the first viewer uploaded');
      assertEqual(second.el.error, null, 'no error in the second viewer');
    });
  }
});
