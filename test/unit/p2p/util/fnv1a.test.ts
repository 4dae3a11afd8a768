import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fmix32, fnv1a, fnv1aMixed } from '../../../../src/p2p/util/fnv1a.ts';

describe('fnv1a', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    assert.equal(fnv1a(''), 0x811c9dc5);
    assert.equal(fnv1a('a'), 0xe40c292c);
    assert.equal(fnv1a('foobar'), 0xbf9cf968);
  });

  it('takes another lane (the room id uses two)', () => {
    assert.notEqual(fnv1a('x', { basis: 0x01000193, prime: 0x5bd1e995 }), fnv1a('x'));
  });

  it('fmix32 is murmur3 fmix32 (pinned: every peer must rank identically)', () => {
    assert.equal(fmix32(0), 0);
    assert.equal(fmix32(1), 0x514e28b7);
    assert.equal(fnv1aMixed('a'), fmix32(0xe40c292c));
  });
});
