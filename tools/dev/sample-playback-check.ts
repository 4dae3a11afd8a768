/**
 * Checks that Chromium plays every sample stream from the local origin (hls.js for HLS, Shaka for
 * DASH and HLS), VOD and live, and that the HEVC-declaring master is refused. Run after
 * regenerating media/:
 *
 *   node --import tsx tools/dev/sample-playback-check.ts [--media DIR]
 *
 * Prints time to first frame per stream; exits 1 when a stream does not behave.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../chromium.ts';
import { cliOption, startOrigin } from '../origin/origin-server.ts';

interface PlaybackResult {
  /** ms from load() to the first `playing` event, or null. */
  firstFrameMs: number | null;
  /** Media seconds played since the first frame (live streams start far from 0). */
  playedSec: number;
  error: string | null;
}

type Player = 'hls.js' | 'shaka';
interface Check {
  player: Player;
  path: string;
  /** True when the stream must fail (unsupported codec). */
  mustFail?: boolean;
  /** @default 4 */
  playSec?: number;
  /** Live: start the stream's own timeline (`?start=`) this long before the check runs. */
  liveAgeMs?: number;
  /** Live: media sequence that must be fetched (and the one before it): a loop point. */
  crossSequence?: number;
}

const SCRIPTS: Record<Player, string> = {
  'hls.js': fileURLToPath(new URL('../../node_modules/hls.js/dist/hls.min.js', import.meta.url)),
  shaka: fileURLToPath(new URL('../../node_modules/shaka-player/dist/shaka-player.compiled.js', import.meta.url)),
};

/** Runs in the page: plays `url` muted until `playSec` of media have played, an error, or 30 s. */
async function playInPage(args: { player: Player; url: string; playSec: number }): Promise<PlaybackResult> {
  const w = window as unknown as Record<string, any>;
  const video = document.createElement('video');
  video.muted = true;
  document.body.append(video);
  const startedMs = performance.now();
  let firstFrameMs: number | null = null;
  let firstFrameSec = 0;
  let error: string | null = null;
  video.addEventListener('playing', () => {
    firstFrameMs = performance.now() - startedMs;
    firstFrameSec = video.currentTime;
  }, { once: true });
  video.addEventListener('error', () => (error ??= `media error ${video.error?.code}: ${video.error?.message}`));
  try {
    if (args.player === 'hls.js') {
      const hls = new w.Hls();
      hls.on(w.Hls.Events.ERROR, (_: unknown, data: { fatal: boolean; details: string }) => {
        if (data.fatal) error ??= `hls.js fatal ${data.details}`;
      });
      hls.loadSource(args.url);
      hls.attachMedia(video);
    } else {
      w.shaka.polyfill.installAll();
      const player = new w.shaka.Player();
      await player.attach(video);
      await player.load(args.url);
    }
    void video.play().catch(() => undefined);
  } catch (caught) {
    error ??= `${args.player}: ${(caught as { code?: number }).code ?? ''} ${String(caught)}`;
  }
  // (No local helper functions in here: tsx would wrap them in a `__name` the page lacks.)
  while (!error && (firstFrameMs === null || video.currentTime - firstFrameSec < args.playSec) && performance.now() - startedMs < 30000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { firstFrameMs, playedSec: firstFrameMs === null ? 0 : video.currentTime - firstFrameSec, error };
}

async function check(page: Page, options: { url: string; player: Player; playSec: number }): Promise<PlaybackResult> {
  await page.goto(page.url());
  await page.addScriptTag({ path: SCRIPTS[options.player] });
  return page.evaluate(playInPage, options);
}

async function main(): Promise<void> {
  const origin = await startOrigin({ port: 0, mediaDir: cliOption(process.argv.slice(2), 'media') });
  // The page lives on another origin than the media, so CORS is exercised too.
  const pageServer = createServer((_, res) => res.end('<!doctype html><title>sample check</title>'));
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch(chromiumLaunchOptions());
  const checks: Check[] = [
    { player: 'hls.js', path: '/vod/hls-ts/master.m3u8' },
    { player: 'hls.js', path: '/vod/hls-fmp4/master.m3u8' },
    { player: 'shaka', path: '/vod/hls-fmp4/master.m3u8' },
    { player: 'shaka', path: '/vod/dash/manifest.mpd' },
    { player: 'hls.js', path: '/live/hls-ts/master.m3u8', liveAgeMs: 0 },
    { player: 'hls.js', path: '/live/hls-fmp4/master.m3u8', liveAgeMs: 0 },
    // The live edge starts at segment 21 (window of 6 + 16 published): playback starts a few
    // segments back and crosses the loop point of the 40 s sample (segment 20) and its discontinuity.
    { player: 'hls.js', path: '/live/hls-ts/master.m3u8', liveAgeMs: 32000, playSec: 8, crossSequence: 20 },
    { player: 'hls.js', path: '/vod/hls-hevc/master.m3u8', mustFail: true },
  ];
  let failures = 0;
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`);
    for (const { player, path, mustFail, playSec = 4, liveAgeMs, crossSequence } of checks) {
      origin.resetStats();
      const query = liveAgeMs === undefined ? '' : `?start=${Date.now() - liveAgeMs}`;
      const result = await check(page, { url: origin.url + path + query, player, playSec });
      const liveSequences = Object.keys(origin.stats().byPath).flatMap((p) => /\/live\/.*\/seg-(\d+)/.exec(p)?.[1] ?? []).map(Number);
      const liveInfo = liveSequences.length ? `, live segments ${Math.min(...liveSequences)}..${Math.max(...liveSequences)}` : '';
      const crossed = crossSequence === undefined || (liveSequences.includes(crossSequence - 1) && liveSequences.includes(crossSequence));
      const ok = mustFail ? result.error !== null && result.firstFrameMs === null : result.error === null && result.playedSec >= playSec && crossed;
      if (!ok) failures++;
      const firstFrame = result.firstFrameMs === null ? '-' : `${Math.round(result.firstFrameMs)} ms`;
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${player.padEnd(6)} ${path.replace(/\?.*/, '').padEnd(28)} first frame ${firstFrame}, played ${result.playedSec.toFixed(1)} s${liveInfo}${result.error ? `, error: ${result.error}` : ''}`);
    }
  } finally {
    await browser.close();
    pageServer.close();
    await origin.close();
  }
  process.exit(failures ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
