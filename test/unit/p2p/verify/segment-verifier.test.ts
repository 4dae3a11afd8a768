import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { P2PError } from '../../../../src/p2p/errors.js';
import type { SegmentRequest } from '../../../../src/p2p/segment.js';
import { checkContainer, createCoreVerifyHook, createSegmentVerifier, type SegmentVerifier, type VerifyInput, type VerifyResult } from '../../../../src/p2p/verify/index.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { startHashFileServer, type HashFileServer } from './hash-file-server.js';
import { concatTs, loadSampleSegments } from './sample-segments.js';

const samples = loadSampleSegments();
const [ts1, ts2, ts3] = samples.tsSegments as [Uint8Array, Uint8Array, Uint8Array];

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function flipped(bytes: Uint8Array, index: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[index]! ^= 0x01;
  return copy;
}

describe('createSegmentVerifier with a PeerTube-format integrity file on a local origin', () => {
  let server: HashFileServer;
  // A PeerTube-style single fragmented MP4 served by byte ranges: init, then media segments.
  const single = new Uint8Array(Buffer.concat([samples.fmp4Init, ...samples.fmp4Segments.slice(0, 3)]));
  const ranges: { start: number; end: number }[] = [];
  for (let start = 0, i = 0; i < 4; i++) {
    const part = i === 0 ? samples.fmp4Init : samples.fmp4Segments[i - 1]!;
    ranges.push({ start, end: start + part.byteLength });
    start += part.byteLength;
  }

  before(async () => {
    server = await startHashFileServer();
    const byteRanges = Object.fromEntries(
      ranges.map(({ start, end }) => [`${start}-${end - 1}`, sha256(single.subarray(start, end))]),
    );
    server.set('/hls/segments-sha256.json', JSON.stringify({
      'seg-00001.ts': sha256(ts1),
      'seg-00002.ts': sha256(ts2),
      'video-360-fragmented.mp4': byteRanges,
    }));
  });
  after(() => server.close());

  function verifier(options: Parameters<typeof createSegmentVerifier>[0] = {}) {
    return createSegmentVerifier({ integrityUrl: `${server.origin}/hls/segments-sha256.json`, ...options });
  }

  function input(url: string, bytes: Uint8Array, extra: Partial<VerifyInput> = {}): VerifyInput {
    return { url: `${server.origin}/hls/360p/${url}`, segmentId: url, streamId: 'main-360p', bytes, ...extra };
  }

  it('accepts listed segments by SHA-256', async () => {
    const v = verifier();
    assert.deepEqual(await v.verify(input('seg-00001.ts?token=x', ts1)), { ok: true, method: 'sha256' });
    const asArrayBuffer = new Uint8Array(ts2).buffer; // an ArrayBuffer is accepted as well
    assert.deepEqual(await v.verify(input('seg-00002.ts', new Uint8Array(0), { bytes: asArrayBuffer })), {
      ok: true, method: 'sha256',
    });
    v.destroy();
  });

  it('rejects a listed segment with one flipped bit, even though its container still looks fine', async () => {
    const v = verifier();
    const corrupted = flipped(ts1, 5000);
    assert.equal(checkContainer(corrupted).ok, true, 'a payload bit flip keeps TS framing valid');
    const result = await v.verify(input('seg-00001.ts', corrupted));
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.check === 'sha256' && /does not match/.test(result.reason));
    v.destroy();
  });

  it('verifies byte ranges of one file by "<first>-<last>" keys', async () => {
    const v = verifier();
    for (const byteRange of ranges) {
      const bytes = single.subarray(byteRange.start, byteRange.end);
      const result = await v.verify(input('video-360-fragmented.mp4', bytes, { byteRange }));
      assert.deepEqual(result, { ok: true, method: 'sha256' }, JSON.stringify(byteRange));
    }
    const second = ranges[1]!;
    const swapped = single.subarray(ranges[2]!.start, ranges[2]!.start + (second.end - second.start));
    const result = await v.verify(input('video-360-fragmented.mp4', swapped, { byteRange: second }));
    assert.equal(result.ok, false, 'bytes of another range with the right length');
    v.destroy();
  });

  it('falls back to the container check for a segment the file does not list', async () => {
    const v = verifier();
    assert.deepEqual(await v.verify(input('seg-00003.ts', ts3)), { ok: true, method: 'container', container: 'mpeg-ts' });
    const truncated = await v.verify(input('seg-00003.ts', ts3.subarray(0, 10_000)));
    assert.deepEqual(truncated, {
      ok: false, check: 'container', reason: 'MPEG-TS length 10000 is not a multiple of 188 (truncated or padded)',
    });
    v.destroy();
  });

  it('times the SHA-256 path for a 1 MiB segment (printed, not asserted)', async () => {
    const big = concatTs(samples.tsSegments, 1024 * 1024).subarray(0, 188 * 5578);
    server.set('/big/segments-sha256.json', JSON.stringify({ 'big.ts': sha256(big) }));
    const v = createSegmentVerifier({ integrityUrl: `${server.origin}/big/segments-sha256.json` });
    const verifyBig = () => v.verify({ url: 'https://cdn.example/big.ts', segmentId: '1', streamId: 's', bytes: big });
    assert.deepEqual(await verifyBig(), { ok: true, method: 'sha256' }); // also loads the file
    const rounds = 20;
    const startMs = performance.now();
    for (let i = 0; i < rounds; i++) await verifyBig();
    console.log(`verify() with SHA-256: ${((performance.now() - startMs) / rounds).toFixed(2)} ms per ${big.byteLength} B segment`);
    v.destroy();
  });

  it('an unreachable or malformed integrity file: a warning, then container checks', async () => {
    server.set('/broken.json', '{"seg-00001.ts": ');
    for (const integrityUrl of [`${server.origin}/broken.json`, `${server.origin}/absent.json`, 'not a url']) {
      const warnings: P2PError[] = [];
      const v = createSegmentVerifier({ integrityUrl, onWarning: (error) => warnings.push(error) });
      assert.deepEqual(await v.verify(input('seg-00001.ts', ts1)), { ok: true, method: 'container', container: 'mpeg-ts' });
      assert.equal((await v.verify(input('seg-00001.ts', flipped(ts1, 0)))).ok, false, 'lost sync byte');
      assert.equal(warnings.length, 1, integrityUrl);
      assert.equal(warnings[0]!.code, 'integrity-file-invalid');
      v.destroy();
    }
  });
});

/** What the core does with a verifier: `createCoreVerifyHook`, fed ids, the segment found by lookup. */
async function verifyAsCore(v: SegmentVerifier, known: SegmentRequest, bytes: Uint8Array): Promise<VerifyResult> {
  let verdict: VerifyResult | undefined;
  const hook = createCoreVerifyHook({ verifier: v, lookupSegment: () => known, onResult: (_request, result) => (verdict = result) });
  await hook({ streamId: known.stream.id, segmentId: known.segment.id, expectedBytes: known.segment.expectedBytes }, bytes);
  return verdict!;
}

describe('createSegmentVerifier without an integrity file', () => {
  const request = (bytes: Uint8Array): SegmentRequest => ({
    stream: { id: 'main-360p', type: 'main', isLive: false },
    segment: { id: '7', url: 'https://cdn.example/360p/seg-00007.ts', startTime: 14, duration: 2, expectedBytes: bytes.byteLength },
  });

  it('checks the exact size first, from expectedBytes or the byte range', async () => {
    const v = createSegmentVerifier();
    const base = { url: 'https://cdn.example/a.ts', segmentId: '1', streamId: 's' };
    assert.deepEqual(await v.verify({ ...base, bytes: ts1, expectedBytes: ts1.byteLength + 188 }), {
      ok: false, check: 'size', reason: `got ${ts1.byteLength} bytes, expected ${ts1.byteLength + 188}`,
    });
    const rangeResult = await v.verify({ ...base, bytes: ts1, byteRange: { start: 1000, end: 1000 + ts1.byteLength - 188 } });
    assert.ok(!rangeResult.ok && rangeResult.check === 'size');
    assert.equal((await v.verify({ ...base, bytes: ts1, expectedBytes: ts1.byteLength })).ok, true);
  });

  it('remembers a stream\'s container from origin bytes: unrecognisable bytes are rejected once the stream is known', async () => {
    const v = createSegmentVerifier();
    const unrecognisable = new Uint8Array(ts1.byteLength).fill(0x5a);
    const fresh = await v.verify({ url: 'u', segmentId: '1', streamId: 'other', bytes: unrecognisable });
    assert.deepEqual(fresh, { ok: true, method: 'unchecked', container: 'unknown' }, 'nothing known about any stream yet');
    // A peer's bytes teach nothing (issue 10): only the origin's do.
    assert.equal((await v.verify({ url: 'u', segmentId: '1', streamId: 'main', bytes: ts1 })).ok, true);
    assert.equal((await v.verify({ url: 'u', segmentId: '2', streamId: 'main', bytes: unrecognisable })).ok, true);
    v.learn({ streamId: 'main', bytes: ts1 });
    const result = await v.verify({ url: 'u', segmentId: '2', streamId: 'main', bytes: unrecognisable });
    assert.deepEqual(result, { ok: false, check: 'container', reason: 'stream carries mpeg-ts segments (learnt from the origin), these bytes are unknown' });
  });

  it('through the core hook (ids only, the segment looked up), the same checks run', async () => {
    const v = createSegmentVerifier();
    assert.deepEqual(await verifyAsCore(v, request(ts1), ts1), { ok: true, method: 'container', container: 'mpeg-ts' });
    assert.equal((await verifyAsCore(v, request(ts1), ts1.subarray(0, ts1.byteLength - 188))).ok, false);
  });

  it('runs the operator hook last, with the segment details, and it can reject', async () => {
    const seen: string[] = [];
    const v = createSegmentVerifier({
      validateSegment: ({ segmentId, streamId, bytes }) => {
        seen.push(`${streamId}/${segmentId}/${bytes.byteLength}`);
        return segmentId !== '7';
      },
    });
    const rejected = await verifyAsCore(v, request(ts1), ts1);
    assert.deepEqual(rejected, { ok: false, check: 'custom', reason: 'validateSegment rejected the segment' });
    const accepted = await v.verify({ url: 'u', segmentId: '8', streamId: 'main-360p', bytes: ts2 });
    assert.deepEqual(accepted, { ok: true, method: 'custom', container: 'mpeg-ts' });
    assert.deepEqual(seen, [`main-360p/7/${ts1.byteLength}`, `main-360p/8/${ts2.byteLength}`]);
    const broken = await v.verify({ url: 'u', segmentId: '9', streamId: 'main-360p', bytes: ts2.subarray(1) });
    assert.equal(broken.ok, false);
    assert.equal(seen.length, 2, 'the hook does not see bytes an earlier check rejected');
  });

  it('a throwing, hanging or non-boolean hook rejects the segment instead of crashing or hanging', async () => {
    const cases: [Parameters<typeof createSegmentVerifier>[0], RegExp][] = [
      [{ validateSegment: () => { throw new Error('boom'); } }, /validateSegment threw: boom/],
      [{ validateSegment: () => Promise.reject(new Error('async boom')) }, /threw: async boom/],
      [{ validateSegment: () => new Promise<boolean>(() => {}), validateTimeoutMs: 50 }, /did not settle within 50 ms/],
      [{ validateSegment: () => 'yes' as unknown as boolean }, /returned yes, expected a boolean/],
    ];
    for (const [options, reason] of cases) {
      const result = await createSegmentVerifier(options).verify({ url: 'u', segmentId: '1', streamId: 's', bytes: ts1 });
      assert.ok(!result.ok && result.check === 'custom', JSON.stringify(result));
      assert.match(result.reason, reason);
    }
  });

  it('the core\'s clock times a hanging validateSegment: rejected when the fake clock passes the timeout', async () => {
    const clock = new FakeClock();
    const v = createSegmentVerifier({ clock, validateSegment: () => new Promise<boolean>(() => {}), validateTimeoutMs: 5000 });
    let result: VerifyResult | undefined;
    void v.verify({ url: 'u', segmentId: '1', streamId: 's', bytes: ts1 }).then((verdict) => (result = verdict));
    await clock.advance(4999);
    assert.equal(result, undefined, 'still waiting for the hook');
    await clock.advance(1);
    assert.deepEqual(result, { ok: false, check: 'custom', reason: 'validateSegment did not settle within 5000 ms' });
    assert.equal(clock.pendingTimers, 0);
  });

  it('bad input and use after destroy() reject with a clear P2PError', async () => {
    const v = createSegmentVerifier();
    const base = { url: 'u', segmentId: '1', streamId: 's' };
    await assert.rejects(v.verify({ ...base, bytes: ts1, byteRange: { start: 10, end: 5 } }), { code: 'invalid-config', message: /byteRange/ });
    await assert.rejects(v.verify({ ...base, bytes: ts1, expectedBytes: -1 }), { code: 'invalid-config' });
    await assert.rejects(v.verify({ ...base, bytes: 'abc' as unknown as Uint8Array }), { code: 'invalid-config', message: /bytes must be/ });
    v.destroy();
    v.destroy();
    await assert.rejects(v.verify({ ...base, bytes: ts1 }), (error: unknown) => error instanceof P2PError && error.code === 'destroyed');
  });

  it('times verifying a 1 MiB segment (printed, not asserted)', async () => {
    const big = concatTs(samples.tsSegments, 1024 * 1024).subarray(0, 188 * 5578); // 1,048,664 bytes
    const v = createSegmentVerifier();
    const { webcrypto } = await import('node:crypto');
    const time = async (label: string, run: () => unknown) => {
      await run(); // warm-up
      const rounds = 20;
      const startMs = performance.now();
      for (let i = 0; i < rounds; i++) await run();
      console.log(`${label}: ${((performance.now() - startMs) / rounds).toFixed(2)} ms per ${big.byteLength} B segment`);
    };
    await time('sha256 (subtle crypto)', () => webcrypto.subtle.digest('SHA-256', big));
    await time('container check (MPEG-TS)', () => checkContainer(big));
    await time('verify() without hash (size + container)', () => v.verify({ url: 'u', segmentId: '1', streamId: 's', bytes: big }));
    const result = await v.verify({ url: 'u', segmentId: '1', streamId: 's', bytes: big, expectedBytes: big.byteLength });
    assert.deepEqual(result, { ok: true, method: 'container', container: 'mpeg-ts' });
  });
});
