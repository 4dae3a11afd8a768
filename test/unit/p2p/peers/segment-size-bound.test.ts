import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SegmentSizeBound, plausibleSegmentBytes } from '../../../../src/p2p/peers/segment-size-bound.ts';
import { SegmentStore } from '../../../../src/p2p/storage/segment-store.ts';

const MiB = 1024 * 1024;

test('plausible size: twice the stream\'s largest, four times any stream\'s for a new one, never below the floor nor above the cap', () => {
  assert.equal(plausibleSegmentBytes({ largestOfStream: 3 * MiB, largestOfAny: 3 * MiB, maxSegmentBytes: 64 * MiB }), 6 * MiB);
  assert.equal(plausibleSegmentBytes({ largestOfStream: undefined, largestOfAny: 1 * MiB, maxSegmentBytes: 64 * MiB }), 4 * MiB);
  assert.equal(plausibleSegmentBytes({ largestOfStream: 100_000, largestOfAny: 100_000, maxSegmentBytes: 64 * MiB }), SegmentSizeBound.floorBytes);
  assert.equal(plausibleSegmentBytes({ largestOfStream: 40 * MiB, largestOfAny: 40 * MiB, maxSegmentBytes: 64 * MiB }), 64 * MiB);
  assert.equal(plausibleSegmentBytes({ largestOfStream: undefined, largestOfAny: undefined, maxSegmentBytes: 64 * MiB }), 64 * MiB);
});

test('the store remembers each stream\'s largest segment, also after eviction', () => {
  const store = new SegmentStore({ limitBytes: 1000, liveRetentionSeconds: 30 });
  const add = (streamId: string, segmentId: string, bytes: number) =>
    store.add({ streamId, segmentId, bytes: new Uint8Array(bytes), source: 'http', isLive: false, endTime: 2 });
  assert.equal(store.largestSegmentBytes(), undefined);
  add('a', '1', 300);
  add('a', '2', 200);
  add('b', '1', 600);
  add('a', '3', 900); // evicts the others
  assert.equal(store.has('a', '1'), false);
  assert.equal(store.largestSegmentBytes('a'), 900);
  assert.equal(store.largestSegmentBytes('b'), 600);
  assert.equal(store.largestSegmentBytes(), 900);
  assert.equal(store.largestSegmentBytes('c'), undefined);
});
