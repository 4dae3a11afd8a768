import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyByteRange, initSegmentId, rangeFromHeader, rangeFromInclusive, timeSegmentId } from '../../../src/loaders/segment-identity.ts';

describe('segment identity', () => {
  // Regression (issue 13): hls.js built init ids end-exclusive, Shaka end-inclusive, so one
  // init segment had two ids. Both engines' inputs must now give the same one.
  it('an init segment has one id whether its range comes end-exclusive (hls.js) or inclusive (Shaka Range header)', () => {
    const url = 'https://cdn-a.example/v/360p/init.mp4?token=a';
    const fromHls = initSegmentId({ url, range: { start: 0, end: 812 } });
    const fromShaka = initSegmentId({ url: 'https://cdn-b.example/v/360p/init.mp4?token=b', range: rangeFromHeader('bytes=0-811') });
    assert.equal(fromHls, 'init:/v/360p/init.mp4@0-812');
    assert.equal(fromShaka, fromHls);
  });

  it('an open-ended Range header keeps the start and no end', () => {
    assert.deepEqual(rangeFromHeader('bytes=500-'), { start: 500 });
    assert.equal(initSegmentId({ url: 'https://x.example/a.mp4', range: rangeFromHeader('bytes=500-') }), 'init:/a.mp4@500-');
    assert.equal(rangeFromHeader(undefined), undefined);
  });

  it('time ids: whole milliseconds, with an end-exclusive range only for ranged segments', () => {
    assert.equal(timeSegmentId({ startTime: 4.0004 }), 't4000');
    assert.equal(timeSegmentId({ startTime: 2, range: rangeFromInclusive(0, null) }), 't2000');
    assert.equal(timeSegmentId({ startTime: 2, range: rangeFromInclusive(0, 99) }), 't2000@0-100');
    assert.equal(timeSegmentId({ startTime: 2, range: rangeFromInclusive(100, null) }), 't2000@100-');
  });

  it('applyByteRange sets byteRange and expectedBytes only for a range with a known end', () => {
    const base = () => ({ id: 'x', url: 'u', startTime: 0, duration: 2 });
    assert.deepEqual(applyByteRange(base(), { start: 10, end: 30 }), { ...base(), byteRange: { start: 10, end: 30 }, expectedBytes: 20 });
    assert.deepEqual(applyByteRange(base(), { start: 10 }), base());
  });
});
