import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { P2PError } from '../../../../src/p2p/errors.js';
import { parseIntegrityFile, rangeKey, segmentFileName } from '../../../../src/p2p/verify/integrity-file.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = '0123456789abcdef'.repeat(4);

function assertInvalid(text: string, pattern: RegExp): void {
  assert.throws(
    () => parseIntegrityFile(text),
    (error: unknown) => {
      assert.ok(error instanceof P2PError);
      assert.equal(error.code, 'integrity-file-invalid');
      assert.equal(error.fatal, false);
      assert.match(error.message, pattern);
      return true;
    },
  );
}

describe('parseIntegrityFile: PeerTube segments-sha256.json', () => {
  it('whole-file form: looks segments up by file name, query and fragment stripped', () => {
    const file = parseIntegrityFile(JSON.stringify({ 'seg-00001.ts': HASH_A, 'seg-00002.ts': HASH_B }));
    assert.equal(file.size, 2);
    assert.equal(file.hashFor('https://cdn.example/live/720p/seg-00001.ts?token=abc#t=1'), HASH_A);
    assert.equal(file.hashFor('/live/720p/seg-00002.ts'), HASH_B);
    assert.equal(file.hashFor('seg-00002.ts'), HASH_B);
    assert.equal(file.hashFor('https://cdn.example/live/720p/seg-00003.ts'), undefined);
  });

  it('byte-range form: keys are "<first>-<last>" with an inclusive last byte', () => {
    const file = parseIntegrityFile(JSON.stringify({
      'uuid-720-fragmented.mp4': { '0-1399': HASH_A, '1400-90211': HASH_B },
    }));
    const url = 'https://peertube.example/static/streaming-playlists/hls/uuid/uuid-720-fragmented.mp4';
    assert.equal(file.hashFor(url, { start: 0, end: 1400 }), HASH_A);
    assert.equal(file.hashFor(url, { start: 1400, end: 90212 }), HASH_B);
    assert.equal(file.hashFor(url, { start: 1400, end: 90211 }), undefined, 'off by one must not match');
    assert.equal(file.hashFor(url), undefined, 'a range map cannot vouch for the whole file');
  });

  it('a whole-file hash cannot vouch for a range of that file', () => {
    const file = parseIntegrityFile(JSON.stringify({ 'a.mp4': HASH_A }));
    assert.equal(file.hashFor('a.mp4', { start: 0, end: 10 }), undefined);
  });

  it('normalises hex to lowercase and matches percent-encoded URLs', () => {
    const file = parseIntegrityFile(JSON.stringify({ 'my seg 1.ts': HASH_B.toUpperCase() }));
    assert.equal(file.hashFor('https://cdn.example/my%20seg%201.ts'), HASH_B);
  });

  it('rangeKey and segmentFileName', () => {
    assert.equal(rangeKey({ start: 100, end: 200 }), '100-199');
    assert.equal(segmentFileName('https://a.example/x/y/z.m4s?sig=1/2'), 'z.m4s');
    assert.equal(segmentFileName('https://a.example/x/'), '');
  });
});

describe('parseIntegrityFile rejects malformed files with a clear P2PError', () => {
  it('not JSON', () => assertInvalid('<html>502 Bad Gateway</html>', /is not JSON/));
  it('an array', () => assertInvalid('[]', /must be a JSON object/));
  it('null', () => assertInvalid('null', /must be a JSON object/));
  it('a hash that is not 64 hex digits', () => assertInvalid(JSON.stringify({ 'a.ts': 'abc' }), /entry "a.ts" is not a SHA-256/));
  it('a number where a hash belongs', () => assertInvalid(JSON.stringify({ 'a.ts': 42 }), /entry "a.ts" must be/));
  it('a bad range key', () => {
    assertInvalid(JSON.stringify({ 'a.mp4': { 'bytes=0-10': HASH_A } }), /invalid byte range key "bytes=0-10"/);
  });
  it('a reversed range', () => assertInvalid(JSON.stringify({ 'a.mp4': { '10-0': HASH_A } }), /invalid byte range key "10-0"/));
  it('a bad hash inside a range map', () => {
    assertInvalid(JSON.stringify({ 'a.mp4': { '0-10': 'z'.repeat(64) } }), /"a.mp4" range "0-10" is not a SHA-256/);
  });
});

describe('integrity file keys in rendition folders (issue 10 hole 2)', () => {
  const fileUrl = 'https://cdn.example/hls/segments-sha256.json';
  it('regression: one file name in several rendition folders gets each folder\'s hash (keys are paths relative to the file)', () => {
    const file = parseIntegrityFile(JSON.stringify({ '360p/seg-1.ts': HASH_A, '180p/seg-1.ts': HASH_B }), fileUrl);
    assert.equal(file.hashFor('https://cdn.example/hls/360p/seg-1.ts?token=x'), HASH_A);
    assert.equal(file.hashFor('https://cdn.example/hls/180p/seg-1.ts'), HASH_B);
    assert.equal(file.hashFor('https://cdn.example/hls/720p/seg-1.ts'), undefined, 'ambiguous by name: no hash');
  });
  it('regression: a name-only entry looked up from two folders vouches for neither', () => {
    const file = parseIntegrityFile(JSON.stringify({ 'seg-1.ts': HASH_A }), fileUrl);
    assert.equal(file.hashFor('https://cdn.example/hls/360p/seg-1.ts'), HASH_A, 'unambiguous so far');
    assert.equal(file.hashFor('https://cdn.example/hls/180p/seg-1.ts'), undefined);
    assert.equal(file.hashFor('https://cdn.example/hls/360p/seg-1.ts'), undefined);
  });
  it('a path key that is unique by name still matches a URL elsewhere (another CDN host)', () => {
    const file = parseIntegrityFile(JSON.stringify({ '360p/seg-2.ts': HASH_A }), fileUrl);
    assert.equal(file.hashFor('https://cdn2.example/hls/360p/seg-2.ts'), HASH_A);
  });
});
