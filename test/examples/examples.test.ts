/**
 * Every framework example, built with Vite's JS API and played in real Chromium against the
 * local origin and tracker: the video plays and the page displays `p2pstats` it received. The
 * player examples (hls.js, Plyr on hls.js, both with `withP2P`) play in two viewers that must
 * share segments, counted at the origin.
 * Needs `npm run build` first (the examples import the built package from dist/).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../../tools/chromium.ts';
import { startOrigin } from '../../tools/origin/origin-server.ts';
import { startTracker } from '../../tools/tracker/tracker-server.ts';
import { EXAMPLE_NAMES, PLAYER_EXAMPLE_NAMES, exampleViteConfig, type ExampleName } from '../../examples/vite-config.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** The built package under test; P2P_VIDEO_DIST points elsewhere (e.g. an unpacked `npm pack`). */
const distDir = process.env.P2P_VIDEO_DIST ?? `${repoRoot}/dist`;
const PLAY_TIMEOUT_MS = 30_000;

interface PageResult {
  currentTime: number;
  error: unknown;
  statsText: string;
  configType: string;
  configAttribute: string | null;
  httpWindowSeconds: unknown;
  trackers: string;
  elapsedMs: number;
}

describe('framework examples', { timeout: 180_000 }, () => {
  let origin: Awaited<ReturnType<typeof startOrigin>>;
  let tracker: Awaited<ReturnType<typeof startTracker>>;
  let server: StaticServer;
  let browser: Browser;

  before(async () => {
    for (const file of ['p2p-video.js', 'index.js', 'hlsjs.js']) {
      assert.ok(existsSync(`${distDir}/${file}`), `${distDir}/${file} is missing: run \`npm run build\` first`);
    }
    for (const name of EXAMPLE_NAMES.filter((n) => n !== 'html')) {
      const started = performance.now();
      await build(exampleViteConfig({ name, distDir, outDir: `${repoRoot}/.cache/examples/${name}` }));
      console.log(`built ${name} in ${Math.round(performance.now() - started)} ms`);
    }
    origin = await startOrigin({ port: 0 });
    tracker = await startTracker({ port: 0 });
    server = await startStaticServer({
      mounts: {
        '/examples/': `${repoRoot}/examples`,
        '/dist/': distDir,
        '/.cache/examples/': `${repoRoot}/.cache/examples`,
      },
    });
    browser = await chromium.launch(chromiumLaunchOptions());
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await tracker?.close();
    await origin?.close();
  });

  function exampleUrl(name: ExampleName): string {
    const path = name === 'html' ? '/examples/html/index.html' : `/.cache/examples/${name}/index.html`;
    const query = new URLSearchParams({ origin: origin.url, tracker: tracker.url });
    return `${server.url}${path}?${query}`;
  }

  const isPlayerExample = (name: ExampleName): boolean => (PLAYER_EXAMPLE_NAMES as readonly ExampleName[]).includes(name);
  for (const name of EXAMPLE_NAMES.filter((n) => !isPlayerExample(n))) {
    it(`${name}: plays the local sample with P2P on and displays p2pstats`, async () => {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(`console: ${message.text()} (${message.location().url})`);
      });
      // The console says "404" without the URL; this names it.
      page.on('response', (response) => {
        if (response.status() >= 400) pageErrors.push(`HTTP ${response.status()} ${response.url()}`);
      });
      try {
        const result = await playAndRead(page, exampleUrl(name));
        console.log(`${name}: ${JSON.stringify(result)}`);
        assert.equal(result.error, null, `el.error: ${JSON.stringify(result.error)}`);
        assert.ok(result.currentTime > 1, `currentTime ${result.currentTime} did not advance`);
        assert.match(result.statsText, /p2pstats events: [1-9]\d* · peers: \d+ · HTTP \d+ B/);
        // Property binding: the object arrived as a property, not as a stringified attribute.
        assert.equal(result.configType, 'object');
        assert.equal(result.configAttribute, null);
        assert.equal(result.httpWindowSeconds, 6);
        // Attribute binding.
        assert.ok(result.trackers.includes(tracker.url), `trackers: ${result.trackers}`);
        assert.deepEqual(pageErrors, []);
      } finally {
        await page.close();
      }
    });
  }

  for (const name of PLAYER_EXAMPLE_NAMES) {
    it(`${name}: two viewers share segments (the origin serves less than both loaded)`, async () => {
      origin.resetStats();
      const viewers = [await openViewer(browser, exampleUrl(name))];
      try {
        await viewers[0].page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 2, undefined, { timeout: PLAY_TIMEOUT_MS, polling: 200 });
        viewers.push(await openViewer(browser, exampleUrl(name)));
        await viewers[1].page
          .waitForFunction(() => /P2P [1-9]\d* B/.test(document.getElementById('p2p-stats')?.textContent ?? '') && (document.querySelector('video')?.currentTime ?? 0) > 3, undefined, { timeout: PLAY_TIMEOUT_MS, polling: 200 })
          .catch(() => undefined); // the assertions below say what was missing
        const [first, second] = await Promise.all(viewers.map((viewer) => readViewer(viewer.page)));
        const { segmentBytes } = origin.stats();
        const loaded = first.httpBytes + first.p2pBytes + second.httpBytes + second.p2pBytes;
        console.log(`${name}: origin segment bytes ${segmentBytes} of ${loaded} loaded; first ${JSON.stringify(first)}; second ${JSON.stringify(second)}`);
        assert.ok(second.currentTime > 3, `second viewer currentTime ${second.currentTime}`);
        assert.ok(second.p2pBytes > 0, `second viewer got no P2P bytes: ${second.statsText}`);
        assert.ok(segmentBytes < loaded, `origin served ${segmentBytes} B, not less than the ${loaded} B both loaded`);
        if (name === 'plyr') assert.ok(first.plyrControls > 0, 'Plyr drew its controls');
        for (const viewer of viewers) assert.deepEqual(viewer.errors, []);
      } finally {
        for (const viewer of viewers) await viewer.page.close();
      }
    });
  }
});

interface Viewer {
  page: import('playwright-core').Page;
  errors: string[];
}

/** A page of its own (its own Trystero peer), its errors and failed requests recorded. */
async function openViewer(browser: Browser, url: string): Promise<Viewer> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} ${response.url()}`);
  });
  await page.goto(url);
  return { page, errors };
}

/** The video's time and the counters the example prints (`peers: n · HTTP n B · P2P n B`). */
async function readViewer(page: import('playwright-core').Page): Promise<{ currentTime: number; statsText: string; httpBytes: number; p2pBytes: number; plyrControls: number }> {
  const state = await page.evaluate(() => ({
    currentTime: document.querySelector('video')?.currentTime ?? -1,
    statsText: document.getElementById('p2p-stats')?.textContent ?? '',
    plyrControls: document.querySelectorAll('.plyr .plyr__controls button').length,
  }));
  const match = /HTTP (\d+) B · P2P (\d+) B/.exec(state.statsText);
  return { ...state, httpBytes: Number(match?.[1] ?? 0), p2pBytes: Number(match?.[2] ?? 0) };
}

/** Opens the page, waits until the video has played past 1 s and a p2pstats event was shown (or an error). */
async function playAndRead(page: import('playwright-core').Page, url: string): Promise<PageResult> {
  const started = performance.now();
  await page.goto(url);
  await page
    .waitForFunction(
      () => {
        const el = document.querySelector('p2p-video') as (HTMLElement & { currentTime: number; error: unknown }) | null;
        const text = document.getElementById('p2p-stats')?.textContent ?? '';
        return !!el && (el.error != null || (el.currentTime > 1 && /p2pstats events: [1-9]/.test(text)));
      },
      undefined,
      { timeout: PLAY_TIMEOUT_MS, polling: 200 },
    )
    .catch(() => undefined); // the assertions below say what was missing
  const elapsedMs = Math.round(performance.now() - started);
  const state = await page.evaluate(() => {
    const el = document.querySelector('p2p-video') as
      | (HTMLElement & { currentTime: number; error: unknown; config: { p2p?: { httpWindowSeconds?: number } }; trackers?: unknown })
      | null;
    return {
      currentTime: el?.currentTime ?? -1,
      error: el ? (el.error ?? null) : 'no <p2p-video> in the page',
      statsText: (document.getElementById('p2p-stats')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      configType: typeof el?.config,
      configAttribute: el?.getAttribute('config') ?? null,
      httpWindowSeconds: el?.config?.p2p?.httpWindowSeconds,
      trackers: `${el?.getAttribute('trackers') ?? ''} ${String(el?.trackers ?? '')}`,
    };
  });
  return { ...state, elapsedMs };
}
