import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FrameGuard, FrameGuardLimits } from '../../../../../src/p2p/transport/trystero/frame-guard.ts';
import { TOKEN, actionFrame, ours, presenceFrame, roomFrame } from './trystero-frames.ts';

const KIB = 1024;
const MIB = 1024 * KIB;

function guard() {
  const violations: Array<{ reason: string; bytes: number }> = [];
  const frameGuard = new FrameGuard({ isKnownRoomToken: (token) => token === TOKEN, actionName: 'p2pv1', maxMessageBytes: 128 * KIB, onViolation: (v) => violations.push(v) });
  return { frameGuard, violations };
}

describe('FrameGuard', () => {
  it('passes our binary messages and forgets each once its last frame is in', () => {
    const { frameGuard, violations } = guard();
    for (let nonce = 0; nonce < 500; nonce++) {
      for (let i = 0; i < 7; i++) assert.equal(frameGuard.inspect(ours({ nonce, last: false, payloadBytes: 16_348 })), 'pass');
      assert.equal(frameGuard.inspect(ours({ nonce, last: true, payloadBytes: 1000 })), 'pass');
    }
    assert.equal(frameGuard.countedBytes, 0);
    assert.deepEqual(violations, []);
  });

  it('passes Trystero control messages and presence frames of known rooms; Node Buffers too', () => {
    const { frameGuard } = guard();
    assert.equal(frameGuard.inspect(ours({ type: '@_hsdata', nonce: 1, last: true, payloadBytes: 200 })), 'pass');
    assert.equal(frameGuard.inspect(presenceFrame(TOKEN).buffer), 'pass');
    const inPool = Buffer.concat([Buffer.alloc(100), Buffer.from(ours({ nonce: 2, last: true, payloadBytes: 10 }))]).subarray(100);
    assert.equal(frameGuard.inspect(inPool), 'pass');
  });

  // Issue 10: counting frames, not bytes, let 1,400 single 64 KiB frames hold 65 MiB.
  it('regression: 64 KiB frames interleaved with complete messages cannot keep the count down', () => {
    const { frameGuard, violations } = guard();
    let sent = 0;
    for (let i = 0; i < 1400 && violations.length === 0; i++) {
      // Three partial 64 KiB frames on fresh nonces, then one complete message.
      const frame = i % 4 === 3 ? ours({ nonce: 60_000 + i, last: true, payloadBytes: 64 * KIB - 103 }) : ours({ nonce: i, last: false, payloadBytes: 64 * KIB - 103 });
      frameGuard.inspect(frame);
      sent += frame.byteLength;
    }
    assert.equal(violations[0]?.reason, 'over-budget');
    assert.ok(sent <= FrameGuardLimits.budgetBytes * 1.5, `dropped after ${(sent / MIB).toFixed(1)} MiB`);
    assert.equal(frameGuard.inspect(ours({ nonce: 1, last: true, payloadBytes: 1 })), 'drop', 'nothing passes after a violation');
  });

  it('regression: frames of an action type nobody registered are dropped at once and counted', () => {
    const { frameGuard, violations } = guard();
    let sent = 0;
    for (let i = 0; i < 1400 && violations.length === 0; i++) {
      const frame = ours({ type: 'x', nonce: i, last: i % 2 === 0, payloadBytes: 64 * KIB - 103 });
      assert.equal(frameGuard.inspect(frame), 'drop');
      sent += frame.byteLength;
    }
    assert.equal(violations[0]?.reason, 'over-budget');
    assert.ok(sent <= FrameGuardLimits.budgetBytes + 64 * KIB);
  });

  it('regression: frames for an unknown room token are dropped at once and counted', () => {
    const { frameGuard, violations } = guard();
    let dropped = 0;
    for (let i = 0; i < 1400 && violations.length === 0; i++) {
      if (frameGuard.inspect(ours({ token: 'b'.repeat(64), nonce: i, last: false, payloadBytes: 64 * KIB - 103 })) === 'drop') dropped++;
    }
    assert.equal(violations[0]?.reason, 'over-budget');
    assert.ok(dropped <= 130);
    assert.equal(frameGuard.inspect(presenceFrame('b'.repeat(64)).buffer), 'drop');
  });

  it('a message of ours above maxMessageBytes is an oversized-message violation', () => {
    const { frameGuard, violations } = guard();
    for (let i = 0; i < 9; i++) frameGuard.inspect(ours({ nonce: 3, last: false, payloadBytes: 16_348 }));
    assert.deepEqual(violations.map((v) => v.reason), ['oversized-message']);
    assert.ok(violations[0]!.bytes > 128 * KIB);
  });

  it('control messages are capped much lower; metadata or non-binary frames under our name are junk', () => {
    const { frameGuard, violations } = guard();
    assert.equal(frameGuard.inspect(ours({ nonce: 1, last: true, meta: true, payloadBytes: 10 })), 'drop');
    assert.equal(frameGuard.inspect(ours({ nonce: 1, last: true, binary: false, payloadBytes: 10 })), 'drop');
    assert.equal(frameGuard.inspect('a string'), 'drop');
    assert.equal(frameGuard.inspect(roomFrame(TOKEN, new Uint8Array(10)).buffer), 'drop', 'an action frame shorter than its header');
    for (let i = 0; i < 5; i++) frameGuard.inspect(ours({ type: '@_signal', nonce: 9, last: false, payloadBytes: 16 * KIB }));
    assert.deepEqual(violations.map((v) => v.reason), ['oversized-message']);
  });

  it('floods of tiny partial frames cost their fixed overhead: at most budget / overhead frames', () => {
    const { frameGuard, violations } = guard();
    let frames = 0;
    for (let nonce = 0; nonce < 65_536 && violations.length === 0; nonce++, frames++) frameGuard.inspect(ours({ nonce, last: false, payloadBytes: 0 }));
    assert.equal(violations[0]?.reason, 'over-budget');
    assert.ok(frames <= FrameGuardLimits.budgetBytes / FrameGuardLimits.frameOverheadBytes + 1, `${frames} frames`);
  });

  it('the type is matched exactly (a NUL inside a name is not ours)', () => {
    const { frameGuard } = guard();
    const frame = roomFrame(TOKEN, actionFrame({ type: 'p2p\u0000v1', nonce: 1, last: true, payloadBytes: 4 }));
    assert.equal(frameGuard.inspect(frame.buffer), 'drop');
  });
});
