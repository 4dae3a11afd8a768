/** Peer scores: what bans a peer, and what decays. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PeerOffense, PeerScores } from '../../../../src/p2p/peers/peer-score.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';

function scores() {
  const clock = new FakeClock();
  const bans: string[] = [];
  const peerScores = new PeerScores({ clock, onBan: ({ peerId, reason }) => bans.push(`${peerId} ${reason}`) });
  return { clock, bans, peerScores };
}

test('bug: two corrupted segments a moment apart did not ban (the first one decayed below half a ban)', async () => {
  const { clock, bans, peerScores } = scores();
  peerScores.penalize('corrupter', PeerOffense.BadSegment, 'verification failed');
  await clock.advance(330); // seen in Chromium: the second bad segment 0.33 s after the first
  assert.equal(peerScores.penalize('corrupter', PeerOffense.BadSegment, 'verification failed'), true);
  assert.equal(bans.length, 1);
  assert.match(bans[0]!, /^corrupter bad-segment/);
});

test('two corrupted segments a minute apart do not ban (rare accidents decay)', async () => {
  const { clock, bans, peerScores } = scores();
  peerScores.penalize('unlucky', PeerOffense.BadSegment, 'verification failed');
  await clock.advance(60_000);
  assert.equal(peerScores.penalize('unlucky', PeerOffense.BadSegment, 'verification failed'), false);
  assert.deepEqual(bans, []);
});

test('one bad segment alone never bans', () => {
  const { bans, peerScores } = scores();
  assert.equal(peerScores.penalize('once', PeerOffense.BadSegment, 'verification failed'), false);
  assert.deepEqual(bans, []);
  // Still counted, below the ban (bans themselves are PeerSwarm's).
  assert.equal(peerScores.score('once'), 60);
});

test('a ban drops the points; the next offense starts a new score (the swarm ignores a banned peer)', () => {
  const { bans, peerScores } = scores();
  assert.equal(peerScores.penalize('liar', PeerOffense.ProtocolViolation, 'garbage'), true);
  assert.equal(peerScores.score('liar'), 0);
  assert.equal(bans.length, 1);
});

test('points decay at 0.5 per second and a verified segment earns 5 back', async () => {
  const { clock, peerScores } = scores();
  peerScores.penalize('slow', PeerOffense.Stalled, 'no data');
  await clock.advance(10_000);
  assert.equal(peerScores.score('slow'), 20);
  peerScores.reward('slow');
  assert.equal(peerScores.score('slow'), 15);
});

test('issue 10 hole 9: a peer that leaves and rejoins with the same id keeps its score (before: 12 bad segments over 12 visits, no ban; now the 2nd bans)', async () => {
  const { clock, bans, peerScores } = scores();
  // Before: the score was dropped on leave, so one bad segment per visit never banned (12 in a row, no ban).
  let banned = 0;
  for (let visit = 0; visit < 12 && banned === 0; visit++) {
    if (peerScores.penalize('rejoiner', PeerOffense.BadSegment, 'verification failed')) banned = visit + 1;
    peerScores.left('rejoiner');
    await clock.advance(1000);
  }
  assert.equal(banned, 2, 'the second bad segment bans, as if it had never left');
  assert.equal(bans.length, 1);
});

test('departed scores are bounded: 10 minutes, 1,000 ids', async () => {
  const { clock, peerScores } = scores();
  peerScores.penalize('gone', PeerOffense.Stalled, 'no data');
  peerScores.left('gone');
  await clock.advance(9 * 60_000);
  assert.equal(peerScores.size, 1);
  await clock.advance(60_000);
  assert.equal(peerScores.score('gone'), 0);
  assert.equal(peerScores.size, 0, 'forgotten 10 minutes after leaving');
  for (let i = 0; i < 1500; i++) {
    peerScores.penalize(`p${i}`, PeerOffense.Flood, 'x');
    peerScores.left(`p${i}`);
  }
  assert.equal(peerScores.size, 1000);
  assert.equal(peerScores.score('p1499'), 5, 'the newest departed ids are kept');
});
