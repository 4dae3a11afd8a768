/**
 * Takes docs/demo.png: the demo page in headless Chromium, with a second viewer in another page so
 * the screenshot shows P2P traffic.
 *
 *   node --import tsx tools/dev/screenshot.ts [--out docs/demo.png] [--wait-ms 20000] [--source /live/hls-ts/master.m3u8]
 */
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../chromium.ts';
import { cliOption } from '../origin/origin-server.ts';
import { startDemo } from './start-demo.ts';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const out = cliOption(argv, 'out') ?? 'docs/demo.png';
  const waitMs = Number(cliOption(argv, 'wait-ms') ?? 20000);
  const demo = await startDemo({ port: 0, originPort: 0, trackerPort: 0 });
  const source = cliOption(argv, 'source');
  const pageUrl = source ? `${demo.url}#src=${encodeURIComponent(demo.origin.url + source)}` : demo.url;
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    const first = await context.newPage();
    first.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await first.goto(pageUrl);
    // The second viewer joins a few seconds later and should get most segments from the first.
    await first.waitForTimeout(4000);
    const second = await context.newPage();
    await second.goto(pageUrl);
    // Wait for peer bytes (up to waitMs), then a little longer so the numbers settle.
    const gotPeers = await second
      .waitForFunction(() => (document.querySelector('p2p-video')?.stats.p2pBytes ?? 0) > 0, null, { timeout: waitMs })
      .then(() => true, () => false);
    if (!gotPeers) console.warn(`no bytes from peers within ${waitMs} ms`);
    await second.waitForTimeout(gotPeers ? 5000 : 0);
    await second.bringToFront();
    const text = await second.locator('#stats').innerText();
    console.log(`second viewer:\n${text}`);
    // Hover the player so the control bar is visible in the picture.
    await second.mouse.move(400, 330);
    await second.waitForTimeout(500);
    await second.screenshot({ path: out });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
    await demo.close();
  }
}

main().catch((error: unknown) => {
  console.error(`screenshot: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
