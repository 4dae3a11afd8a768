/**
 * Issue 12 part 4: our tracker client must work unchanged on aquatic_ws and wt-tracker, which
 * cannot run here. Two real peers (P2PCore + Trystero + werift, one process each) connect through a
 * real bittorrent-tracker behind a recording proxy; every message they send is held against the
 * rules read from those trackers' parsers (`helpers/tracker-conformance-rules.ts`, with file:line).
 * Also: with several trackers listed and one of them down, peers connect as with one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startTracker, type TrackerServer } from '../../tools/tracker/tracker-server.ts';
import { NodePeerProcess } from './helpers/node-peer-process.ts';
import { RecordingTracker } from './helpers/recording-tracker.ts';
import { MAX_MESSAGE_BYTES, violations } from './helpers/tracker-conformance-rules.ts';
import { until } from './helpers/real-swarm-env.ts';
import { AnnounceKind, announceBody } from '../../src/p2p/transport/trystero/announce-plan.ts';

/** A ws:// URL where nothing listens (a tracker that is down). */
async function deadTrackerUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `ws://127.0.0.1:${port}`;
}

describe('tracker conformance: our announces and answers against aquatic_ws / wt-tracker / bittorrent-tracker rules', { timeout: 90_000 }, () => {
  let tracker: TrackerServer;
  const cleanups: Array<() => unknown> = [];
  let swarms = 0;

  before(async () => {
    tracker = await startTracker({ port: 0 });
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await tracker?.close();
    setTimeout(() => process.exit(), 2000).unref();
  });

  /** Two peers on `trackers`, connected to each other; the ms each waited and their warnings. */
  async function connectPair(trackers: string[]): Promise<{ waitedMs: number[]; warnings: string[] }> {
    const peerConfig = { swarmId: `conformance-${process.pid}-${++swarms}`, config: { trackers, iceServers: [], appId: `p2p-video-conformance-${process.pid}`, password: 'conformance' } };
    const peers = [new NodePeerProcess(peerConfig), new NodePeerProcess(peerConfig)];
    cleanups.push(() => peers.forEach((peer) => peer.kill()));
    await Promise.all(peers.map((peer) => peer.ready));
    const joined = await Promise.all(peers.map((peer) => peer.call({ cmd: 'waitForPeers', count: 1 })));
    const stats = await Promise.all(peers.map((peer) => peer.call({ cmd: 'stats' })));
    await Promise.all(peers.map((peer) => peer.call({ cmd: 'destroy' })));
    return { waitedMs: joined.map((j) => Number(j.waitedMs)), warnings: stats.flatMap((s) => s.warnings as string[]) };
  }

  /** One pair's messages, recorded once and shared by the rule tests. */
  let recorded: Promise<RecordingTracker> | undefined;
  function recordPair(): Promise<RecordingTracker> {
    recorded ??= (async () => {
      const recording = await RecordingTracker.start(tracker.url);
      cleanups.push(() => recording.close());
      await connectPair([recording.url]);
      // The answer may still be on its way to the tracker when the peers see each other.
      await until(() => recording.parsed().some((m) => m.json.answer !== undefined), 'an answer', 5000);
      return recording;
    })();
    return recorded;
  }

  it('every message two connecting peers send keeps every rule', async () => {
    const recording = await recordPair();
    const messages = recording.parsed();
    assert.equal(messages.length, recording.messages.length, 'every message is JSON (wt uws-tracker.ts:300-307 closes the socket otherwise)');
    const offers = messages.filter((m) => Array.isArray(m.json.offers) && m.json.offers.length > 0);
    const answers = messages.filter((m) => m.json.answer !== undefined);
    assert.ok(offers.length > 0 && answers.length > 0, `offers and answers were sent (${offers.length} / ${answers.length}): the rules were exercised`);
    for (const m of recording.messages) {
      assert.equal(m.binary, false, 'text frames (what the three trackers and browsers use)');
      assert.ok(m.bytes <= MAX_MESSAGE_BYTES, `a ${m.bytes}-byte message: aquatic config.rs:133 rejects frames over 16 KiB (and closes the connection)`);
    }
    for (const m of messages) assert.deepEqual(violations(m.json), [], m.raw.slice(0, 200));
    const largest = Math.max(...recording.messages.map((m) => m.bytes));
    console.log(`${messages.length} messages (${offers.length} with offers, ${answers.length} answers), largest ${largest} bytes`);
  });

  it('one peer_id per info_hash on a connection (aquatic connection.rs:305-320 closes the connection otherwise)', async () => {
    const recording = await recordPair();
    const seen = new Map<string, unknown>();
    for (const { connection, json } of recording.parsed()) {
      const key = `${connection}\u0000${String(json.info_hash)}`;
      if (!seen.has(key)) seen.set(key, json.peer_id);
      assert.equal(json.peer_id, seen.get(key));
    }
    assert.ok(seen.size >= 2, 'two connections announced');
  });

  it('an answer goes to the peer that sent that offer_id, within 120 s (aquatic storage.rs:454-522 relays only those; wt fast-tracker.ts:704-706 closes the socket for an unknown to_peer_id)', async () => {
    const recording = await recordPair();
    const messages = recording.parsed();
    const offered = new Map<string, number>();
    for (const { json, atMs } of messages) {
      for (const item of (json.offers as Array<{ offer_id: string }> | undefined) ?? []) offered.set(`${String(json.peer_id)}\u0000${item.offer_id}`, atMs);
    }
    const answers = messages.filter((m) => m.json.answer !== undefined);
    assert.ok(answers.length > 0, 'an answer was sent');
    for (const { json, atMs } of answers) {
      const offeredAt = offered.get(`${String(json.to_peer_id)}\u0000${String(json.offer_id)}`);
      assert.ok(offeredAt !== undefined, `answer to ${String(json.to_peer_id)} for offer ${String(json.offer_id)}, which that peer announced`);
      assert.ok(atMs - offeredAt < 120_000, 'answered within aquatic max_offer_age (config.rs:187)');
    }
  });

  it('several trackers, one of them down: peers connect through the other, and nothing warns', async () => {
    const recording = await RecordingTracker.start(tracker.url);
    cleanups.push(() => recording.close());
    const dead = await deadTrackerUrl();
    const { waitedMs, warnings } = await connectPair([dead, recording.url]);
    console.log(`with a dead tracker listed first: connected after ${waitedMs.map(Math.round).join(' / ')} ms`);
    assert.deepEqual(warnings.filter((w) => /tracker-unreachable/.test(w)), [], 'a tracker down while another is up is not a warning');
    await until(() => recording.parsed().some((m) => m.json.answer !== undefined), 'the live tracker relayed the signalling', 5000);
  });

  it('regression: a listed tracker that comes up while another is up gets announced to (it was retried only once all were down)', async () => {
    const up = await RecordingTracker.start(tracker.url);
    cleanups.push(() => up.close());
    const late = new URL(await deadTrackerUrl());
    const peerConfig = { swarmId: `conformance-${process.pid}-${++swarms}`, config: { trackers: [late.href.replace(/\/$/, ''), up.url], iceServers: [], appId: `p2p-video-conformance-${process.pid}`, password: 'conformance' } };
    const peer = new NodePeerProcess(peerConfig);
    cleanups.push(() => peer.kill());
    await peer.ready;
    await peer.call({ cmd: 'waitForPeers', count: 0 });
    await until(() => up.messages.length > 0, 'an announce to the tracker that is up', 10_000);
    const comeback = await RecordingTracker.start(tracker.url, Number(late.port));
    cleanups.push(() => comeback.close());
    // Retried 5 s after the first check, then 10 s later: within ~20 s of joining.
    await until(() => comeback.parsed().some((m) => m.json.action === 'announce'), 'an announce to the tracker that came up', 25_000);
    await peer.call({ cmd: 'destroy' });
  });
});

describe('the conformance rules reject what those trackers reject', () => {
  const good = { action: 'announce', info_hash: 'a'.repeat(20), peer_id: 'b'.repeat(20), numwant: 3, offers: [{ offer_id: 'c'.repeat(20), offer: { type: 'offer', sdp: 'x' } }] };
  const answer = { action: 'announce', info_hash: 'a'.repeat(20), peer_id: 'b'.repeat(20), answer: { type: 'answer', sdp: 'y' }, offer_id: 'c'.repeat(20), to_peer_id: 'd'.repeat(20) };
  const bad: Array<[string, Record<string, unknown>]> = [
    ['scrape', { ...good, action: 'scrape' }],
    ['19-character info_hash', { ...good, info_hash: 'a'.repeat(19) }],
    ['40-character hex info_hash', { ...good, info_hash: 'a'.repeat(40) }],
    ['peer_id above 0xff', { ...good, peer_id: 'é'.repeat(19) + '\u0100' }],
    ['event "update"', { ...good, event: 'update' }],
    ['float numwant', { ...good, numwant: 1.5 }],
    ['numwant below the offers', { ...good, numwant: 0 }],
    ['11 offers', { ...good, numwant: 11, offers: Array.from({ length: 11 }, (_, i) => ({ offer_id: String(i).padStart(20, '0'), offer: { type: 'offer', sdp: 'x' } })) }],
    ['duplicate offer ids', { ...good, offers: [good.offers[0], good.offers[0]] }],
    ['offer without an offer object', { ...good, offers: [{ offer_id: 'c'.repeat(20), sdp: 'x' }] }],
    ['answer without sdp', { ...answer, answer: { type: 'answer' } }],
    ['answer with an event', { ...answer, event: 'started' }],
    ['answer without to_peer_id', { ...answer, to_peer_id: undefined }],
  ];
  it('accepts a well-formed announce and answer', () => {
    assert.deepEqual(violations(good), []);
    assert.deepEqual(violations(answer), []);
  });

  // The connecting pair above sends offers and answers; these kinds come later in a watch (at the interval, at maxPeers).
  it('every announce kind our strategy sends keeps the rules', () => {
    const ids = { action: 'announce', info_hash: 'h'.repeat(20), peer_id: 'p'.repeat(20) };
    const offers = [1, 2, 3].map((i) => ({ offerId: String(i).repeat(20), sdp: 'sealed' }));
    for (const kind of [AnnounceKind.Offers, AnnounceKind.Listed, AnnounceKind.Leave] as const) {
      assert.deepEqual(violations({ ...ids, ...announceBody(kind, offers) }), [], kind);
    }
    assert.equal((announceBody(AnnounceKind.Offers, offers).offers as unknown[]).length, 3);
    assert.deepEqual(announceBody(AnnounceKind.Listed, offers).offers, []);
  });
  for (const [what, message] of bad) {
    it(`rejects ${what}`, () => assert.notDeepEqual(violations(message), []));
  }
});
