import { test } from 'node:test';
import assert from 'node:assert/strict';
import { movingAverage } from '../../../../src/p2p/util/moving-average.ts';

test('movingAverage: the first sample is taken as is, later ones weigh 30 %', () => {
  assert.equal(movingAverage(undefined, 40), 40);
  assert.equal(movingAverage(100, 200), 0.7 * 100 + 0.3 * 200);
  let average: number | undefined;
  for (let i = 0; i < 50; i++) average = movingAverage(average, 10);
  assert.equal(average, 10, 'a steady throughput is a fixed point');
});

test('movingAverage: one outlier moves the estimate without replacing it', () => {
  const after = movingAverage(1000, 0);
  assert.ok(after > 600 && after < 800, String(after));
});

