/**
 * An honest core against each hostile mode over the real stack: local tracker, Trystero + werift
 * WebRTC, the real origin serving the HLS sample, SHA-256 hashes from an integrity file. The
 * hostile peer (`test/integration/node-peer/hostile-peer.ts`) runs in its own process.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { P2PCore } from '../../src/p2p/p2p-core.ts';
import type { P2PConfig } from '../../src/p2p/config.ts';
import { HostileProcess } from './helpers/hostile-process.ts';
import { RealSwarmEnv, sampleStream, until } from './helpers/real-swarm-env.ts';

const paused = { currentTime: 0, playbackRate: 1, paused: true, bufferedAhead: 0 };
/** No swarm wait for far-ahead segments (`httpWindowSeconds` covers the sample), short stalls. */
const TEST_CONFIG: Partial<P2PConfig> = { httpWindowSeconds: 60, p2pTimeoutMs: 2000 };

type Recorded = Array<{ name: string; payload: unknown; atMs: number }>;

const env = new RealSwarmEnv();
const hostiles: HostileProcess[] = [];

/** Joins a hostile peer; resolves with its id once the honest core sees it. */
async function join(hostile: HostileProcess, events: Recorded): Promise<{ hostileId: string; connectedMs: number }> {
  hostiles.push(hostile);
  const hostileId = String((await hostile.waitFor((e) => e.event === 'ready')).selfId);
  await until(() => events.some((e) => e.name === 'peerConnected' && (e.payload as { peerId: string }).peerId === hostileId), 'the hostile peer to connect', 30_000).catch((error: Error) => {
    throw new Error(`${error.message}; hostile events ${JSON.stringify(hostile.events)}; stderr ${hostile.stderr.slice(0, 2000)}`);
  });
  return { hostileId, connectedMs: events.find((e) => e.name === 'peerConnected' && (e.payload as { peerId: string }).peerId === hostileId)!.atMs };
}

/** Loads every segment after the first; each must equal the file byte for byte. */
async function loadAll(core: P2PCore): Promise<Record<string, number>> {
  const sources: Record<string, number> = {};
  for (const segment of env.segments().slice(1)) {
    const response = await core.loadSegment({ stream: sampleStream, segment });
    assert.deepEqual(new Uint8Array(response.data), env.files.get(segment.id)!.bytes, `segment ${segment.id} (${response.source}) has the origin's bytes`);
    sources[response.source] = (sources[response.source] ?? 0) + 1;
  }
  return sources;
}

function banOf(events: Recorded, peerId: string): { reason: string; atMs: number } | undefined {
  const event = events.find((e) => e.name === 'peerBanned' && (e.payload as { peerId: string }).peerId === peerId);
  return event && { reason: (event.payload as { reason: string }).reason, atMs: event.atMs };
}

async function honestWithFirstSegment(config: Partial<P2PConfig>) {
  const honest = env.honestCore({ ...TEST_CONFIG, ...config });
  honest.core.setStreamSegments(sampleStream, env.segments());
  honest.core.updatePlayback(paused);
  // Segment 0 over HTTP: the honest core now announces the stream, so the hostile learns its id.
  const first = await honest.core.loadSegment({ stream: sampleStream, segment: env.segments()[0]! });
  assert.equal(first.source, 'http');
  return honest;
}

describe('hostile peers against an honest core (real tracker, WebRTC, origin)', { timeout: 240_000 }, () => {
  before(() => env.start());
  after(async () => {
    for (const hostile of hostiles) hostile.kill();
    await env.stop();
    // werift keeps UDP sockets of Trystero's pre-created peer connections open after the room is
    // left, so this process (the only one with an in-process honest core) may never exit by itself.
    setTimeout(() => process.exit(), 2000).unref();
  });

  for (const corruption of ['payload', 'sync'] as const) {
    it(`corrupt (${corruption}): every segment arrives intact, the corrupting peer is banned`, async () => {
      // Payload flips keep the TS framing: only the SHA-256 of the integrity file catches them.
      const { core, events } = await honestWithFirstSegment(corruption === 'payload' ? { integrityUrl: env.integrityUrl } : {});
      const hostile = new HostileProcess(env.hostileArgs('corrupt', ['--corruption', corruption]));
      const { hostileId, connectedMs } = await join(hostile, events);
      await hostile.waitFor((e) => e.event === 'announced');
      const sources = await loadAll(core);
      await until(() => banOf(events, hostileId) !== undefined, 'the corrupting peer to be banned');
      const ban = banOf(events, hostileId)!;
      const rejected = events.filter((e) => e.name === 'segmentRejected').length;
      console.log(`corrupt/${corruption}: banned ${Math.round(ban.atMs - connectedMs)} ms after connecting (${ban.reason}); ` +
        `${rejected} segments / ${core.stats.rejectedBytes} bytes rejected; sources ${JSON.stringify(sources)}; served by hostile: ${hostile.events.filter((e) => e.event === 'served').length}`);
      assert.match(ban.reason, /bad-segment/);
      assert.ok(core.stats.rejectedBytes > 0, 'corrupted bytes were received and rejected');
      assert.equal(core.stats.p2pBytes, 0, 'no byte from the corrupting peer was accepted');
      assert.equal(core.stats.peers, 0);
      await core.destroy();
    });
  }

  it('liar: announces everything, delivers nothing; loads fall back, the liar is banned', async () => {
    const { core, events } = await honestWithFirstSegment({});
    const hostile = new HostileProcess(env.hostileArgs('liar'));
    const { hostileId, connectedMs } = await join(hostile, events);
    await hostile.waitFor((e) => e.event === 'announced');
    const startMs = performance.now();
    const sources = await loadAll(core);
    const loadAllMs = performance.now() - startMs;
    await until(() => banOf(events, hostileId) !== undefined, 'the liar to be banned');
    const ban = banOf(events, hostileId)!;
    const lies = hostile.events.filter((e) => e.event === 'lied');
    console.log(`liar: banned ${Math.round(ban.atMs - connectedMs)} ms after connecting (${ban.reason}) after ${lies.length} lies ` +
      `(${lies.filter((e) => e.how === 'absent').length} absent, ${lies.filter((e) => e.how === 'silent').length} silent); ` +
      `${env.segments().length - 1} segments loaded in ${Math.round(loadAllMs)} ms; sources ${JSON.stringify(sources)}`);
    assert.match(ban.reason, /absent|stalled/);
    assert.equal(core.stats.peers, 0);
    await core.destroy();
  });

  const floods = [
    { attack: 'oversized', reason: /oversized-message/ },
    { attack: 'garbage', reason: /protocol-violation/ },
    { attack: 'requests', reason: /flood/ },
    { attack: 'have', reason: /flood|announce-overflow/ },
  ];
  // One honest core (its own room) per attack. Seen here: a second hostile joining the SAME room
  // after a ban did not connect within 20 s in Node (werift); not yet explained, see the report.
  for (const { attack, reason } of floods) {
    it(`flood (${attack}): the sender is banned, the honest core keeps loading correct bytes`, async () => {
      const { core, events } = await honestWithFirstSegment({});
      const hostile = new HostileProcess(env.hostileArgs('flood', ['--attack', attack]));
      const { hostileId, connectedMs } = await join(hostile, events);
      await until(() => banOf(events, hostileId) !== undefined, `the ${attack} flooder to be banned`);
      const ban = banOf(events, hostileId)!;
      const sent = hostile.events.find((e) => e.event === 'attack');
      console.log(`flood/${attack}: banned ${Math.round(ban.atMs - connectedMs)} ms after connecting (${ban.reason}); it sent ${String(sent?.messages)} messages, ${String(sent?.bytes)} bytes`);
      assert.match(ban.reason, reason);
      hostile.kill();
      await loadAll(core);
      assert.equal(core.stats.peers, 0);
      await core.destroy();
    });
  }
});
