import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { SegmentRequest } from '../../../../src/p2p/segment.js';
import { createCoreVerifyHook, createSegmentVerifier, type VerifyResult } from '../../../../src/p2p/verify/index.js';
import { startHashFileServer, type HashFileServer } from './hash-file-server.js';
import { loadSampleSegments } from './sample-segments.js';

const [ts1, ts2] = loadSampleSegments().tsSegments as [Uint8Array, Uint8Array];

describe('createCoreVerifyHook: the core hook (ids only) backed by the stream registry', () => {
  let server: HashFileServer;
  before(async () => {
    server = await startHashFileServer();
    server.set('/segments-sha256.json', JSON.stringify({ 'seg-1.ts': createHash('sha256').update(ts1).digest('hex') }));
  });
  after(() => server.close());

  const segments = new Map<string, SegmentRequest>([
    ['main/1', {
      stream: { id: 'main', type: 'main', isLive: false },
      segment: { id: '1', url: 'https://cdn.example/360p/seg-1.ts', startTime: 0, duration: 2 },
    }],
  ]);

  it('looks the URL up by ids, checks the hash, and reports every verdict', async () => {
    const verdicts: VerifyResult[] = [];
    const verifier = createSegmentVerifier({ integrityUrl: `${server.origin}/segments-sha256.json` });
    const hook = createCoreVerifyHook({
      verifier,
      lookupSegment: (streamId, segmentId) => segments.get(`${streamId}/${segmentId}`),
      onResult: (_request, result) => verdicts.push(result),
    });
    assert.equal(await hook({ streamId: 'main', segmentId: '1' }, ts1), true);
    assert.equal(await hook({ streamId: 'main', segmentId: '1' }, ts2), false, 'valid TS, wrong bytes for this segment');
    assert.equal(await hook({ streamId: 'main', segmentId: '99' }, ts2), true, 'unknown segment: container check only');
    assert.equal(await hook({ streamId: 'main', segmentId: '1', expectedBytes: 5 }, ts1), false);
    assert.deepEqual(verdicts.map((v) => (v.ok ? v.method : v.check)), ['sha256', 'sha256', 'container', 'size']);
    verifier.destroy();
    assert.equal(await hook({ streamId: 'main', segmentId: '1' }, ts1), false, 'a destroyed verifier resolves false');
    assert.match((verdicts.at(-1) as { reason: string }).reason, /destroyed/);
  });
});
