import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SegmentStore, type SegmentStoreChange } from '../../../../src/p2p/storage/segment-store.ts';

function segment(id: string, bytes: number, extra: { isLive?: boolean; endTime?: number; streamId?: string } = {}) {
  return { streamId: extra.streamId ?? 's', segmentId: id, bytes: new Uint8Array(bytes), source: 'http' as const, isLive: extra.isLive ?? false, endTime: extra.endTime ?? 0 };
}

describe('SegmentStore', () => {
  it('evicts least recently used segments to stay within the byte limit', () => {
    const changes: SegmentStoreChange[] = [];
    const store = new SegmentStore({ limitBytes: 300, liveRetentionSeconds: 60, onChange: (c) => changes.push(c) });
    store.add(segment('1', 100));
    store.add(segment('2', 100));
    store.add(segment('3', 100));
    store.get('s', '1'); // 1 is now the most recently used
    store.add(segment('4', 100));
    assert.deepEqual(store.segmentIds('s').sort(), ['1', '3', '4']);
    assert.equal(store.storedBytes, 300);
    assert.deepEqual(changes.at(-1), { type: 'remove', streamId: 's', segmentId: '2' });
  });

  it('never evicts a pinned segment, and evicts it once released if still over the limit', () => {
    const store = new SegmentStore({ limitBytes: 200, liveRetentionSeconds: 60 });
    store.add(segment('1', 100));
    const release = store.pin('s', '1');
    store.add(segment('2', 100));
    store.add(segment('3', 100));
    assert.ok(store.has('s', '1'), 'pinned segment kept');
    assert.ok(!store.has('s', '2'));
    assert.ok(store.has('s', '3'));
    release();
    release(); // twice is harmless
    assert.equal(store.storedBytes, 200);
  });

  it('refuses a segment larger than the whole limit', () => {
    const store = new SegmentStore({ limitBytes: 50, liveRetentionSeconds: 60 });
    assert.equal(store.add(segment('big', 51)), false);
    assert.equal(store.size, 0);
  });

  it('drops live segments more than liveRetentionSeconds behind the playhead, not VOD ones', () => {
    const store = new SegmentStore({ limitBytes: 10_000, liveRetentionSeconds: 10 });
    store.add(segment('old', 10, { isLive: true, endTime: 85 }));
    store.add(segment('recent', 10, { isLive: true, endTime: 95 }));
    store.add(segment('vod', 10, { isLive: false, endTime: 1 }));
    store.add(segment('other', 10, { isLive: true, endTime: 1, streamId: 't' }));
    store.expireLive('s', 100);
    assert.deepEqual(store.segmentIds('s').sort(), ['recent', 'vod']);
    assert.ok(store.has('t', 'other'), 'another stream is untouched');
  });

  it('replacing a segment keeps the byte count right', () => {
    const store = new SegmentStore({ limitBytes: 1000, liveRetentionSeconds: 10 });
    store.add(segment('1', 100));
    store.add(segment('1', 40));
    assert.equal(store.storedBytes, 40);
    store.clear();
    assert.equal(store.storedBytes, 0);
  });

  it('per-stream answers (ids, streams, live expiry) stay right through replacement, eviction and expiry', () => {
    const store = new SegmentStore({ limitBytes: 500, liveRetentionSeconds: 10 });
    for (let i = 0; i < 4; i++) store.add(segment(`l${i}`, 50, { streamId: 'live', isLive: true, endTime: (i + 1) * 2 }));
    store.add(segment('v1', 100, { streamId: 'vod' }));
    store.add(segment('v1', 120, { streamId: 'vod' })); // replaces
    assert.deepEqual(store.streamIds().sort(), ['live', 'vod']);
    assert.deepEqual(store.segmentIds('vod'), ['v1']);
    assert.equal(store.storedBytes, 4 * 50 + 120);
    const release = store.pin('live', 'l0');
    store.expireLive('live', 15); // horizon 5: l0 (pinned) and l1 would go
    assert.deepEqual(store.segmentIds('live').sort(), ['l0', 'l2', 'l3']);
    release();
    store.expireLive('live', 15);
    assert.deepEqual(store.segmentIds('live').sort(), ['l2', 'l3']);
    store.expireLive('live', 100);
    assert.deepEqual(store.streamIds(), ['vod'], 'a stream with nothing left is no longer listed');
    assert.deepEqual(store.segmentIds('live'), []);
    store.add(segment('v2', 450, { streamId: 'vod' })); // evicts v1
    assert.deepEqual(store.segmentIds('vod'), ['v2']);
    assert.equal(store.storedBytes, 450);
  });

  it('has() answers from the stream index as get() does: after add, replace, eviction, expiry and clear', () => {
    const store = new SegmentStore({ limitBytes: 200, liveRetentionSeconds: 10, onChange: () => {} });
    const agrees = (streamId: string, id: string) => assert.equal(store.has(streamId, id), store.get(streamId, id) !== undefined, `${streamId}/${id}`);
    store.add(segment('a', 100, { streamId: 'x' }));
    store.add(segment('a', 100, { streamId: 'y', isLive: true, endTime: 2 }));
    assert.ok(store.has('x', 'a') && store.has('y', 'a') && !store.has('z', 'a') && !store.has('x', 'b'));
    store.add(segment('a', 90, { streamId: 'x' })); // replaces
    assert.ok(store.has('x', 'a'));
    store.expireLive('y', 20);
    assert.ok(!store.has('y', 'a'), 'expired');
    store.add(segment('b', 150, { streamId: 'x' })); // evicts x/a
    for (const [streamId, id] of [['x', 'a'], ['x', 'b'], ['y', 'a']] as const) agrees(streamId, id);
    assert.ok(!store.has('x', 'a') && store.has('x', 'b'));
    store.clear();
    assert.ok(!store.has('x', 'b'));
  });
});
