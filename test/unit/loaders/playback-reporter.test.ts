import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { playbackState } from '../../../src/loaders/playback-reporter.ts';
import { StreamRegistry } from '../../../src/p2p/scheduling/stream-registry.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';

/** The parts of a video element `playbackState` reads. */
function video(state: { paused: boolean; readyState: number; currentTime?: number; buffered?: Array<[number, number]> }): HTMLMediaElement {
  const ranges = state.buffered ?? [];
  const buffered = { length: ranges.length, start: (i: number) => ranges[i]![0], end: (i: number) => ranges[i]![1] };
  return { paused: state.paused, readyState: state.readyState, currentTime: state.currentTime ?? 0, playbackRate: 1, buffered } as unknown as HTMLMediaElement;
}

describe('playback reporter', () => {
  // Regression (CI of 2026-12-02): `play()` sets `video.paused = false` at once, before the first
  // segment is even requested; the core took that for "playing", so the first origin segments of
  // a lone viewer were counted as `not-connected` instead of `startup`, depending on a race.
  it('a video asked to play but without data yet reports a still playhead, and start-up is not over', async () => {
    const clock = new FakeClock();
    const registry = new StreamRegistry(clock);
    registry.setPlayback(playbackState(video({ paused: false, readyState: 0 })));
    assert.equal(registry.started, false);
    await clock.advance(5_000);
    assert.equal(registry.playheadSeconds(), 0, 'a playhead waiting for its first frame does not move');
    registry.setPlayback(playbackState(video({ paused: false, readyState: 4, buffered: [[0, 4]] })));
    assert.equal(registry.started, true);
    await clock.advance(1_000);
    assert.equal(registry.playheadSeconds(), 1);
  });

  it('a stalled video (waiting, readyState below HAVE_FUTURE_DATA) is not extrapolated', () => {
    const state = playbackState(video({ paused: false, readyState: 2, currentTime: 12, buffered: [[0, 12]] }));
    assert.deepEqual(state, { currentTime: 12, playbackRate: 1, paused: true, bufferedAhead: 0 });
  });

  it('bufferedAhead counts the range that holds the playhead', () => {
    const state = playbackState(video({ paused: true, readyState: 4, currentTime: 3, buffered: [[0, 2], [2.95, 10]] }));
    assert.equal(state.bufferedAhead, 7);
  });
});
