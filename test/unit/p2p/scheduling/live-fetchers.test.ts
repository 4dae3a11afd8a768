/** Who is expected to fetch a new live segment, and how long a viewer waits for them (issue 10, hole 8). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PeerSwarm, RemotePeer } from '../../../../src/p2p/peers/peer-swarm.ts';
import { LIVE_SEEDS, electionPosition, rankFetchers, spreadDelayMs } from '../../../../src/p2p/scheduling/live-election.ts';
import { BROKEN_LOADING_DISTRUST_MS, LiveFetchers, SILENT_TURN_MS } from '../../../../src/p2p/scheduling/live-fetchers.ts';
import { PeerDiscipline } from '../../../../src/p2p/scheduling/peer-discipline.ts';
import type { StreamRegistry } from '../../../../src/p2p/scheduling/stream-registry.ts';
import type { TrafficCounters } from '../../../../src/p2p/scheduling/traffic-counters.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';
import { silentLogger } from '../../../fakes/core-harness.ts';

const STREAM = 's';
const stream = { id: STREAM, type: 'main', isLive: true } as const;
const list = (newest: number) => Array.from({ length: newest }, (_, i) => ({ id: String(i + 1), url: `u${i + 1}`, startTime: i * 2, duration: 2 }));

function peer(id: string, fields: { have?: string[]; loading?: string[] } = {}): RemotePeer {
  return {
    id,
    uploadEnabled: true,
    have: new Map(fields.have ? [[STREAM, new Set(fields.have)]] : []),
    loading: new Map(fields.loading ? [[STREAM, new Set(fields.loading)]] : []),
    activeDownloads: 0,
    bytesPerMs: undefined,
    announceLimit: undefined as never,
    announcedBytes: 0,
  };
}

/** The three things the election reads of a swarm. */
function swarmOf(peers: RemotePeer[], selfId = 'me', trackerSwarmSize?: number): PeerSwarm {
  return { selfId, peers, peer: (id: string) => peers.find((p) => p.id === id), size: peers.length, trackerSwarmSize } as unknown as PeerSwarm;
}

function setup() {
  const clock = new FakeClock();
  const woken: string[] = [];
  const discipline = new PeerDiscipline({
    clock,
    logger: silentLogger,
    emit: () => {},
    registry: undefined as unknown as StreamRegistry,
    counters: undefined as unknown as TrafficCounters,
    swarm: () => undefined,
    isDestroyed: () => false,
  });
  const fetchers = new LiveFetchers({ clock, discipline, wake: (key) => woken.push(key) });
  return { clock, discipline, fetchers, woken };
}

/** A segment id whose ranking puts `first` before everyone else in `ids`. */
function segmentWhereFirst(first: string, ids: string[]): string {
  for (let n = 100; ; n++) if (rankFetchers({ candidates: ids, streamId: STREAM, segmentId: String(n) })[0] === first) return String(n);
}

/**
 * Lists one segment more at a time from `from` (each new at the edge, now) until one ranks `first`
 * before everyone in `ids`; returns its id. The `playing` peers hold the segment two before it
 * (they play the stream but do not keep up with the edge, so no reload allowance).
 */
function listUntilFirst(fetchers: LiveFetchers, first: string, ids: string[], playing: RemotePeer[], from = 21): string {
  for (let n = from; ; n++) {
    fetchers.noteList(stream, list(n));
    for (const p of playing) p.have.set(STREAM, new Set([String(n - 2)]));
    if (rankFetchers({ candidates: ids, streamId: STREAM, segmentId: String(n) })[0] === first) return String(n);
  }
}

describe('LiveFetchers', () => {
  it('candidates: self and peers that hold or fetch something of the stream, before any list', () => {
    const { fetchers } = setup();
    const swarm = swarmOf([peer('holder', { have: ['1'] }), peer('fetcher', { loading: ['2'] }), peer('idle')]);
    assert.deepEqual(fetchers.candidates(swarm, STREAM).sort(), ['fetcher', 'holder', 'me']);
    assert.deepEqual(fetchers.candidates(swarmOf([]), STREAM), ['me'], 'alone: always self');
  });

  it('issue 10 hole 8: a peer that switched rendition (holds only older segments) is no candidate; one holding a newest segment is', () => {
    const { fetchers } = setup();
    fetchers.noteList(stream, list(20));
    const swarm = swarmOf([peer('switched', { have: ['10', '11', '12', '13', '14', '15', '16', '17'] }), peer('playing', { have: ['17', '18', '19'] }), peer('fetching', { loading: ['20'] })]);
    assert.deepEqual(fetchers.candidates(swarm, STREAM).sort(), ['fetching', 'me', 'playing']);
  });

  it('issue 10 hole 8: an elected peer that announces nothing loses its turn after SILENT_TURN_MS, then the next in the ranking fetches', async () => {
    const { clock, fetchers } = setup();
    fetchers.noteList(stream, list(20));
    const silent = peer('silent', { have: ['19'] });
    const swarm = swarmOf([silent]);
    const segmentId = listUntilFirst(fetchers, 'silent', ['me', 'silent'], [silent]);
    const input = { swarm, streamId: STREAM, segmentId, expectedHttpMs: 200 };
    assert.equal(fetchers.selfElected(swarm, STREAM, segmentId), false);
    assert.equal(fetchers.waitMs(input), SILENT_TURN_MS, 'its turn: we wait for it');
    await clock.advance(SILENT_TURN_MS);
    assert.equal(fetchers.waitMs(input), 0, 'its turn passed: we (next in the ranking) fetch');
  });

  it('issue 12: an elected peer that keeps up but reloads its playlist up to a segment duration after us keeps its turn, and its weight', async () => {
    const { clock, fetchers, discipline } = setup();
    const late = peer('late', { have: ['19'] });
    const swarm = swarmOf([late]);
    fetchers.noteList(stream, list(19));
    let turns = 0;
    for (let n = 20; turns < 2; n++) {
      fetchers.noteList(stream, list(n));
      const segmentId = String(n);
      const input = { swarm, streamId: STREAM, segmentId, expectedHttpMs: 200, segmentDurationMs: 2000 };
      if (rankFetchers({ candidates: ['me', 'late'], streamId: STREAM, segmentId })[0] === 'late') {
        turns++;
        assert.equal(fetchers.waitMs(input), 2000 + SILENT_TURN_MS, 'it holds the segment before: its turn covers its playlist reload');
        // It sees the segment listed 1.5 s after us and starts fetching it.
        await clock.advance(1500);
        assert.ok(fetchers.waitMs(input) > 0, `segment ${segmentId}: still its turn 1.5 s in, we do not fetch a second copy`);
        late.loading.set(STREAM, new Set([segmentId]));
        assert.ok(fetchers.waitMs(input) > 0, 'it announced loading: we wait for it');
        late.loading.delete(STREAM);
      }
      late.have.get(STREAM)!.add(segmentId);
      await clock.advance(2000);
    }
    assert.equal(discipline.trustsFetcher('late', STREAM), true, 'a peer that reloads later is not silent');
  });

  it('issue 12: an elected peer without the segment before (switched rendition, lagging) gets the plain silent turn', () => {
    const { fetchers } = setup();
    fetchers.noteList(stream, list(20));
    fetchers.noteList(stream, list(21));
    const swarm = swarmOf([peer('behind', { have: ['19'] })]);
    for (let n = 100; ; n++) {
      fetchers.noteList(stream, list(n));
      if (rankFetchers({ candidates: ['me', 'behind'], streamId: STREAM, segmentId: String(n) })[0] !== 'behind') continue;
      swarm.peers[0]!.have.set(STREAM, new Set([String(n - 2)]));
      assert.equal(fetchers.waitMs({ swarm, streamId: STREAM, segmentId: String(n), expectedHttpMs: 200, segmentDurationMs: 2000 }), SILENT_TURN_MS);
      return;
    }
  });

  it('issue 10 hole 8: two silent turns in a row cost a peer its weight on the stream for a while', async () => {
    const { clock, fetchers, discipline } = setup();
    fetchers.noteList(stream, list(20));
    const silent = peer('silent', { have: ['19'] });
    const swarm = swarmOf([silent]);
    let from = 21;
    for (let turn = 0; turn < 2; turn++) {
      const segmentId = listUntilFirst(fetchers, 'silent', ['me', 'silent'], [silent], from);
      from = Number(segmentId) + 1;
      fetchers.waitMs({ swarm, streamId: STREAM, segmentId, expectedHttpMs: 200 });
      await clock.advance(SILENT_TURN_MS);
      fetchers.waitMs({ swarm, streamId: STREAM, segmentId, expectedHttpMs: 200 });
    }
    assert.equal(discipline.trustsFetcher('silent', STREAM), false);
    assert.deepEqual(fetchers.candidates(swarm, STREAM), ['me']);
    assert.equal(discipline.scores.score('silent'), 0, 'no score points: an honest laggard is never banned for it');
  });

  it('issue 10 hole 8: a peer announcing loading is waited for until its deadline, then not waited for on that stream again', async () => {
    const { clock, fetchers, discipline } = setup();
    fetchers.noteList(stream, list(20));
    const liar = peer('liar', { loading: ['20'] });
    const swarm = swarmOf([liar]);
    const first = fetchers.waitMs({ swarm, streamId: STREAM, segmentId: '20', expectedHttpMs: 200 });
    assert.equal(first, 1400, '1 s plus twice our own origin time');
    await clock.advance(first);
    assert.equal(fetchers.waitMs({ swarm, streamId: STREAM, segmentId: '20', expectedHttpMs: 200 }), 0);
    assert.equal(discipline.trustsFetcher('liar', STREAM), false);
    liar.loading.set(STREAM, new Set(['21']));
    assert.equal(fetchers.waitMs({ swarm, streamId: STREAM, segmentId: '21', expectedHttpMs: 200 }), 0, 'its next loading is not waited for');
    assert.deepEqual(fetchers.candidates(swarm, STREAM), ['me'], 'nor is it elected');
    assert.equal(discipline.trustsFetcher('liar', 'other-stream'), true, 'only on that stream');
    await clock.advance(BROKEN_LOADING_DISTRUST_MS);
    assert.equal(discipline.trustsFetcher('liar', STREAM), true, 'forgiven in the end: an honest slow peer is not banned');
  });

  it('issue 10 hole 8: a broken loading promise is charged at its deadline even when another peer delivered first, and wakes demands waiting for it', async () => {
    const { clock, fetchers, discipline, woken } = setup();
    fetchers.noteList(stream, list(20));
    const liar = peer('liar', { loading: ['20', '21'] });
    const swarm = swarmOf([liar]);
    fetchers.waitMs({ swarm, streamId: STREAM, segmentId: '20', expectedHttpMs: 200 });
    await clock.advance(1000);
    fetchers.waitMs({ swarm, streamId: STREAM, segmentId: '21', expectedHttpMs: 200 });
    // Segment 20 came from someone else meanwhile: nobody asks about it again.
    await clock.advance(400);
    assert.equal(discipline.trustsFetcher('liar', STREAM), false);
    assert.ok(woken.some((key) => key.includes('21')), 'the demand for 21 stops waiting for the liar');
  });

  it('an honest fetcher that delivers in time is not charged', async () => {
    const { clock, fetchers, discipline } = setup();
    fetchers.noteList(stream, list(20));
    const honest = peer('honest', { loading: ['20'] });
    const swarm = swarmOf([honest]);
    fetchers.waitMs({ swarm, streamId: STREAM, segmentId: '20', expectedHttpMs: 200 });
    await clock.advance(500);
    honest.loading.delete(STREAM);
    honest.have.set(STREAM, new Set(['20']));
    await clock.advance(5000);
    assert.equal(discipline.trustsFetcher('honest', STREAM), true);
    fetchers.destroy();
    fetchers.destroy();
  });

  it('issue 10 hole 8: selfElected follows the ranking only: a liar announcing loading of the segment does not hold back the elected fetch', () => {
    const { fetchers } = setup();
    fetchers.noteList(stream, list(20));
    const segmentId = segmentWhereFirst('me', ['me', 'liar']);
    assert.equal(fetchers.selfElected(swarmOf([peer('liar', { have: ['19'], loading: [segmentId] })]), STREAM, segmentId), true);
    const theirs = segmentWhereFirst('liar', ['me', 'liar']);
    assert.equal(fetchers.selfElected(swarmOf([peer('liar', { have: ['19'] })]), STREAM, theirs), false);
  });

  it('issue 12: in a swarm the trackers count at 1,000, the first of our ranking fetches a new segment at once only as one of its ~LIVE_SEEDS seeds; else at its turn of the spread', () => {
    const { fetchers } = setup();
    fetchers.noteList(stream, list(20));
    const neighbour = peer('n1');
    const swarm = swarmOf([neighbour], 'me', 1000);
    const seen = { seed: 0, later: 0 };
    for (let n = 21; seen.seed === 0 || seen.later === 0; n++) {
      assert.ok(n < 5000, 'both kinds of segment come up');
      fetchers.noteList(stream, list(n));
      neighbour.have.set(STREAM, new Set([String(n - 2)]));
      const segmentId = String(n);
      if (rankFetchers({ candidates: ['me', 'n1'], streamId: STREAM, segmentId })[0] !== 'me') continue;
      const position = electionPosition({ peerId: 'me', streamId: STREAM, segmentId });
      const elected = fetchers.selfElected(swarm, STREAM, segmentId);
      const waitMs = fetchers.waitMs({ swarm, streamId: STREAM, segmentId, expectedHttpMs: 200, segmentDurationMs: 2000 });
      assert.equal(elected, position * 1000 <= LIVE_SEEDS, `segment ${segmentId}: position ${position}`);
      assert.equal(waitMs, spreadDelayMs(position, 1000), 'we are first: our own turn, no one else\'s');
      if (elected) seen.seed++;
      else {
        seen.later++;
        assert.ok(waitMs > 0, 'not a seed: it waits for the segment to spread to it');
      }
    }
  });

  it('issue 12: without a tracker count the election is the neighbourhood one (the first of our ranking fetches at once)', () => {
    const { fetchers } = setup();
    fetchers.noteList(stream, list(20));
    const neighbours = [peer('n1'), peer('n2'), peer('n3')];
    let firsts = 0;
    let elected = 0;
    for (let n = 21; n < 221; n++) {
      fetchers.noteList(stream, list(n));
      for (const p of neighbours) p.have.set(STREAM, new Set([String(n - 1)]));
      const segmentId = String(n);
      if (rankFetchers({ candidates: ['me', 'n1', 'n2', 'n3'], streamId: STREAM, segmentId })[0] !== 'me') continue;
      firsts++;
      if (fetchers.selfElected(swarmOf(neighbours), STREAM, segmentId)) elected++;
    }
    // The first of 4 is a seed when its position is below LIVE_SEEDS / 4: for all but ~(1 - 1/2)^4 of segments.
    assert.ok(firsts > 30 && elected / firsts > 0.85, `elected at once ${elected} of ${firsts}`);
  });

  it('issue 12: a segment listed before we joined (never new to us) is due at once, a new one waits for its turn', () => {
    const { fetchers } = setup();
    fetchers.noteList(stream, list(20));
    const swarm = swarmOf([peer('n1', { have: ['19'] })], 'me', 10_000);
    assert.equal(fetchers.waitMs({ swarm, streamId: STREAM, segmentId: '18', expectedHttpMs: 200 }), 0, 'listed before we came');
    let n = 21;
    for (; ; n++) {
      fetchers.noteList(stream, list(n));
      if (spreadDelayMs(electionPosition({ peerId: 'me', streamId: STREAM, segmentId: String(n) }), 10_000) > 3000) break;
    }
    assert.ok(fetchers.waitMs({ swarm, streamId: STREAM, segmentId: String(n), expectedHttpMs: 200 }) > 3000);
  });
});
