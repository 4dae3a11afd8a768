import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAbortError } from '../../../../src/p2p/errors.ts';
import { abortError, concatBytes, concatChunks, settle } from '../../../../src/p2p/util/wait.ts';
import { FakeClock, flush } from '../../../fakes/fake-clock.ts';

test('settle: done and failed resolve, never reject, and clear their timer', async () => {
  const clock = new FakeClock();
  assert.deepEqual(await settle(Promise.resolve(7), { clock, timeoutMs: 1000 }), { kind: 'done', value: 7 });
  const error = new Error('boom');
  assert.deepEqual(await settle(Promise.reject(error), { clock, timeoutMs: 1000 }), { kind: 'failed', error });
  assert.equal(clock.pendingTimers, 0);
});

test('settle: times out on the fake clock, not before', async () => {
  const clock = new FakeClock();
  let outcome: unknown;
  void settle(new Promise(() => {}), { clock, timeoutMs: 500 }).then((value) => (outcome = value));
  await clock.advance(499);
  assert.equal(outcome, undefined);
  await clock.advance(1);
  assert.deepEqual(outcome, { kind: 'timeout' });
});

test('settle: an abort rejects with an AbortError, before or while waiting', async () => {
  const clock = new FakeClock();
  const early = new AbortController();
  early.abort();
  await assert.rejects(settle(new Promise(() => {}), { clock, signal: early.signal }), (error) => isAbortError(error));
  const late = new AbortController();
  const pending = settle(new Promise(() => {}), { clock, signal: late.signal, timeoutMs: 10_000 });
  await flush();
  late.abort();
  await assert.rejects(pending, (error) => isAbortError(error));
  assert.equal(clock.pendingTimers, 0, 'the timeout is cleared on abort');
});

test('abortError is recognised by isAbortError', () => {
  assert.equal(isAbortError(abortError()), true);
  assert.equal(isAbortError(new Error('x')), false);
});

test('concatBytes and concatChunks', () => {
  const a = Uint8Array.of(1, 2);
  const b = Uint8Array.of(3);
  assert.deepEqual([...concatBytes(a, b)], [1, 2, 3]);
  assert.equal(concatBytes(new Uint8Array(0), b), b, 'an empty prefix returns the rest as is');
  assert.deepEqual([...concatChunks([a, b], 3)], [1, 2, 3]);
  assert.equal(concatChunks([a], 2), a, 'one whole chunk is not copied');
});
