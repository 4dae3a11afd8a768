import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { sha256Fallback } from '../../../../src/p2p/verify/sha256-fallback.js';

describe('sha256Fallback (plain JS, for pages without crypto.subtle)', () => {
  it('matches node:crypto at every padding edge and on a 1 MiB segment view', () => {
    for (const length of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 1024 * 1024 + 3]) {
      const bytes = randomBytes(length + 7);
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset + 7, length);
      const expected = createHash('sha256').update(view).digest('hex');
      assert.equal(Buffer.from(sha256Fallback(view)).toString('hex'), expected, `length ${length}`);
    }
  });

  it('matches the FIPS 180-4 "abc" test vector', () => {
    assert.equal(
      Buffer.from(sha256Fallback(new TextEncoder().encode('abc'))).toString('hex'),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('times hashing 1 MiB (printed, not asserted)', () => {
    const bytes = new Uint8Array(randomBytes(1024 * 1024));
    const startMs = performance.now();
    sha256Fallback(bytes);
    console.log(`sha256Fallback: ${(performance.now() - startMs).toFixed(1)} ms per MiB`);
  });
});
