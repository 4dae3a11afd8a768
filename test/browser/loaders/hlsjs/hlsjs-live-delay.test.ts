/**
 * With P2P on, hls.js plays a live stream further behind the edge (`p2pLiveDelaySeconds`): the
 * live sample has 2 s segments in a 6-segment window, so 10 s instead of hls.js's 6 s. Checked
 * on the real playback position, not only on the setting.
 */
import { assert, assertEqual, createHarness, origin, playUntil, tracker, waitFor, type Harness } from '../loader-test-helpers.js';

type HlsLike = { targetLatency: number | null; latency: number };

const liveSrc = (): string => `${origin}/live/hls-ts/master.m3u8?start=${Date.now() - 30000}`;
const p2p = (src: string) => ({ swarmId: `${src}#${Math.random()}`, config: { trackers: [tracker], iceServers: [] } });

/** Plays 8 s (past the join grace, 4 s without peers); hls.js' target latency, how far behind the last listed segment's end playback is, and the most buffered ahead meanwhile. */
async function behindEdge(h: Harness): Promise<{ target: number | null; behindS: number; maxAheadS: number }> {
  await h.loader.load();
  await playUntil(h, 0);
  const start = h.video.currentTime;
  let maxAheadS = 0;
  await waitFor(
    () => {
      const { buffered, currentTime } = h.video;
      if (buffered.length > 0) maxAheadS = Math.max(maxAheadS, buffered.end(buffered.length - 1) - currentTime);
      return currentTime > start + 8;
    },
    { what: 'live playback advancing 8 s', describe: () => `currentTime=${h.video.currentTime}` },
  );
  const hls = h.loader.engine as HlsLike;
  return { target: hls.targetLatency, behindS: hls.latency, maxAheadS };
}

describe('hls.js live delay with P2P', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('plays 10 s behind the live edge with P2P on (hls.js alone: 6 s)', async () => {
    const src = liveSrc();
    h = await createHarness('hls', { src, p2p: p2p(src) });
    const { target, behindS, maxAheadS } = await behindEdge(h);
    assertEqual(target, 10, 'target latency: 2 target durations + 6 s');
    assert(behindS >= 8 && behindS <= 14, `playing ${behindS.toFixed(1)} s behind the edge`);
    // As plain hls.js 6 s behind the edge: at most 4 s + one 2 s segment, not everything up to the edge.
    assert(maxAheadS <= 7, `buffered at most ${maxAheadS.toFixed(1)} s ahead`);
  });

  it('keeps hls.js\' own delay without P2P', async () => {
    h = await createHarness('hls', { src: liveSrc() });
    const { target, behindS, maxAheadS } = await behindEdge(h);
    assertEqual(target, 6, 'hls.js default: 3 target durations');
    assert(maxAheadS <= 7, `buffered at most ${maxAheadS.toFixed(1)} s ahead`);
    assert(behindS < 8.5, `playing ${behindS.toFixed(1)} s behind the edge`);
  });

  it('keeps the page\'s own liveSyncDurationCount with P2P on', async () => {
    const src = liveSrc();
    h = await createHarness('hls', { src, p2p: p2p(src), engineConfig: { liveSyncDurationCount: 2 } });
    const { target } = await behindEdge(h);
    assertEqual(target, 4, 'the page asked for 2 target durations');
  });

  it('hls.targetLatency set by the page still wins with P2P on', async () => {
    const src = liveSrc();
    h = await createHarness('hls', { src, p2p: p2p(src) });
    await behindEdge(h);
    const hls = h.loader.engine as HlsLike;
    hls.targetLatency = 8;
    assertEqual(hls.targetLatency, 8, 'the page\'s target latency');
  });
});
