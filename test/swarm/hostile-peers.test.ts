/**
 * Trust nothing a peer sends: real `<p2p-video>` pages in Chromium, a real local tracker and origin,
 * and a hostile Node peer (`test/integration/node-peer/hostile-peer.ts`, werift WebRTC) in the same swarm. The
 * honest viewers must keep playing, the hostile peer must end banned, and no byte it sent may reach
 * the player. Pages play the 360p media playlist, the rendition the hostile peer knows.
 *
 *   node --import tsx --test test/swarm/hostile-peers.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SwarmViewer } from '../../tools/swarm/swarm-viewer.ts';
import { HostileProcess } from '../integration/helpers/hostile-process.ts';
import { coreEvents, recordCoreEvents, waitForCoreEvent, type RecordedCoreEvent } from './core-event-recorder.ts';
import { PLAYLIST_PATH, hostileArgs, startIntegrityServer } from './hostile-test-env.ts';
import { describeViewer, p2pStats, sleep, useSwarmHarness } from './swarm-test-helpers.ts';

const harness = useSwarmHarness();
const hostiles: HostileProcess[] = [];
let integrity: Awaited<ReturnType<typeof startIntegrityServer>> | undefined;

before(async () => {
  integrity = await startIntegrityServer();
});
after(async () => {
  for (const hostile of hostiles) hostile.kill();
  await integrity?.close();
});

interface Outcome {
  viewer: SwarmViewer;
  hostileId: string;
  /** Hostile connected → banned, ms (page clock). */
  timeToBanMs: number;
  reason: string;
  events: RecordedCoreEvent[];
}

/**
 * Joins a hostile peer, then opens an honest page in its swarm and waits for the page to ban it.
 * The hostile peer goes first: the 40 s sample is otherwise fetched over HTTP before it arrives.
 * It learns the page's stream id from the page's first announcement.
 */
async function honestPageMeetsHostile(o: { swarmId: string; mode: string; extra?: string[]; integrityUrl?: string }): Promise<Outcome> {
  const h = harness();
  const hostile = new HostileProcess(hostileArgs({ harness: h, swarmId: o.swarmId, mode: o.mode, extra: o.extra }));
  hostiles.push(hostile);
  const hostileId = String((await hostile.waitFor((e) => e.event === 'ready', 20_000)).selfId);
  const viewer = await h.openViewer({ subject: 'p2p-video', src: h.streamUrl(PLAYLIST_PATH), swarmId: o.swarmId, integrityUrl: o.integrityUrl });
  await recordCoreEvents(viewer);
  await viewer.waitForPlaying(15_000);
  const connectedAt = await waitForCoreEvent({
    viewer,
    what: `peerConnected from the ${o.mode} peer ${hostileId}`,
    timeoutMs: 30_000,
    check: (events) => events.find((e) => e.name === 'peerConnected' && e.peerId === hostileId)?.atMs,
  });
  const ban = await waitForCoreEvent({
    viewer,
    what: `peerBanned of the ${o.mode} peer`,
    timeoutMs: 40_000,
    check: (events) => events.find((e) => e.name === 'peerBanned' && e.peerId === hostileId),
  }).catch((error: Error) => {
    throw new Error(`${error.message}; hostile events ${JSON.stringify(hostile.events.slice(0, 30))}; stderr ${hostile.stderr.slice(0, 1000)}`);
  });
  hostile.kill();
  return { viewer, hostileId, timeToBanMs: ban.atMs - connectedAt, reason: ban.reason ?? '', events: await coreEvents(viewer) };
}

/** The page keeps playing for `ms` with no error; returns its final report. */
async function keepsPlaying(viewer: SwarmViewer, ms: number) {
  const before = await viewer.report();
  await sleep(ms);
  const end = await viewer.report();
  const advanced = end.currentTime - before.currentTime;
  assert.deepEqual(end.errors, [], `viewer ${viewer.index}: no errors`);
  assert.deepEqual(end.pageErrors, [], `viewer ${viewer.index}: no uncaught errors`);
  assert.ok(advanced > (ms / 1000) * 0.5, `viewer ${viewer.index}: playback advanced ${advanced.toFixed(1)} s in ${ms / 1000} s`);
  return end;
}

function noSegmentFrom(events: RecordedCoreEvent[], peerId: string): void {
  const fromHostile = events.filter((e) => e.name === 'segmentLoad' && e.peerId === peerId);
  assert.deepEqual(fromHostile, [], 'the player got no segment from the hostile peer');
}

test('corrupt (payload flips, integrity file): honest viewers keep playing, corrupter banned; a new honest viewer still joins', async () => {
  const h = harness();
  const swarmId = h.freshSwarmId('corrupt');
  const outcome = await honestPageMeetsHostile({ swarmId, mode: 'corrupt', extra: ['--corruption', 'payload'], integrityUrl: integrity!.url });
  const rejected = outcome.events.filter((e) => e.name === 'segmentRejected' && e.peerId === outcome.hostileId);
  const end = await keepsPlaying(outcome.viewer, 6000);
  const stats = end.p2p.stats as { rejectedBytes?: number } | undefined;
  console.log(`corrupt/payload: banned ${Math.round(outcome.timeToBanMs)} ms after connecting (${outcome.reason}); ` +
    `${rejected.length} segments / ${stats?.rejectedBytes} bytes rejected`);
  console.log(describeViewer('honest', end));
  assert.match(outcome.reason, /bad-segment/);
  assert.ok((stats?.rejectedBytes ?? 0) > 0, 'corrupted bytes reached the core and were rejected (el.stats.rejectedBytes > 0)');
  noSegmentFrom(await coreEvents(outcome.viewer), outcome.hostileId);

  // Suspected bug (seen in Node): after a ban, a NEW honest peer did not connect to the swarm.
  const opened = Date.now();
  const late = await h.openViewer({ subject: 'p2p-video', src: h.streamUrl(PLAYLIST_PATH), swarmId, integrityUrl: integrity!.url });
  await recordCoreEvents(late);
  await late.waitForPlaying(15_000);
  const firstId = await waitForCoreEvent({ viewer: outcome.viewer, what: 'peerConnected from the new honest viewer', timeoutMs: 20_000, check: (events) => events.find((e) => e.name === 'peerConnected' && e.peerId !== outcome.hostileId)?.peerId });
  const connectedMs = Date.now() - opened;
  let lateEnd = await late.report();
  const deadline = Date.now() + 20_000;
  while (p2pStats(lateEnd).p2pBytes === 0 && Date.now() < deadline) {
    await sleep(250);
    lateEnd = await late.report();
  }
  console.log(`after the ban: new honest viewer connected ${connectedMs} ms after opening (peer ${firstId}); first P2P bytes ${Date.now() - opened} ms after opening`);
  console.log(describeViewer('new honest', lateEnd));
  if (p2pStats(lateEnd).p2pBytes === 0) {
    const peerEvents = (events: RecordedCoreEvent[]) => JSON.stringify(events.filter((e) => e.name !== 'segmentLoad'));
    assert.fail(`the new honest viewer got no bytes from the first one; its core events ${peerEvents(await coreEvents(late))}; ` +
      `the first viewer's ${peerEvents(await coreEvents(outcome.viewer))}; first viewer at ${(await outcome.viewer.report()).currentTime} s`);
  }
  assert.deepEqual(lateEnd.errors, [], 'new honest viewer: no errors');
  await h.closeViewers();
});

// Issue 10's target: whatever a peer sends instead of the segment, without an integrity file the
// container and timestamp checks learnt from the origin's bytes refuse it; banned within 2 segments.
for (const corruption of ['random', 'truncated', 'replayed'] as const) {
  test(`${corruption} bytes (no integrity file): never played, the peer banned after at most 2 segments, no error or stall`, async () => {
    const h = harness();
    const outcome = await honestPageMeetsHostile({ swarmId: h.freshSwarmId(corruption), mode: 'corrupt', extra: ['--corruption', corruption] });
    const rejected = outcome.events.filter((e) => e.name === 'segmentRejected' && e.peerId === outcome.hostileId);
    const end = await keepsPlaying(outcome.viewer, 6000);
    console.log(`corrupt/${corruption}: banned ${Math.round(outcome.timeToBanMs)} ms after connecting (${outcome.reason}); ${rejected.length} segments rejected`);
    console.log(describeViewer('honest', end));
    assert.match(outcome.reason, /bad-segment/);
    assert.ok(rejected.length >= 1 && rejected.length <= 2, `banned after ${rejected.length} rejected segments (1–2)`);
    noSegmentFrom(await coreEvents(outcome.viewer), outcome.hostileId);
    assert.deepEqual(end.stalls, [], 'no stall');
    await h.closeViewers();
  });
}

// The 40 s sample leaves a liar at most the last ~3 requests (hls.js fetches most of it over HTTP
// before peers connect); lies cost 20–25 points and need ~5 to ban, so a ban is printed, not asserted.
test('liar (announces everything, delivers nothing): the viewer falls back and plays on', async () => {
  const h = harness();
  const swarmId = h.freshSwarmId('liar');
  const hostile = new HostileProcess(hostileArgs({ harness: h, swarmId, mode: 'liar' }));
  hostiles.push(hostile);
  const liarId = String((await hostile.waitFor((e) => e.event === 'ready', 20_000)).selfId);
  const viewer = await h.openViewer({ subject: 'p2p-video', src: h.streamUrl(PLAYLIST_PATH), swarmId });
  await recordCoreEvents(viewer);
  await viewer.waitForPlaying(15_000);
  await hostile.waitFor((e) => e.event === 'lied', 30_000);
  const end = await keepsPlaying(viewer, 8000);
  const lies = hostile.events.filter((e) => e.event === 'lied');
  const events = await coreEvents(viewer);
  const ban = events.find((e) => e.name === 'peerBanned' && e.peerId === liarId);
  console.log(`liar: ${lies.length} lies (${lies.map((e) => `${String(e.segmentId)}:${String(e.how)}`).join(', ')}); ${ban ? `banned (${ban.reason})` : 'not banned'}`);
  console.log(describeViewer('honest', end));
  noSegmentFrom(events, liarId);
  assert.equal(end.stalls.filter((s) => s.durationMs > 4000 || s.open).length, 0, 'no stall of more than 4 s (a lie costs at most one p2p timeout before HTTP)');
  await h.closeViewers();
});

test('flood (requests, announcements, 1 MiB message, garbage): the viewer plays on, the flooder is banned', async () => {
  const h = harness();
  const outcome = await honestPageMeetsHostile({ swarmId: h.freshSwarmId('flood'), mode: 'flood' });
  const end = await keepsPlaying(outcome.viewer, 6000);
  const stats = end.p2p.stats as { rejectedBytes?: number } | undefined;
  console.log(`flood: banned ${Math.round(outcome.timeToBanMs)} ms after connecting (${outcome.reason}); rejected bytes ${stats?.rejectedBytes}`);
  console.log(describeViewer('honest', end));
  assert.match(outcome.reason, /flood|announce-overflow|oversized-message|protocol-violation/);
  noSegmentFrom(await coreEvents(outcome.viewer), outcome.hostileId);
  await h.closeViewers();
});
