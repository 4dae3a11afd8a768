import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { P2P_LIVE_SLACK_SECONDS, p2pLiveBufferSeconds, p2pLiveDelaySeconds } from '../../../../src/loaders/hlsjs/hlsjs-live-delay.ts';

describe('p2pLiveDelaySeconds', () => {
  it('2 s segments in a 12 s window: 10 s behind the edge instead of hls.js\'s 6 s', () => {
    assert.equal(p2pLiveDelaySeconds({ targetDurationSeconds: 2, windowSeconds: 12, engineDelaySeconds: 6 }), 2 * 2 + P2P_LIVE_SLACK_SECONDS);
  });

  it('never within a target duration of the window\'s start (a short window keeps its first segment listed)', () => {
    assert.equal(p2pLiveDelaySeconds({ targetDurationSeconds: 2, windowSeconds: 8, engineDelaySeconds: 6 }), 6);
    assert.equal(p2pLiveDelaySeconds({ targetDurationSeconds: 1, windowSeconds: 6, engineDelaySeconds: 3 }), 5);
  });

  it('never shorter than the engine\'s own delay (6 s segments: hls.js\'s 18 s stay)', () => {
    assert.equal(p2pLiveDelaySeconds({ targetDurationSeconds: 6, windowSeconds: 60, engineDelaySeconds: 18 }), 18);
    assert.equal(p2pLiveDelaySeconds({ targetDurationSeconds: 2, windowSeconds: 6, engineDelaySeconds: 6 }), 6);
  });

  it('a long window (DVR) does not move the delay past its rule', () => {
    assert.equal(p2pLiveDelaySeconds({ targetDurationSeconds: 4, windowSeconds: 3600, engineDelaySeconds: 12 }), 14);
  });
});

describe('p2pLiveBufferSeconds', () => {
  it('plain hls.js\'s live buffer: its delay less a target duration, at least one target duration', () => {
    assert.equal(p2pLiveBufferSeconds({ targetDurationSeconds: 2, engineDelaySeconds: 6 }), 4);
    assert.equal(p2pLiveBufferSeconds({ targetDurationSeconds: 6, engineDelaySeconds: 18 }), 12);
    assert.equal(p2pLiveBufferSeconds({ targetDurationSeconds: 4, engineDelaySeconds: 4 }), 4);
  });
});
