import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrafficCounters } from '../../../../src/p2p/scheduling/traffic-counters.ts';
import { HttpReason } from '../../../../src/p2p/http/http-reason.ts';

const snapshot = (counters: TrafficCounters) => counters.snapshot({ peers: 0, storedBytes: 0 });

test('trackerMessages: what the connection sent since the core joined, 0 before and for a transport that cannot tell', () => {
  const counters = new TrafficCounters();
  assert.equal(snapshot(counters).trackerMessages, 0);
  let sent = 7; // an earlier player on the page
  counters.countTrackerMessages({ trackerMessagesSent: () => sent });
  assert.equal(snapshot(counters).trackerMessages, 0);
  sent += 3;
  assert.equal(snapshot(counters).trackerMessages, 3);
  const silent = new TrafficCounters();
  silent.countTrackerMessages({});
  assert.equal(snapshot(silent).trackerMessages, 0);
});

test('origin bytes are counted by reason and add up to httpBytes; p2pRatio follows', () => {
  const counters = new TrafficCounters();
  counters.record({ kind: 'http', bytes: 300, reason: HttpReason.Startup });
  counters.record({ kind: 'http', bytes: 100, reason: HttpReason.NoPeerHasIt });
  counters.record({ kind: 'p2p', bytes: 600 });
  const stats = snapshot(counters);
  assert.equal(stats.httpBytes, 400);
  assert.deepEqual(stats.httpByReason.startup, { requests: 1, bytes: 300 });
  assert.equal(Object.values(stats.httpByReason).reduce((sum, count) => sum + count.bytes, 0), stats.httpBytes);
  assert.equal(stats.p2pRatio, 0.6);
});
