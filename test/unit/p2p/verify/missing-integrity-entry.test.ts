/**
 * Issue 10 hole 2: with an integrity file configured, a segment without an entry (the live edge,
 * a new rendition) let random bytes through. It now gets the container and timing checks learnt
 * from the origin, and with `requireIntegrity` it is never accepted from a peer.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createSegmentVerifier } from '../../../../src/p2p/verify/index.js';
import { startHashFileServer, type HashFileServer } from './hash-file-server.js';

const MEDIA = new URL('../../../../media/', import.meta.url).pathname;
const seg = (rendition: string, n: number) => new Uint8Array(readFileSync(`${MEDIA}hls-ts/${rendition}/seg-0000${n}.ts`));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('a segment the integrity file does not list (issue 10 hole 2)', () => {
  let server: HashFileServer;
  before(async () => {
    server = await startHashFileServer();
    server.set('/hls/segments-sha256.json', JSON.stringify({ '360p/seg-00000.ts': sha256(seg('360p', 0)), '180p/seg-00000.ts': sha256(seg('180p', 0)) }));
  });
  after(() => server.close());
  const input = (rendition: string, n: number, bytes: Uint8Array) => ({
    url: `${server.origin}/hls/${rendition}/seg-0000${n}.ts`, segmentId: String(n), streamId: rendition, startTime: 2 * n, duration: 2, isLive: true, bytes,
  });

  it('regression: random bytes without an entry are rejected once the origin served the stream', async () => {
    const v = createSegmentVerifier({ integrityUrl: `${server.origin}/hls/segments-sha256.json`, integrityRefetchIntervalMs: 0 });
    v.learn({ streamId: '360p', startTime: 0, duration: 2, bytes: seg('360p', 0) });
    let passed = 0;
    for (let i = 0; i < 200; i++) if ((await v.verify(input('360p', 1, new Uint8Array(randomBytes(4096))))).ok) passed += 1;
    assert.equal(passed, 0);
    assert.deepEqual(await v.verify(input('360p', 1, seg('360p', 1))), { ok: true, method: 'container', container: 'mpeg-ts' });
    assert.equal((await v.verify(input('360p', 1, seg('360p', 2)))).ok, false, 'a replay of another segment');
    v.destroy();
  });

  it('regression: the same file name in two rendition folders is checked against each folder\'s hash (honest peers accepted)', async () => {
    const v = createSegmentVerifier({ integrityUrl: `${server.origin}/hls/segments-sha256.json` });
    assert.deepEqual(await v.verify(input('360p', 0, seg('360p', 0))), { ok: true, method: 'sha256' });
    assert.deepEqual(await v.verify(input('180p', 0, seg('180p', 0))), { ok: true, method: 'sha256' });
    assert.equal((await v.verify(input('360p', 0, seg('180p', 0)))).ok, false);
    v.destroy();
  });

  it('regression: with requireIntegrity a segment without an entry is never accepted from a peer', async () => {
    const v = createSegmentVerifier({ integrityUrl: `${server.origin}/hls/segments-sha256.json`, requireIntegrity: true, integrityRefetchIntervalMs: 0 });
    v.learn({ streamId: '360p', startTime: 0, duration: 2, bytes: seg('360p', 0) });
    const honestButUnlisted = await v.verify(input('360p', 1, seg('360p', 1)));
    assert.deepEqual(honestButUnlisted, { ok: false, check: 'integrity', reason: 'the integrity file has no entry for this segment (requireIntegrity)' });
    assert.deepEqual(await v.verify(input('360p', 0, seg('360p', 0))), { ok: true, method: 'sha256' });
    v.destroy();
  });
});
