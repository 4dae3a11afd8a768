import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startOrigin, DEFAULT_MEDIA_DIR, type OriginServer } from '../../../../tools/origin/origin-server.ts';

const SEGMENT = '/vod/hls-ts/360p/seg-00001.ts';

describe('origin server: VOD', () => {
  let origin: OriginServer;
  let segmentFile: Buffer;
  before(async () => {
    origin = await startOrigin({ port: 0 });
    segmentFile = await readFile(`${DEFAULT_MEDIA_DIR}hls-ts/360p/seg-00001.ts`);
  });
  after(() => origin.close());
  beforeEach(() => {
    origin.setFault(null);
    origin.resetStats();
  });

  it('serves a playlist and a segment with CORS, no-store and content types, and counts their bytes', async () => {
    const playlist = await fetch(`${origin.url}/vod/hls-ts/master.m3u8`);
    assert.equal(playlist.status, 200);
    assert.equal(playlist.headers.get('content-type'), 'application/vnd.apple.mpegurl');
    assert.equal(playlist.headers.get('access-control-allow-origin'), '*');
    assert.equal(playlist.headers.get('cache-control'), 'no-store');
    const text = await playlist.text();
    assert.match(text, /CODECS="avc1\.4d401e,mp4a\.40\.2"/);

    const segment = await fetch(origin.url + SEGMENT);
    assert.equal(segment.headers.get('content-type'), 'video/mp2t');
    assert.match(segment.headers.get('access-control-expose-headers') ?? '', /Content-Range/);
    const body = Buffer.from(await segment.arrayBuffer());
    assert.deepEqual(body, segmentFile);

    const stats = origin.stats();
    assert.equal(stats.manifestRequests, 1);
    assert.equal(stats.manifestBytes, Buffer.byteLength(text));
    assert.equal(stats.segmentRequests, 1);
    assert.equal(stats.segmentBytes, segmentFile.length);
    assert.deepEqual(stats.byPath[SEGMENT], { bytes: segmentFile.length, requests: 1 });
  });

  it('answers Range requests with 206 and the right bytes, and 416 when unsatisfiable', async () => {
    const part = await fetch(origin.url + SEGMENT, { headers: { Range: 'bytes=100-199' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 100-199/${segmentFile.length}`);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), segmentFile.subarray(100, 200));

    const suffix = await fetch(origin.url + SEGMENT, { headers: { Range: 'bytes=-10' } });
    assert.equal(suffix.status, 206);
    assert.deepEqual(Buffer.from(await suffix.arrayBuffer()), segmentFile.subarray(-10));

    const outside = await fetch(origin.url + SEGMENT, { headers: { Range: `bytes=${segmentFile.length}-` } });
    assert.equal(outside.status, 416);
    assert.equal(outside.headers.get('content-range'), `bytes */${segmentFile.length}`);
    await outside.arrayBuffer();
    assert.equal(origin.stats().segmentBytes, 110, 'counts the bytes of the ranges sent, not the files');
  });

  it('counts segment traffic per client by the swarm-viewer token of the User-Agent', async () => {
    const ua = (id: string) => ({ headers: { 'user-agent': `Mozilla/5.0 swarm-viewer/${id}` } });
    await (await fetch(origin.url + SEGMENT, ua('3'))).arrayBuffer();
    await (await fetch(origin.url + SEGMENT, ua('3'))).arrayBuffer();
    await (await fetch(origin.url + SEGMENT, ua('7'))).arrayBuffer();
    await (await fetch(origin.url + SEGMENT)).arrayBuffer();
    const { byClient, segmentBytes } = origin.stats();
    assert.deepEqual(byClient, {
      '3': { segmentBytes: 2 * segmentFile.length, segmentRequests: 2 },
      '7': { segmentBytes: segmentFile.length, segmentRequests: 1 },
    });
    assert.equal(segmentBytes, 4 * segmentFile.length, 'requests without a token still count in the totals');
  });

  it('ignores query strings when mapping to files, and counts by path', async () => {
    const res = await fetch(`${origin.url}${SEGMENT}?token=abc&expires=1`);
    assert.equal(res.status, 200);
    assert.equal((await res.arrayBuffer()).byteLength, segmentFile.length);
    assert.equal(origin.stats().byPath[SEGMENT].requests, 1);
  });

  it('answers 404 for missing files and paths outside the media directory', async () => {
    assert.equal((await fetch(`${origin.url}/vod/hls-ts/nope.ts`)).status, 404);
    assert.equal((await fetch(`${origin.url}/vod/%2e%2e%2f%2e%2e%2fpackage.json`)).status, 400);
    assert.equal((await fetch(`${origin.url}/vod/hls-ts`)).status, 404);
  });

  it('answers CORS preflights allowing the Range header', async () => {
    const res = await fetch(origin.url + SEGMENT, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:1', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /range/i);
  });

  it('has helpers for bad input: an HTML "manifest", any status, no CORS', async () => {
    const html = await fetch(`${origin.url}/bad/not-a-manifest.m3u8`);
    assert.equal(html.status, 200);
    assert.match(await html.text(), /<html>/);
    assert.equal((await fetch(`${origin.url}/status/503/whatever.ts`)).status, 503);
    assert.equal((await fetch(`${origin.url}/status/999/x`)).status, 400);
    const noCors = await fetch(`${origin.url}/nocors/vod/hls-ts/master.m3u8`);
    assert.equal(noCors.status, 200);
    assert.equal(noCors.headers.get('access-control-allow-origin'), null);
    assert.match(await noCors.text(), /#EXTM3U/);
  });

  it('injects a status on segments only by default, and setFault(null) clears it', async () => {
    origin.setFault({ status: 503 });
    assert.equal((await fetch(origin.url + SEGMENT)).status, 503);
    assert.equal((await fetch(`${origin.url}/vod/hls-ts/master.m3u8`)).status, 200);
    origin.setFault({ status: 404, match: 'master' });
    assert.equal((await fetch(`${origin.url}/vod/hls-ts/master.m3u8`)).status, 404);
    assert.equal((await fetch(origin.url + SEGMENT)).status, 200);
    origin.setFault(null);
    assert.equal((await fetch(`${origin.url}/vod/hls-ts/master.m3u8`)).status, 200);
  });

  it('cuts the connection after dropAfterBytes and counts only what it sent', async () => {
    origin.setFault({ dropAfterBytes: 1000 });
    const res = await fetch(origin.url + SEGMENT);
    assert.equal(res.status, 200);
    await assert.rejects(res.arrayBuffer());
    assert.equal(origin.stats().segmentBytes, 1000);
    origin.setFault(null);
    assert.equal((await (await fetch(origin.url + SEGMENT)).arrayBuffer()).byteLength, segmentFile.length);
  });

  it('delays and drops CORS when told to', async () => {
    origin.setFault({ delayMs: 200, noCors: true });
    const startedMs = performance.now();
    const res = await fetch(origin.url + SEGMENT);
    await res.arrayBuffer();
    console.log(`# delayed segment answered after ${Math.round(performance.now() - startedMs)} ms (fault delayMs: 200)`);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('rejects invalid faults with a clear error', () => {
    assert.throws(() => origin.setFault({ status: 42 }), /fault\.status must be an integer HTTP status/);
    assert.throws(() => origin.setFault({ delayMs: -1 }), /fault\.delayMs must be a non-negative integer/);
    assert.throws(() => origin.setFault({ bogus: 1 } as never), /unknown field "bogus"/);
  });

  it('has control endpoints for browser tests: stats, reset, fault', async () => {
    await (await fetch(origin.url + SEGMENT)).arrayBuffer();
    const stats = await fetch(`${origin.url}/__origin/stats`);
    assert.equal(stats.headers.get('access-control-allow-origin'), '*');
    assert.equal((await stats.json()).segmentBytes, segmentFile.length);

    const fault = await fetch(`${origin.url}/__origin/fault`, { method: 'POST', body: JSON.stringify({ status: 500 }) });
    assert.equal(fault.status, 200);
    assert.equal((await fetch(origin.url + SEGMENT)).status, 500);
    const bad = await fetch(`${origin.url}/__origin/fault`, { method: 'POST', body: '{not json' });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /JSON/);
    await fetch(`${origin.url}/__origin/fault`, { method: 'POST', body: 'null' });
    assert.equal((await fetch(origin.url + SEGMENT)).status, 200);

    assert.equal((await fetch(`${origin.url}/__origin/reset`, { method: 'POST' })).status, 200);
    assert.deepEqual(origin.stats(), { segmentBytes: 0, segmentRequests: 0, manifestBytes: 0, manifestRequests: 0, byPath: {}, byClient: {} });
  });
});

describe('origin server: start-up', () => {
  it('says which port is taken instead of crashing', async () => {
    const origin = await startOrigin({ port: 0 });
    try {
      const port = Number(new URL(origin.url).port);
      await assert.rejects(startOrigin({ port }), /cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/);
    } finally {
      await origin.close();
      await origin.close();
    }
  });
});
