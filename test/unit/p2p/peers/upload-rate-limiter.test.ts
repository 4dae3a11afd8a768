import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtocolLimits } from '../../../../src/p2p/protocol/protocol.ts';
import { UploadRateLimiter } from '../../../../src/p2p/peers/upload-rate-limiter.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';

const CHUNK = ProtocolLimits.maxChunkBytes;

/** Keeps `senders` senders queueing one chunk after another; returns the bytes each has sent. */
function saturate(limiter: UploadRateLimiter, senders: number): number[] {
  const sent = new Array<number>(senders).fill(0);
  const next = (i: number): void => {
    limiter.schedule(CHUNK, () => {
      sent[i]! += CHUNK;
      next(i);
    });
  };
  for (let i = 0; i < senders; i++) next(i);
  return sent;
}

test('unlimited: every send runs at once', () => {
  const limiter = new UploadRateLimiter({ clock: new FakeClock(), bitsPerSecond: undefined });
  let runs = 0;
  for (let i = 0; i < 100; i++) limiter.schedule(CHUNK, () => runs++);
  assert.equal(runs, 100);
  assert.equal(limiter.limited, false);
});

test('the cap holds over 10 s within one chunk (1 Mbit/s and 8 Mbit/s)', async () => {
  for (const bitsPerSecond of [1_000_000, 8_000_000]) {
    const clock = new FakeClock();
    const limiter = new UploadRateLimiter({ clock, bitsPerSecond });
    const sent = saturate(limiter, 3);
    await clock.advance(10_000);
    const total = sent.reduce((a, b) => a + b, 0);
    const expected = (bitsPerSecond / 8) * 10;
    console.log(`upload cap ${bitsPerSecond} bit/s: ${total} bytes in 10 s (${((total / expected - 1) * 100).toFixed(2)} % off the cap)`);
    assert.ok(total <= expected + CHUNK, `${total} bytes sent, cap ${expected}`);
    assert.ok(total >= expected - CHUNK, `${total} bytes sent, cap ${expected}`);
    limiter.destroy();
  }
});

test('concurrent senders take turns: none is starved', async () => {
  const clock = new FakeClock();
  const limiter = new UploadRateLimiter({ clock, bitsPerSecond: 2_000_000 });
  const sent = saturate(limiter, 4);
  await clock.advance(10_000);
  const [min, max] = [Math.min(...sent), Math.max(...sent)];
  // Round robin: the first sender's first chunk left at once (a full bucket), then one each in turn.
  assert.ok(max - min <= 2 * CHUNK, `bytes per sender ${sent.join(', ')}`);
  assert.ok(min >= 8 * CHUNK, `bytes per sender ${sent.join(', ')}`);
  limiter.destroy();
});

test('a withdrawn send never runs; destroy drops the queue and its timer, safe twice', async () => {
  const clock = new FakeClock();
  const limiter = new UploadRateLimiter({ clock, bitsPerSecond: 1_000_000 });
  const runs: string[] = [];
  limiter.schedule(CHUNK, () => runs.push('first')); // the full bucket: at once
  const withdraw = limiter.schedule(CHUNK, () => runs.push('withdrawn'));
  limiter.schedule(CHUNK, () => runs.push('third'));
  withdraw();
  await clock.advance(2000);
  assert.deepEqual(runs, ['first', 'third']);
  limiter.schedule(CHUNK, () => runs.push('fourth')); // the refilled bucket: at once
  limiter.schedule(CHUNK, () => runs.push('after destroy'));
  limiter.destroy();
  limiter.destroy();
  await clock.advance(2000);
  assert.deepEqual(runs, ['first', 'third', 'fourth']);
  assert.equal(clock.pendingTimers, 0);
});
