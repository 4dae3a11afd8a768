import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TrackerLimits, parseTrackerMessage } from '../../../../../src/p2p/transport/trystero/tracker-message.ts';

describe('parseTrackerMessage', () => {
  it('reads a WebTorrent offer and interval', () => {
    const message = parseTrackerMessage(JSON.stringify({ action: 'announce', info_hash: 'h'.repeat(20), peer_id: 'p'.repeat(20), offer_id: 'o'.repeat(20), offer: { type: 'offer', sdp: 'S' }, interval: 120 }));
    assert.deepEqual(message, { infoHash: 'h'.repeat(20), peerId: 'p'.repeat(20), offerId: 'o'.repeat(20), offerSdp: 'S', intervalMs: 120_000 });
  });

  // Issue 10: `interval: "x"` became NaN and re-armed the announce timer ~900 times a second.
  for (const interval of ['x', '5', NaN, -1, 0, null, [], {}, Infinity]) {
    it(`ignores interval ${JSON.stringify(interval) ?? String(interval)}`, () => {
      assert.equal(parseTrackerMessage(`{"interval": ${typeof interval === 'number' && !Number.isFinite(interval) ? '"bad"' : JSON.stringify(interval)}}`)?.intervalMs, undefined);
    });
  }

  it('clamps intervals to 10-120 s', () => {
    assert.equal(parseTrackerMessage('{"interval": 0.001}')?.intervalMs, TrackerLimits.minIntervalMs);
    assert.equal(parseTrackerMessage('{"interval": 1e9}')?.intervalMs, TrackerLimits.maxIntervalMs);
  });

  it('drops ill-typed fields: an offer that is not an object is no offer (it was taken for an announcement)', () => {
    assert.deepEqual(parseTrackerMessage(JSON.stringify({ offer: 'x', answer: { sdp: 5 }, peer_id: 7, offer_id: 'x'.repeat(65), info_hash: '' })), {});
    assert.equal(parseTrackerMessage('[1]'), undefined);
    assert.equal(parseTrackerMessage('not json'), undefined);
    assert.equal(parseTrackerMessage(`"${'x'.repeat(TrackerLimits.maxMessageChars)}"`), undefined);
  });

  it('reads the swarm size of an announce response (complete + incomplete), ignoring junk counts', () => {
    assert.equal(parseTrackerMessage(JSON.stringify({ action: 'announce', complete: 2, incomplete: 3, interval: 120 }))?.swarmPeers, 5);
    for (const junk of [{ complete: '2', incomplete: 3 }, { complete: -1, incomplete: 3 }, { complete: 1.5, incomplete: 0 }, { incomplete: 3 }]) {
      assert.equal(parseTrackerMessage(JSON.stringify(junk))?.swarmPeers, undefined, JSON.stringify(junk));
    }
  });

  it('keeps failure and warning texts short and printable', () => {
    const message = parseTrackerMessage(JSON.stringify({ 'failure reason': `bad\n${'y'.repeat(500)}`, 'warning message': 3 }));
    assert.equal(message?.failureReason?.length, TrackerLimits.maxTextChars);
    assert.ok(!message?.failureReason?.includes('\n'));
    assert.equal(message?.warningMessage, undefined);
  });
});
