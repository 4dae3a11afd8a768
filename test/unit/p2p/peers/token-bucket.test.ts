import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBucket } from '../../../../src/p2p/peers/token-bucket.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';

function takeAll(bucket: TokenBucket): number {
  let taken = 0;
  while (bucket.take()) taken++;
  return taken;
}

test('a full bucket allows the burst, then refuses', () => {
  const bucket = new TokenBucket({ clock: new FakeClock(), capacity: 5, refillPerSecond: 1 });
  assert.equal(takeAll(bucket), 5);
  assert.equal(bucket.take(), false);
});

test('tokens come back at the refill rate, in whole tokens', async () => {
  const clock = new FakeClock();
  const bucket = new TokenBucket({ clock, capacity: 10, refillPerSecond: 4 });
  takeAll(bucket);
  await clock.advance(200); // 0.8 of a token
  assert.equal(bucket.take(), false);
  await clock.advance(50); // 1.0
  assert.equal(bucket.take(), true);
  assert.equal(bucket.take(), false);
  await clock.advance(1000);
  assert.equal(takeAll(bucket), 4);
});

test('a long sleep refills up to the capacity only (never a bigger burst)', async () => {
  const clock = new FakeClock();
  const bucket = new TokenBucket({ clock, capacity: 3, refillPerSecond: 10 });
  takeAll(bucket);
  await clock.advance(60_000);
  assert.equal(takeAll(bucket), 3);
});
