/**
 * `installP2P(player)` with real `shaka.Player`s: two viewers (this page and a frame, each its
 * own Trystero peer) in one swarm on the local origin and tracker. The origin's counters say
 * whether the second viewer's segments came from the first one.
 */
import { assert, assertEqual, origin, setOriginFault, tracker, waitFor } from '../loaders/loader-test-helpers.js';
import { startShakaViewer, type ShakaViewer, type ShakaViewerOptions } from './shaka-viewer.js';

const SRC = `${origin}/vod/dash/manifest.mpd`;
const HEADER: [string, string] = ['x-page-filter', 'shaka'];

interface OriginCounts {
  segmentBytes: number;
}

async function originStats(): Promise<OriginCounts> {
  return (await fetch(`${origin}/__origin/stats`)).json();
}

/** A frame of this test's folder whose module graph (and so Trystero peer id) is its own. */
async function frameViewer(options: ShakaViewerOptions): Promise<{ viewer: ShakaViewer; frame: HTMLIFrameElement }> {
  const frame = document.createElement('iframe');
  frame.src = new URL('./shaka-viewer-frame.html', import.meta.url).pathname;
  document.body.append(frame);
  const win = () => frame.contentWindow as (Window & { startShakaViewer?: typeof startShakaViewer }) | null;
  await waitFor(() => typeof win()?.startShakaViewer === 'function', { what: 'the viewer frame loaded' });
  return { viewer: await win()!.startShakaViewer!(options), frame };
}

function consumedBytes(viewer: ShakaViewer): number {
  const stats = viewer.p2p.stats;
  return (stats?.httpBytes ?? 0) + (stats?.p2pBytes ?? 0);
}

describe('installP2P(shaka.Player)', () => {
  const viewers: ShakaViewer[] = [];
  const frames: HTMLIFrameElement[] = [];
  afterEach(async () => {
    for (const viewer of viewers.splice(0)) {
      await viewer.p2p.destroy();
      await viewer.player.destroy();
      viewer.video.remove();
    }
    for (const frame of frames.splice(0)) frame.remove();
    await setOriginFault(null);
  });

  it('two players in one swarm: the second gets P2P bytes, the origin serves less than two copies; the page filter runs on every segment request', async () => {
    // Every segment request (Shaka's own and the core's) must carry the page filter's header.
    await setOriginFault({ requireHeader: HEADER.join(': '), match: '.m4s' });
    await fetch(`${origin}/__origin/reset`, { method: 'POST' });
    const p2p = { trackers: [tracker], iceServers: [], swarmId: `install-p2p-${Math.random()}` };
    const first = await startShakaViewer({ src: SRC, p2p, header: HEADER });
    viewers.push(first);
    const firstEvents = { peerConnected: 0 };
    first.p2p.on('peerConnected', () => firstEvents.peerConnected++);
    await waitFor(() => first.video.currentTime > 2, { timeoutMs: 20000, what: 'the first viewer playing' });
    assert((first.p2p.stats?.httpBytes ?? 0) > 0, 'the first viewer fetched over HTTP through the core');

    const { viewer: second, frame } = await frameViewer({ src: SRC, p2p, header: HEADER });
    viewers.push(second);
    frames.push(frame);
    const fromPeers: string[] = [];
    second.p2p.on('segmentLoaded', ({ source, segment }) => source === 'p2p' && fromPeers.push(segment.id));
    await waitFor(() => second.video.currentTime > 4 && fromPeers.length > 0, {
      timeoutMs: 25000,
      what: 'the second viewer playing with segments from the first',
      describe: () => `currentTime=${second.video.currentTime} stats=${JSON.stringify(second.p2p.stats)}`,
    });
    const counts = await originStats();
    const consumed = consumedBytes(first) + consumedBytes(second);
    console.log(`[installP2P] origin segment bytes ${counts.segmentBytes} for ${consumed} consumed; first ${JSON.stringify(first.p2p.stats)}; second ${JSON.stringify(second.p2p.stats)}`);
    assert((second.p2p.stats?.p2pBytes ?? 0) > 0, 'the second viewer counted P2P bytes');
    assert(counts.segmentBytes < consumed, `the origin served ${counts.segmentBytes} B, less than the ${consumed} B both players loaded`);
    assert(firstEvents.peerConnected > 0 && (first.p2p.stats?.uploadBytes ?? 0) > 0, 'the first viewer saw its peer and uploaded to it');
    assertEqual(first.p2p.swarmId, p2p.swarmId, 'swarmId as given');
    assert(first.filteredSegmentRequests.length > 0 && second.filteredSegmentRequests.length > 0, 'both page filters ran');
    assert(first.video.error === null && second.video.error === null, 'no media error (no segment refused for want of the header)');
  });

  it('p2p.destroy() ends the session and playback goes on over HTTP; regression: player.destroy() ended nothing (Shaka fires no destroyed event)', async () => {
    const p2p = { trackers: [tracker], iceServers: [], swarmId: `install-p2p-${Math.random()}` };
    const viewer = await startShakaViewer({ src: SRC, p2p });
    viewers.push(viewer);
    await waitFor(() => viewer.video.currentTime > 1 && viewer.p2p.core !== undefined, { timeoutMs: 20000, what: 'playing with a core' });
    const core = viewer.p2p.core!;
    await viewer.p2p.destroy();
    await viewer.p2p.destroy();
    assertEqual(viewer.p2p.core, undefined, 'no core after destroy (twice is safe)');
    assertEqual(viewer.p2p.stats, undefined, 'no stats after destroy');
    const from = viewer.video.currentTime;
    await waitFor(() => viewer.video.currentTime > from + 3, { timeoutMs: 20000, what: 'playback going on over plain HTTP', describe: () => `currentTime=${viewer.video.currentTime}` });
    let rejected = false;
    await core.loadSegment({ stream: { id: 's', type: 'main', isLive: false }, segment: { id: '0', url: SRC, startTime: 0, duration: 1 } }).catch(() => (rejected = true));
    assert(rejected, 'the core is destroyed');

    const other = await startShakaViewer({ src: SRC, p2p: { ...p2p, swarmId: `${p2p.swarmId}-2` } });
    viewers.push(other);
    await waitFor(() => other.p2p.core !== undefined, { timeoutMs: 20000, what: 'a core for the other player' });
    await other.player.destroy();
    await waitFor(() => other.p2p.core === undefined, { what: 'the core destroyed with its player' });
  });
});
