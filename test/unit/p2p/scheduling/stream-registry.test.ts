import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StreamRegistry } from '../../../../src/p2p/scheduling/stream-registry.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';
import { liveStream, segments, vodStream } from '../../../fakes/core-harness.ts';

const paused = { currentTime: 0, playbackRate: 1, paused: true, bufferedAhead: 0 };

describe('StreamRegistry', () => {
  it('window: the segments overlapping [playhead, playhead + window], by start time, also with unequal durations, out-of-order lists and segments noted later', () => {
    const registry = new StreamRegistry(new FakeClock());
    // Unordered, a long segment early on, two sharing a start time, one of zero duration.
    const list = [
      { id: 'c', url: 'c', startTime: 20, duration: 2 },
      { id: 'long', url: 'long', startTime: 0, duration: 30 },
      { id: 'a', url: 'a', startTime: 10, duration: 2 },
      { id: 'b1', url: 'b1', startTime: 14, duration: 2 },
      { id: 'b2', url: 'b2', startTime: 14, duration: 2 },
      { id: 'zero', url: 'zero', startTime: 16, duration: 0 },
    ];
    registry.setSegments(vodStream, list);
    registry.activeStreamId = vodStream.id;
    const ids = (playhead: number, windowSeconds: number) => {
      registry.setPlayback({ ...paused, paused: false, currentTime: playhead });
      return registry.window(windowSeconds).map(({ segment }) => segment.id);
    };
    assert.deepEqual(ids(11, 4), ['long', 'a', 'b1', 'b2']);
    assert.deepEqual(ids(15, 10), ['long', 'b1', 'b2', 'zero', 'c']);
    assert.deepEqual(ids(31, 10), []);
    registry.noteSegment(vodStream, { id: 'd', url: 'd', startTime: 12, duration: 2 });
    assert.deepEqual(ids(11, 4), ['long', 'a', 'd', 'b1', 'b2'], 'a segment noted later is in the window');
    registry.setSegments(vodStream, list.slice(2));
    assert.deepEqual(ids(11, 4), ['a', 'b1', 'b2'], 'a new list replaces the old one');
  });

  it('before a live start, the playhead is where the first requested segment begins (regression: the video reports 0, so the next live segments looked minutes away)', () => {
    const registry = new StreamRegistry(new FakeClock());
    const list = segments(4, { startTime: 100 });
    registry.setSegments(liveStream, list);
    registry.setPlayback(paused);
    registry.noteSegment(liveStream, list[0]!);
    assert.equal(registry.playheadSeconds(), 100);
    assert.equal(registry.timeUntilMs(list[1]!.startTime), 2000);
  });

  it('once playing, the reported and extrapolated playhead wins', async () => {
    const clock = new FakeClock();
    const registry = new StreamRegistry(clock);
    const list = segments(4, { startTime: 100 });
    registry.noteSegment(liveStream, list[0]!);
    registry.setPlayback({ ...paused, currentTime: 101, paused: false, playbackRate: 2 });
    await clock.advance(500);
    assert.equal(registry.playheadSeconds(), 102);
    // A later pause at an earlier position (seek back) is reported as is.
    registry.setPlayback({ ...paused, currentTime: 50 });
    assert.equal(registry.playheadSeconds(), 50);
  });

  it('init segments (no duration) do not set the start; VOD from 0 is unchanged', () => {
    const registry = new StreamRegistry(new FakeClock());
    registry.setPlayback(paused);
    registry.noteSegment(vodStream, { id: 'init', url: 'https://origin.test/init.mp4', startTime: 0, duration: 0 });
    const list = segments(3, { startTime: 0 });
    registry.noteSegment(vodStream, list[0]!);
    assert.equal(registry.timeUntilMs(4), 4000);
  });

  it('setSegments reports ids new at the live edge, none on the first list', () => {
    const registry = new StreamRegistry(new FakeClock());
    assert.deepEqual(registry.setSegments(liveStream, segments(3)), []);
    assert.deepEqual(registry.setSegments(liveStream, segments(3, { firstId: 2 })), ['4']);
  });

  it('window() lists the active stream within the window, earliest first', () => {
    const registry = new StreamRegistry(new FakeClock());
    registry.setSegments(vodStream, segments(10, { startTime: 0 }).reverse());
    registry.activeStreamId = vodStream.id;
    registry.setPlayback({ ...paused, currentTime: 3 });
    assert.deepEqual(registry.window(4).map(({ segment }) => segment.id), ['2', '3', '4']);
  });
});

describe('StreamRegistry.bufferedAheadSegments (the upload back-off)', () => {
  it('is the reported buffer in segments of the active stream, less what played since; unknown before a report or a list', async () => {
    const clock = new FakeClock();
    const registry = new StreamRegistry(clock);
    assert.equal(registry.bufferedAheadSegments(), undefined);
    registry.setSegments(vodStream, segments(10));
    registry.activeStreamId = vodStream.id;
    assert.equal(registry.bufferedAheadSegments(), undefined, 'no report yet');
    registry.setPlayback({ currentTime: 13, playbackRate: 1, paused: false, bufferedAhead: 6 });
    const duration = segments(1)[0]!.duration;
    assert.equal(registry.bufferedAheadSegments(), 6 / duration);
    await clock.advance(1000);
    assert.equal(registry.bufferedAheadSegments(), 5 / duration, 'playing drains it');
    registry.setPlayback({ currentTime: 14, playbackRate: 1, paused: true, bufferedAhead: 5 });
    await clock.advance(1000);
    assert.equal(registry.bufferedAheadSegments(), 5 / duration, 'paused: it stays');
  });
});
