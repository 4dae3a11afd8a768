/**
 * Every framework example, built with Vite's JS API and played in real Chromium against the
 * local origin and tracker: the video plays and the page displays `p2pstats` it received.
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
import { EXAMPLE_NAMES, exampleViteConfig, type ExampleName } from '../../examples/vite-config.ts';
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
    for (const file of ['p2p-video.js', 'index.js']) {
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

  for (const name of EXAMPLE_NAMES) {
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
});

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
