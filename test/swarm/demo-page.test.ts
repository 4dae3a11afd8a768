/**
 * The demo page shows the swarm: the real demo (Vite on demo/, the local origin and tracker from
 * tools/dev/start-demo.ts) in headless Chromium. After "Add a viewer" the added viewer (a ?viewer
 * frame of the page: its own page context, its own peer) gets bytes from the page's viewer, and
 * the page shows it: chart points, the peer named with bytes sent to it, segments by source with
 * the origin reason, origin bytes by reason. Removing the viewer disconnects it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../../tools/chromium.ts';
import { startDemo, type DemoServers } from '../../tools/dev/start-demo.ts';

let demo: DemoServers;
let browser: Browser;

before(async () => {
  demo = await startDemo({ port: 0, originPort: 0, trackerPort: 0, watch: false });
  browser = await chromium.launch(chromiumLaunchOptions());
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

interface PeerRow {
  name: string;
  peerId: string;
  sent: number;
  received: number;
  gone: boolean;
}

function peerRows(page: Page): Promise<PeerRow[]> {
  return page.$$eval('#peers tbody tr[data-peer]', (rows) =>
    rows.map((row) => {
      const tr = row as HTMLElement;
      return { name: tr.querySelector('code')!.textContent!, peerId: tr.dataset.peer!, sent: Number(tr.dataset.sent), received: Number(tr.dataset.received), gone: tr.classList.contains('gone') };
    }),
  );
}

test('demo: "Add a viewer" makes a swarm the page shows (chart, named peer with bytes, timeline with reasons, origin reasons)', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(demo.url);
  await page.waitForFunction(() => document.querySelectorAll('#timeline li').length > 0, null, { timeout: 20000 });
  await page.click('#add-viewer');
  const frameElement = await page.waitForSelector('figure[data-viewer="viewer 2"] iframe');
  const frame = (await frameElement.contentFrame())!;
  assert.ok(frame.url().includes('?viewer='), `the added viewer is a ?viewer frame of the demo (${frame.url()})`);

  // The page's viewer uploads to the added one, and names it in its peer list.
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('#peers tbody tr[data-peer]')].some((row) => row.textContent!.includes('viewer 2') && Number(row.dataset.sent) > 0), null, { timeout: 30000 });
  const peers = await peerRows(page);
  console.log('peers of viewer 1:', JSON.stringify(peers));
  const added = peers.find((peer) => peer.name.startsWith('viewer 2'));
  assert.ok(added && added.sent > 0 && !added.gone, 'viewer 2 is listed, connected, with bytes sent to it');

  // The frame is a viewer of its own: it got bytes from its peer and shows them in its timeline.
  await frame.waitForFunction(() => (document.querySelector('p2p-video')?.stats.p2pBytes ?? 0) > 0, null, { timeout: 30000 });
  await frame.waitForFunction(() => document.querySelectorAll('.timeline li.p2p').length > 0, null, { timeout: 10000 });
  const frameP2PBytes = await frame.evaluate(() => document.querySelector('p2p-video')!.stats.p2pBytes);
  assert.ok(frameP2PBytes > 0, `viewer 2 loaded from its peer (${frameP2PBytes} B)`);

  // A few seconds of chart, some of them with peer bytes in the whole tab's chart.
  await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#chart')!.dataset.points) >= 3 && Number(document.querySelector<HTMLElement>('#swarm-chart')!.dataset.p2pPoints) > 0, null, { timeout: 10000 });
  const view = await page.evaluate(() => {
    const chart = document.querySelector<HTMLCanvasElement>('#chart')!;
    const swarmChart = document.querySelector<HTMLCanvasElement>('#swarm-chart')!;
    const http = [...document.querySelectorAll<HTMLElement>('#timeline li.http')];
    const reasons = [...document.querySelectorAll<HTMLElement>('#reasons .reason')].map((row) => ({ reason: row.dataset.reason!, bytes: Number(row.dataset.bytes) }));
    const stats = document.querySelector('p2p-video')!.stats;
    return {
      points: Number(chart.dataset.points),
      swarmP2PPoints: Number(swarmChart.dataset.p2pPoints),
      timeline: document.querySelectorAll('#timeline li').length,
      httpEntries: http.length,
      httpWithReason: http.filter((li) => li.dataset.reason && li.title.includes(`from the origin: ${li.dataset.reason}`)).length,
      reasons,
      httpByReasonBytes: Object.values(stats.httpByReason).reduce((sum, count) => sum + count.bytes, 0),
      summaryViewers: document.querySelector<HTMLElement>('#swarm-summary')!.dataset.viewers,
    };
  });
  console.log('demo page:', JSON.stringify(view));
  assert.ok(view.points >= 3, `the chart has points (${view.points})`);
  assert.ok(view.swarmP2PPoints > 0, 'the whole-tab chart has seconds with peer bytes');
  assert.ok(view.timeline > 0 && view.httpEntries > 0, 'the timeline has entries, some from the origin');
  assert.equal(view.httpWithReason, view.httpEntries, 'every origin segment in the timeline says why on hover');
  assert.ok(view.reasons.length > 0 && view.reasons.every((r) => r.bytes > 0), 'origin bytes by reason are listed');
  // The panel lags the element's counters by at most a frame; it never shows more than they hold.
  const shown = view.reasons.reduce((sum, r) => sum + r.bytes, 0);
  assert.ok(shown > 0 && shown <= view.httpByReasonBytes, `reason bytes shown (${shown}) come from stats.httpByReason (${view.httpByReasonBytes})`);
  assert.equal(view.summaryViewers, '2', 'the swarm summary counts this viewer and the added one');

  // Removing the viewer unloads its page: its core leaves and the peer shows as gone.
  await page.click('figure[data-viewer="viewer 2"] .remove');
  await page.waitForFunction((peerId) => document.querySelector(`#peers tr[data-peer="${peerId}"]`)?.classList.contains('gone'), added.peerId, { timeout: 20000 });
  assert.equal(await page.locator('figure.viewer').count(), 0, 'the frame is gone');
  assert.deepEqual(errors, [], 'no page errors');
  await page.close();
});
