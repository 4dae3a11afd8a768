import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../../fakes/fake-clock.ts';
import { IncomingConnectionLimiter, IncomingConnectionLimits } from '../../../../../src/p2p/transport/trystero/incoming-connection-limiter.ts';

function fakeConnection() {
  const pc = { connectionState: 'new', ondatachannel: null, createDataChannel: () => { throw new Error('unused'); }, close: () => {}, open: false, closes: 0 };
  return { pc, pending: { close: () => { pc.closes++; pc.connectionState = 'closed'; }, isConnected: () => pc.open } };
}

describe('IncomingConnectionLimiter', () => {
  it(`admits ${IncomingConnectionLimits.maxPending} pending answering connections and closes the next at once`, () => {
    const limiter = new IncomingConnectionLimiter({ clock: new FakeClock() });
    const all = Array.from({ length: IncomingConnectionLimits.maxPending + 3 }, fakeConnection);
    const admitted = all.map(({ pc, pending }) => limiter.admit(pc, pending));
    assert.equal(admitted.filter(Boolean).length, IncomingConnectionLimits.maxPending);
    assert.deepEqual(all.slice(-3).map(({ pc }) => pc.closes), [1, 1, 1]);
    // One connects: its slot frees.
    all[0]!.pc.open = true;
    const next = fakeConnection();
    assert.equal(limiter.admit(next.pc, next.pending), true);
  });

  it('closes a connection still not connected after the timeout (one Trystero forgot), not a connected one', async () => {
    const clock = new FakeClock();
    const limiter = new IncomingConnectionLimiter({ clock });
    const stuck = fakeConnection();
    const fine = fakeConnection();
    limiter.admit(stuck.pc, stuck.pending);
    limiter.admit(fine.pc, fine.pending);
    fine.pc.open = true;
    await clock.advance(IncomingConnectionLimits.connectTimeoutMs - 1);
    assert.equal(stuck.pc.closes, 0);
    await clock.advance(1);
    assert.equal(stuck.pc.closes, 1);
    assert.equal(fine.pc.closes, 0);
    assert.equal(limiter.pendingCount, 0);
  });

  it('destroy closes what is pending and admits nothing more; safe twice', () => {
    const limiter = new IncomingConnectionLimiter({ clock: new FakeClock() });
    const a = fakeConnection();
    limiter.admit(a.pc, a.pending);
    limiter.destroy();
    limiter.destroy();
    assert.equal(a.pc.closes, 1);
    const b = fakeConnection();
    assert.equal(limiter.admit(b.pc, b.pending), false);
  });
});
