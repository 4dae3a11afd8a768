/**
 * Takes docs/demo.png: the demo page in headless Chromium after "Add a viewer" (twice by
 * default), once the viewers in the page's frames get bytes from their peers, so the picture
 * shows a swarm: traffic per second, the peers and their bytes, segments by source, origin
 * bytes by reason, and the added viewers with their own stats.
 *
 *   node --import tsx tools/dev/screenshot.ts [--out docs/demo.png] [--wait-ms 30000] [--viewers 2] [--source /live/hls-ts/master.m3u8]
 */
import { chromium, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../chromium.ts';
import { cliOption } from '../origin/origin-server.ts';
import { startDemo } from './start-demo.ts';

/** Bytes the page's own viewer sent to the peers in its list (the added viewers). */
function bytesSentToPeers(page: Page): Promise<number> {
  return page.$$eval('#peers tbody tr[data-peer]', (rows) => rows.reduce((sum, row) => sum + Number((row as HTMLElement).dataset.sent), 0));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const out = cliOption(argv, 'out') ?? 'docs/demo.png';
  const waitMs = Number(cliOption(argv, 'wait-ms') ?? 30000);
  const viewers = Number(cliOption(argv, 'viewers') ?? 2);
  const demo = await startDemo({ port: 0, originPort: 0, trackerPort: 0, watch: false });
  const source = cliOption(argv, 'source');
  const pageUrl = source ? `${demo.url}#src=${encodeURIComponent(demo.origin.url + source)}` : demo.url;
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(pageUrl);
    // Each added viewer joins a few seconds after the one before and should get most segments from the swarm.
    for (let i = 0; i < viewers; i++) {
      await page.waitForTimeout(i === 0 ? 4000 : 6000);
      await page.click('#add-viewer');
    }
    const gotPeers = await page
      .waitForFunction((count) => document.querySelectorAll('#peers tbody tr[data-peer]').length >= count && [...document.querySelectorAll<HTMLElement>('#peers tbody tr[data-peer]')].every((row) => Number(row.dataset.sent) > 0), viewers, { timeout: waitMs })
      .then(() => true, () => false);
    if (!gotPeers) console.warn(`not every added viewer got bytes from this one within ${waitMs} ms`);
    // A little longer so the chart shows the swarm at work, not just its first second.
    await page.waitForTimeout(gotPeers ? 8000 : 0);
    console.log(`this viewer:\n${await page.locator('#stats').innerText()}`);
    console.log(`peers:\n${await page.locator('#peers').innerText()}`);
    console.log(`sent to peers: ${await bytesSentToPeers(page)} B`);
    for (const frame of page.frames().filter((f) => f.url().includes('?viewer'))) {
      console.log(`${new URL(frame.url()).searchParams.get('viewer')}: ${(await frame.locator('.mini-stats').innerText()).replace(/\s+/g, ' ')}`);
    }
    // Hover the player so the control bar is visible in the picture.
    await page.mouse.move(400, 330);
    await page.waitForTimeout(500);
    await page.screenshot({ path: out, fullPage: true });
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
