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

  // Regression (start-up 1.2-2.4x slower than plain hls.js): the loaders awaited the core before
  // creating the engine. Held back here by a swarm id that has not resolved yet.
  const startupSamples: Array<{ engine: EngineName; path: string; segment: RegExp }> = [
    { engine: 'hls', path: '/vod/hls-ts/master.m3u8', segment: /\.ts$/ },
    { engine: 'shaka', path: '/vod/dash/manifest.mpd', segment: /\.m4s$/ },
  ];
  for (const { engine, path, segment } of startupSamples) {
    it(`${engine}: the manifest loads while the core is still starting; segments wait for the core`, async () => {
      const src = `${origin}${path}`;
      let resolveSwarmId: (id: string) => void = () => undefined;
      const swarmId = new Promise<string>((resolve) => (resolveSwarmId = resolve));
      performance.clearResourceTimings();
      h = await createHarness(engine, { src, p2p: { swarmId, config: { trackers: [tracker], iceServers: [] } } });
      const loading = h.loader.load();
      const requested = (pattern: RegExp) => performance.getEntriesByType('resource').some((e) => pattern.test(new URL(e.name).pathname));
      await waitFor(() => requested(/\.(m3u8|mpd)$/), { what: 'the manifest request' });
      await waitFor(() => h!.loader.renditions.length > 0, { what: 'the manifest parsed without a core' });
      assert(h.loader.engine, 'the engine exists before the core');
      assertEqual(h.loader.p2p, undefined, 'no core yet');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert(!requested(segment), 'no segment fetched before the core exists (it routes them)');
      resolveSwarmId(`${src}#${Math.random()}`);
      await loading;
      const core = h.loader.p2p as P2PCore | undefined;
      assert(core, 'the core exists once load() resolves');
      await playUntil(h, 1);
      assert(core.stats.segments.http > 0, `segments went through the core (${JSON.stringify(core.stats.segments)})`);
    });

    it(`${engine}: a core that cannot start plays over the engine's HTTP and warns p2p-unavailable`, async () => {
      const src = `${origin}${path}`;
      h = await createHarness(engine, { src, p2p: { swarmId: src, config: { trackers: ['http://127.0.0.1:1/announce'], iceServers: [] } } });
      await h.loader.load();
      await playUntil(h, 1);
      assertEqual(h.loader.p2p, undefined, 'no core');
      const warnings = h.events.filter((e) => e.type === 'warning').map((e) => (e.detail as { code: string }).code);
      assertEqual(warnings.join(','), 'p2p-unavailable', 'one p2p-unavailable warning');
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
