/**
 * Issue 10 hole 1: without an integrity file, random bytes from a peer were played. The stream's
 * container was learnt from peer bytes only and "unknown container" passed (19,993 of 20,000
 * random buffers passed unchecked), and rewritten payloads, truncations, splices, replays, other
 * renditions and other containers all passed. Now the verifier learns from origin bytes and
 * checks container, program, SPS and timestamps against them.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createSegmentVerifier, type SegmentVerifier } from '../../../../src/p2p/verify/index.js';

const MEDIA = new URL('../../../../media/', import.meta.url).pathname;
const read = (path: string): Uint8Array => new Uint8Array(readFileSync(MEDIA + path));
const ts360 = (n: number) => read(`hls-ts/360p/seg-0000${n}.ts`);
const ts180 = (n: number) => read(`hls-ts/180p/seg-0000${n}.ts`);
const fmp4 = (rendition: string, name: string) => read(`hls-fmp4/${rendition}/${name}`);
const SEGMENT_SECONDS = 2;

/** A verifier that has seen the origin serve segments 0 and 1 of the 360p TS stream. */
function tsVerifier(): SegmentVerifier {
  const v = createSegmentVerifier();
  for (const n of [0, 1]) v.learn({ streamId: 'ts-360p', startTime: n * SEGMENT_SECONDS, duration: SEGMENT_SECONDS, bytes: ts360(n) });
  return v;
}

function peerSegment(v: SegmentVerifier, n: number, bytes: Uint8Array, streamId = 'ts-360p') {
  return v.verify({ url: `https://cdn.example/${streamId}/seg-${n}`, segmentId: String(n), streamId, startTime: n * SEGMENT_SECONDS, duration: SEGMENT_SECONDS, bytes });
}

/** Keeps every TS packet's 4-byte header (and adaptation field) and randomises the payload. */
function rewritePayload(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes);
  for (let offset = 0; offset < copy.byteLength; offset += 188) {
    const control = (copy[offset + 3]! & 0x30) >> 4;
    const payload = control === 3 ? offset + 5 + copy[offset + 4]! : offset + 4;
    if (control === 2) continue;
    copy.set(randomBytes(Math.max(0, offset + 188 - payload)), payload);
  }
  return copy;
}

function packets(bytes: Uint8Array, from: number, to: number): Uint8Array {
  return bytes.subarray(from * 188, to * 188);
}

describe('checks learnt from origin bytes, no integrity file (issue 10 hole 1)', () => {
  it('regression: random buffers from a peer are rejected once the stream is known (was 19,993 of 20,000 passing)', async () => {
    const v = tsVerifier();
    let passed = 0;
    const runs = 20_000;
    for (let i = 0; i < runs; i++) {
      const bytes = new Uint8Array(randomBytes(188 + (i % 16) * 256));
      if ((await peerSegment(v, 2, bytes)).ok) passed += 1;
    }
    console.log(`random buffers passing: ${passed}/${runs}`);
    assert.equal(passed, 0);
  });

  it('regression: a stream the origin has not served yet rejects unknown bytes when every known stream is recognised', async () => {
    const v = tsVerifier();
    const result = await peerSegment(v, 2, new Uint8Array(randomBytes(4096)), 'ts-180p');
    assert.equal(result.ok, false);
  });

  it('accepts the honest next segments of the stream (and of a stream not fetched yet)', async () => {
    const v = tsVerifier();
    for (const n of [2, 3, 4, 9]) {
      const bytes = read(`hls-ts/360p/seg-${String(n).padStart(5, '0')}.ts`);
      assert.deepEqual(await peerSegment(v, n, bytes), { ok: true, method: 'container', container: 'mpeg-ts' }, `segment ${n}`);
    }
    assert.equal((await peerSegment(v, 2, ts180(2), 'ts-180p')).ok, true);
  });

  it('regression: a rewritten payload behind valid TS headers is rejected', async () => {
    const result = await peerSegment(tsVerifier(), 2, rewritePayload(ts360(2)));
    assert.equal(result.ok, false);
  });

  it('regression: a segment truncated at a packet boundary is rejected', async () => {
    const whole = ts360(2);
    const result = await peerSegment(tsVerifier(), 2, packets(whole, 0, Math.floor(whole.byteLength / 188 / 2)));
    assert.ok(!result.ok && /span/.test(result.reason), JSON.stringify(result));
  });

  it('regression: a splice of two segments is rejected', async () => {
    const a = ts360(2);
    const b = ts360(3);
    const half = (bytes: Uint8Array) => Math.floor(bytes.byteLength / 188 / 2);
    const splice = new Uint8Array([...packets(a, 0, half(a)), ...packets(b, half(b), b.byteLength / 188)]);
    const result = await peerSegment(tsVerifier(), 2, splice);
    assert.ok(!result.ok && /span/.test(result.reason), JSON.stringify(result));
  });

  it('regression: a replay of another segment of the same stream is rejected', async () => {
    const v = tsVerifier();
    const result = await peerSegment(v, 2, ts360(3));
    assert.ok(!result.ok && /first timestamp/.test(result.reason), JSON.stringify(result));
    assert.equal((await peerSegment(v, 4, ts360(1))).ok, false);
  });

  it('regression: a 180p segment sent as the 360p one is rejected (its SPS differs)', async () => {
    const result = await peerSegment(tsVerifier(), 2, ts180(2));
    assert.ok(!result.ok && /SPS/.test(result.reason), JSON.stringify(result));
  });

  it('regression: fMP4 bytes in a TS stream are rejected', async () => {
    const result = await peerSegment(tsVerifier(), 2, fmp4('360p', 'seg-00002.m4s'));
    assert.ok(!result.ok && /mpeg-ts/.test(result.reason), JSON.stringify(result));
  });

  it('fMP4: checks the init segment, track ids and tfdt against the origin\'s', async () => {
    const v = createSegmentVerifier();
    const init = fmp4('360p', 'init.mp4');
    v.learn({ streamId: 'f-360p', startTime: 0, duration: 0, bytes: init });
    for (const n of [0, 1]) v.learn({ streamId: 'f-360p', startTime: n * 2, duration: 2, bytes: fmp4('360p', `seg-0000${n}.m4s`) });
    const peer = (n: number, bytes: Uint8Array) => v.verify({ url: 'u', segmentId: String(n), streamId: 'f-360p', startTime: n * 2, duration: 2, bytes });
    assert.equal((await peer(2, fmp4('360p', 'seg-00002.m4s'))).ok, true, 'honest');
    assert.equal((await v.verify({ url: 'u', segmentId: 'init', streamId: 'f-360p', startTime: 0, duration: 0, bytes: init })).ok, true, 'honest init');
    const replay = await peer(2, fmp4('360p', 'seg-00004.m4s'));
    assert.ok(!replay.ok && /first timestamp/.test(replay.reason), JSON.stringify(replay));
    const otherInit = await v.verify({ url: 'u', segmentId: 'init', streamId: 'f-360p', bytes: fmp4('180p', 'init.mp4') });
    assert.ok(!otherInit.ok && /init segment differs/.test(otherInit.reason), JSON.stringify(otherInit));
    assert.equal((await peer(2, ts360(2))).ok, false, 'TS bytes in an fMP4 stream');
  });

  it('peer bytes teach nothing: a first segment from a peer does not become the reference', async () => {
    const v = createSegmentVerifier();
    assert.equal((await peerSegment(v, 2, ts360(3))).ok, true, 'nothing known: structure only');
    v.learn({ streamId: 'ts-360p', startTime: 0, duration: 2, bytes: ts360(0) });
    assert.equal((await peerSegment(v, 2, ts360(3))).ok, false);
  });
});
