import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkContainer } from '../../../../../src/p2p/verify/containers/container-check.js';
import { loadSampleSegments } from '../sample-segments.js';

const samples = loadSampleSegments();

function copy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

function assertRejected(bytes: Uint8Array, container: string, reasonPattern: RegExp): void {
  const result = checkContainer(bytes);
  assert.equal(result.ok, false, `expected a rejection, got ${JSON.stringify(result)}`);
  assert.equal(result.container, container);
  if (!result.ok) assert.match(result.reason, reasonPattern);
}

/** Deterministic pseudo-random bytes (xorshift32), so a failure reproduces. */
function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** One ADTS frame header (AAC-LC, 44.1 kHz, stereo, no CRC) followed by zero payload. */
function adtsFrame(frameBytes: number): Uint8Array {
  const frame = new Uint8Array(frameBytes);
  frame.set([0xff, 0xf1, 0x50, 0x80 | ((frameBytes >> 11) & 0x03), (frameBytes >> 3) & 0xff, ((frameBytes & 0x07) << 5) | 0x1f, 0xfc]);
  return frame;
}

/** An ID3v2.4 tag with `bodyBytes` of (zero) frame data, as HLS packed audio starts. */
function id3Tag(bodyBytes: number): Uint8Array {
  const tag = new Uint8Array(10 + bodyBytes);
  tag.set([0x49, 0x44, 0x33, 4, 0, 0, (bodyBytes >> 21) & 0x7f, (bodyBytes >> 14) & 0x7f, (bodyBytes >> 7) & 0x7f, bodyBytes & 0x7f]);
  return tag;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

describe('checkContainer on real segments', () => {
  it(`accepts every MPEG-TS sample segment (${samples.source})`, () => {
    for (const segment of samples.tsSegments) {
      assert.deepEqual(checkContainer(segment), { ok: true, container: 'mpeg-ts', checked: true });
    }
  });

  it('accepts HLS fMP4 and DASH init and media segments', () => {
    for (const segment of [samples.fmp4Init, ...samples.fmp4Segments, ...samples.dashInits, ...samples.dashSegments]) {
      assert.deepEqual(checkContainer(segment), { ok: true, container: 'fmp4', checked: true });
    }
  });

  it('accepts ADTS audio from ffmpeg, bare and after an ID3 tag', () => {
    assert.deepEqual(checkContainer(samples.adts), { ok: true, container: 'adts', checked: true });
    assert.deepEqual(checkContainer(concat(id3Tag(53), samples.adts)), { ok: true, container: 'adts', checked: true });
  });

  it('checks a segment given as a view into a larger buffer without reading outside it', () => {
    const segment = samples.tsSegments[0]!;
    const backing = new Uint8Array(segment.byteLength + 100).fill(0xaa);
    backing.set(segment, 50);
    assert.equal(checkContainer(backing.subarray(50, 50 + segment.byteLength)).ok, true);
  });
});

describe('checkContainer rejects broken MPEG-TS', () => {
  const ts = samples.tsSegments[0]!;

  it('truncated mid-packet', () => assertRejected(ts.subarray(0, ts.byteLength - 100), 'mpeg-ts', /not a multiple of 188/));

  it('a lost sync byte', () => {
    const broken = copy(ts);
    broken[188 * 40] = 0x00;
    assertRejected(broken, 'mpeg-ts', /packet at byte 7520: sync byte/);
  });

  it('garbage over the middle of the stream', () => {
    const broken = copy(ts);
    broken.set(pseudoRandomBytes(5000, 7), 188 * 20 + 3);
    assertRejected(broken, 'mpeg-ts', /packet at byte/);
  });

  it('whole packets of garbage that keep every sync byte', () => {
    const broken = copy(ts);
    const garbage = pseudoRandomBytes(ts.byteLength, 11);
    for (let offset = 0; offset < broken.byteLength; offset += 188) {
      broken.set(garbage.subarray(offset + 1, offset + 188), offset + 1);
    }
    assertRejected(broken, 'mpeg-ts', /MPEG-TS/);
  });

  it('missing its first bytes (the sync lattice is still recognised)', () => {
    assertRejected(ts.subarray(1), 'mpeg-ts', /not a multiple of 188/);
    assertRejected(ts.subarray(188 * 3 + 100, 188 * 20 + 100), 'mpeg-ts', /packet at byte 0: sync byte/);
  });

  it('a set transport error indicator', () => {
    const broken = copy(ts);
    broken[188 * 3 + 1]! |= 0x80;
    assertRejected(broken, 'mpeg-ts', /transport error indicator/);
  });
});

describe('checkContainer rejects broken fMP4', () => {
  const media = samples.fmp4Segments[0]!;

  it('a media segment truncated inside mdat', () => {
    assertRejected(media.subarray(0, media.byteLength - 1000), 'fmp4', /declares \d+ bytes, only \d+ left \(truncated\)/);
  });

  it('a media segment cut right after moof (mdat missing)', () => {
    const view = new DataView(media.buffer, media.byteOffset, media.byteLength);
    let offset = 0;
    while (String.fromCharCode(...media.subarray(offset + 4, offset + 8)) !== 'moof') offset += view.getUint32(offset);
    const moofEnd = offset + view.getUint32(offset);
    assertRejected(media.subarray(0, moofEnd), 'fmp4', /'moof' without its 'mdat'/);
  });

  it('a corrupted box size', () => {
    const broken = copy(media);
    new DataView(broken.buffer).setUint32(0, 3);
    assertRejected(broken, 'fmp4', /invalid size 3/);
  });

  it('garbage where the second box starts', () => {
    const broken = copy(media);
    const firstBoxBytes = new DataView(broken.buffer).getUint32(0);
    broken.set(pseudoRandomBytes(16, 3), firstBoxBytes);
    assertRejected(broken, 'fmp4', /unknown top-level box|invalid size|truncated/);
  });

  it('a corrupted first box type (the segment is still recognised as fMP4)', () => {
    const broken = copy(media);
    broken.set([0x00, 0x01, 0x02, 0x03], 4);
    assertRejected(broken, 'fmp4', /unknown top-level box '\?\?\?\?' at byte 0/);
  });

  it('an init segment with trailing bytes', () => {
    assertRejected(concat(samples.fmp4Init, new Uint8Array(5)), 'fmp4', /box header at byte \d+ is truncated/);
  });

  it("a lone 'styp' (neither init nor media)", () => {
    const styp = media.subarray(0, new DataView(media.buffer, media.byteOffset).getUint32(0));
    assertRejected(styp, 'fmp4', /neither 'moov'/);
  });
});

describe('checkContainer on audio, text and unknown bytes', () => {
  it('rejects truncated ADTS and a broken frame header', () => {
    assertRejected(samples.adts.subarray(0, samples.adts.byteLength - 10), 'adts', /truncated/);
    const broken = concat(id3Tag(20), adtsFrame(200), adtsFrame(200));
    broken[30 + 200] = 0x00;
    assertRejected(broken, 'adts', /sync word missing at byte 230/);
  });

  it('rejects an ID3 tag that declares more bytes than the segment has', () => {
    assertRejected(id3Tag(100).subarray(0, 60), 'adts', /ID3 tag at byte 0 declares 110 bytes/);
  });

  it('passes ID3 followed by a non-ADTS payload (e.g. MP3) unchecked', () => {
    assert.deepEqual(checkContainer(concat(id3Tag(10), new Uint8Array([0x0b, 0x77, 1, 2, 3]))), {
      ok: true, container: 'unknown', checked: false,
    });
  });

  it('accepts WebVTT (with and without BOM) and rejects a bad signature or invalid UTF-8', () => {
    const text = 'WEBVTT\n\n00:00.000 --> 00:02.000\nHello — world\n';
    assert.deepEqual(checkContainer(new TextEncoder().encode(text)), { ok: true, container: 'webvtt', checked: true });
    assert.equal(checkContainer(concat(new Uint8Array([0xef, 0xbb, 0xbf]), new TextEncoder().encode(text))).ok, true);
    assertRejected(new TextEncoder().encode('WEBVTTX\n'), 'webvtt', /signature/);
    assertRejected(concat(new TextEncoder().encode('WEBVTT\n\n'), new Uint8Array([0xc3, 0x28])), 'webvtt', /UTF-8/);
  });

  it('rejects an empty segment', () => assertRejected(new Uint8Array(0), 'unknown', /empty/));

  it('passes random (e.g. AES-128 encrypted) bytes unchecked instead of rejecting them', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const result = checkContainer(pseudoRandomBytes(4096, seed * 7919));
      assert.deepEqual(result, { ok: true, container: 'unknown', checked: false }, `seed ${seed}`);
    }
  });
});
