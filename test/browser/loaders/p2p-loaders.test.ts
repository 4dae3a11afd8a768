/**
 * Loaders with a real P2P core (local tracker, no ICE servers), one page: no peers, so every
 * segment comes over HTTP through the core, and playback must be as with P2P off.
 */
import type { P2PCore } from '../../../src/p2p/p2p-core.js';
import type { EngineName } from '../../../src/loaders/media-loader.js';
import { assert, assertEqual, createHarness, origin, playUntil, tracker, waitFor, type Harness } from './loader-test-helpers.js';

async function originStats(): Promise<Record<string, unknown>> {
  return (await fetch(`${origin}/__origin/stats`)).json();
}

describe('loaders with a real P2P core (single page)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  const samples: Array<{ engine: EngineName; path: string }> = [
    { engine: 'hls', path: '/vod/hls-ts/master.m3u8' },
    { engine: 'hls', path: '/vod/hls-fmp4/master.m3u8' },
    { engine: 'shaka', path: '/vod/dash/manifest.mpd' },
    { engine: 'hls', path: `/live/hls-fmp4/master.m3u8?start=${Date.now() - 30000}` },
  ];
  for (const { engine, path } of samples) {
    it(`${engine} plays ${path.split('?')[0]} with segments loaded through the core`, async () => {
      const src = `${origin}${path}`;
      h = await createHarness(engine, {
        src,
        p2p: { swarmId: `${src}#${Math.random()}`, config: { trackers: [tracker], iceServers: [] } },
      });
      const started = performance.now();
      await h.loader.load();
      const core = h.loader.p2p as P2PCore | undefined;
      assert(core, 'loader.p2p is the core');
      const loaded: Array<{ source: string; bytes: number; segmentId: string }> = [];
      core.on('segmentLoaded', ({ source, bytes, segment }) => loaded.push({ source, bytes, segmentId: segment.id }));
      await playUntil(h, 0, 25000);
      const from = h.video.currentTime; // live starts near the live edge, not at 0
      await waitFor(() => h!.video.currentTime > from + 3, { timeoutMs: 20000, what: 'playback advancing 3 s', describe: () => `currentTime=${h!.video.currentTime}` });
      await waitFor(() => core.stats.segments.http > 0, { what: 'segments counted by the core' });
      console.log(
        `[p2p ${engine} ${path.split('?')[0]}] playing 3 s after ${Math.round(performance.now() - started)} ms; core stats ${JSON.stringify(core.stats)}; first segments ${JSON.stringify(loaded.slice(0, 4))}`,
      );
      assert(core.stats.httpBytes > 0, 'the core fetched segment bytes over HTTP');
      assert(loaded.some((s) => s.segmentId.startsWith('init:')) || engine === 'hls' && path.includes('hls-ts'), 'init segments went through the core too (fMP4/DASH)');
      assertEqual(h.errors().length, 0, 'no loader error');
    });
  }

  it('a destroyed P2P Shaka player gives http(s) back: a plain Shaka player still plays', async () => {
    const src = `${origin}/vod/dash/manifest.mpd`;
    h = await createHarness('shaka', { src, p2p: { swarmId: `${src}#${Math.random()}`, config: { trackers: [tracker], iceServers: [] } } });
    await h.loader.load();
    await h.dispose();
    h = await createHarness('shaka', { src });
    await h.loader.load();
    await playUntil(h, 1);
    assertEqual(h.loader.p2p, undefined, 'no core');
  });

  it('hls.js keeps its HTTP lead bounded when P2P is on', async () => {
    const src = `${origin}/vod/hls-ts/master.m3u8`;
    await fetch(`${origin}/__origin/reset`, { method: 'POST' });
    h = await createHarness('hls', { src, p2p: { swarmId: `${src}#${Math.random()}`, config: { trackers: [tracker], iceServers: [] } } });
    await h.loader.load();
    await playUntil(h, 1);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const ahead = h.video.buffered.length ? h.video.buffered.end(h.video.buffered.length - 1) - h.video.currentTime : 0;
    console.log(`[p2p hls] buffered ahead ${ahead.toFixed(1)} s of a 40 s VOD after 4 s; origin ${JSON.stringify(await originStats())}`);
    const hls = h.loader.engine as { config: { maxBufferLength: number; maxBufferSize: number } };
    assertEqual(hls.config.maxBufferSize, 0, 'byte-based forward buffer off');
    assert(h.video.buffered.end(h.video.buffered.length - 1) < 39, `hls.js did not fetch the whole VOD at start (buffered to ${h.video.buffered.end(h.video.buffered.length - 1)})`);
  });
});
