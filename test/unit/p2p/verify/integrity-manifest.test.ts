import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { P2PError } from '../../../../src/p2p/errors.js';
import { systemClock, type Clock } from '../../../../src/p2p/deps.js';
import { IntegrityManifest, type IntegrityManifestOptions } from '../../../../src/p2p/verify/integrity-manifest.js';
import { FakeClock, flush } from '../../../fakes/fake-clock.js';

/** The real timers with a hand-set `now()`, for the rate-limit tests. */
const clockReading = (now: () => number): Clock => ({ ...systemClock, now });
import { startHashFileServer, type HashFileServer } from './hash-file-server.js';

const HASH_1 = '1'.repeat(64);
const HASH_2 = '2'.repeat(64);

describe('IntegrityManifest against a real local HTTP server', () => {
  let server: HashFileServer;
  let path = 0;
  before(async () => {
    server = await startHashFileServer();
  });
  after(() => server.close());

  /** A fresh path per test, so hit counts are the test's own. */
  function servePath(answer: Parameters<HashFileServer['set']>[1]): string {
    const name = `/file-${++path}.json`;
    server.set(name, answer);
    return name;
  }

  function manifest(name: string, options: Partial<IntegrityManifestOptions> = {}) {
    const warnings: P2PError[] = [];
    const instance = new IntegrityManifest({
      url: server.origin + name,
      fetch: globalThis.fetch,
      onWarning: (error) => warnings.push(error),
      ...options,
    });
    return { instance, warnings };
  }

  it('fetches the file once and answers later lookups from the cache', async () => {
    const name = servePath(JSON.stringify({ 'seg-1.ts': HASH_1, 'seg-2.ts': HASH_2 }));
    const { instance, warnings } = manifest(name);
    const hashes = await Promise.all([
      instance.hashFor({ url: `${server.origin}/v/seg-1.ts` }),
      instance.hashFor({ url: `${server.origin}/v/seg-2.ts` }),
    ]);
    assert.deepEqual(hashes, [HASH_1, HASH_2]);
    assert.equal(await instance.hashFor({ url: 'seg-3.ts' }), undefined);
    assert.equal(server.hits.get(name), 1, 'VOD: a missing segment does not refetch');
    assert.deepEqual(warnings, []);
    instance.destroy();
  });

  it('live: refetches when a segment is missing, at most once per interval', async () => {
    const name = servePath(JSON.stringify({ 'seg-1.ts': HASH_1 }));
    let nowMs = 0;
    const { instance } = manifest(name, { minRefetchIntervalMs: 2000, clock: clockReading(() => nowMs) });
    assert.equal(await instance.hashFor({ url: 'seg-1.ts', isLive: true }), HASH_1);
    server.set(name, JSON.stringify({ 'seg-1.ts': HASH_1, 'seg-2.ts': HASH_2 }));
    nowMs = 500;
    assert.equal(await instance.hashFor({ url: 'seg-2.ts', isLive: true }), undefined, 'rate-limited: old copy');
    assert.equal(server.hits.get(name), 1);
    nowMs = 2500;
    assert.equal(await instance.hashFor({ url: 'seg-2.ts', isLive: true }), HASH_2);
    assert.equal(server.hits.get(name), 2);
    instance.destroy();
  });

  it('live: a failing refetch keeps the last good copy and warns once', async () => {
    const name = servePath(JSON.stringify({ 'seg-1.ts': HASH_1 }));
    let nowMs = 0;
    const { instance, warnings } = manifest(name, { minRefetchIntervalMs: 100, clock: clockReading(() => nowMs) });
    assert.equal(await instance.hashFor({ url: 'seg-1.ts', isLive: true }), HASH_1);
    server.set(name, { status: 503, body: 'busy' });
    for (const step of [1, 2, 3]) {
      nowMs = step * 1000;
      assert.equal(await instance.hashFor({ url: 'seg-9.ts', isLive: true }), undefined);
    }
    assert.equal(await instance.hashFor({ url: 'seg-1.ts', isLive: true }), HASH_1);
    assert.equal(server.hits.get(name), 4);
    assert.equal(warnings.length, 1, 'the same failure is reported once');
    assert.equal(warnings[0]!.code, 'integrity-file-invalid');
    assert.equal(warnings[0]!.status, 503);
    instance.destroy();
  });

  it('HTTP 404: a warning, no hash, and a retry only after the interval', async () => {
    let nowMs = 0;
    const { instance, warnings } = manifest('/missing.json', { minRefetchIntervalMs: 1000, clock: clockReading(() => nowMs) });
    assert.equal(await instance.hashFor({ url: 'seg-1.ts' }), undefined);
    assert.equal(await instance.hashFor({ url: 'seg-1.ts' }), undefined);
    assert.equal(server.hits.get('/missing.json'), 1);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, /answered HTTP 404/);
    server.set('/missing.json', JSON.stringify({ 'seg-1.ts': HASH_1 }));
    nowMs = 1000;
    assert.equal(await instance.hashFor({ url: 'seg-1.ts' }), HASH_1, 'recovers once the file appears');
    instance.destroy();
  });

  it('a malformed file: integrity-file-invalid warning naming the problem', async () => {
    const name = servePath(JSON.stringify({ 'seg-1.ts': 'not-a-hash' }));
    const { instance, warnings } = manifest(name);
    assert.equal(await instance.hashFor({ url: 'seg-1.ts' }), undefined);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.code, 'integrity-file-invalid');
    assert.match(warnings[0]!.message, /"seg-1.ts" is not a SHA-256/);
    instance.destroy();
  });

  it('times out a server that never answers', async () => {
    const name = servePath('hang');
    const { instance, warnings } = manifest(name, { timeoutMs: 150 });
    const startMs = performance.now();
    assert.equal(await instance.hashFor({ url: 'seg-1.ts' }), undefined);
    console.log(`timed-out lookup returned after ${(performance.now() - startMs).toFixed(0)} ms (timeout 150 ms)`);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, /timed out after 150 ms/);
    instance.destroy();
  });

  it('the core\'s clock times the fetch: a server that never answers times out when the fake clock says so', async () => {
    const name = servePath('hang');
    const clock = new FakeClock();
    // A long refetch interval: the lookup must not start a second (hanging) fetch after the timeout.
    const { instance, warnings } = manifest(name, { timeoutMs: 10_000, minRefetchIntervalMs: 60_000, clock });
    let hash: string | undefined | null = null;
    void instance.hashFor({ url: 'seg-1.ts' }).then((value) => (hash = value));
    while (server.hits.get(name) !== 1) await flush();
    await clock.advance(9_999);
    assert.equal(hash, null, 'still waiting');
    assert.deepEqual(warnings, []);
    await clock.advance(1);
    while (hash === null) await flush();
    assert.equal(hash, undefined);
    assert.match(warnings[0]!.message, /timed out after 10000 ms/);
    instance.destroy();
  });

  it('an invalid or non-http URL: a warning, never a fetch', async () => {
    for (const url of ['not a url', 'ftp://127.0.0.1/x.json', '/relative/segments-sha256.json']) {
      const warnings: P2PError[] = [];
      const instance = new IntegrityManifest({
        url,
        fetch: () => assert.fail('must not fetch'),
        onWarning: (error) => warnings.push(error),
      });
      assert.equal(await instance.hashFor({ url: 'seg-1.ts' }), undefined);
      assert.equal(await instance.hashFor({ url: 'seg-2.ts' }), undefined);
      assert.equal(warnings.length, 1, url);
      assert.equal(warnings[0]!.code, 'integrity-file-invalid');
      assert.match(warnings[0]!.message, /is not an absolute http\(s\) URL/);
    }
  });

  it('preload() fetches before the first lookup, which then needs no second request', async () => {
    const name = servePath(JSON.stringify({ 'seg-1.ts': HASH_1 }));
    const { instance } = manifest(name);
    instance.preload();
    instance.preload();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(server.hits.get(name), 1);
    assert.equal(await instance.hashFor({ url: 'seg-1.ts' }), HASH_1);
    assert.equal(server.hits.get(name), 1);
    instance.destroy();
  });

  it('destroy() aborts a running fetch without a warning; safe twice', async () => {
    const name = servePath('hang');
    const { instance, warnings } = manifest(name, { timeoutMs: 60_000 });
    const pending = instance.hashFor({ url: 'seg-1.ts' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    instance.destroy();
    instance.destroy();
    assert.equal(await pending, undefined);
    assert.deepEqual(warnings, []);
  });

  it('a throwing fetch or warning listener never turns a lookup into a rejection', async () => {
    const instance = new IntegrityManifest({
      url: `${server.origin}/any.json`,
      fetch: () => {
        throw new TypeError('fetch failed');
      },
      onWarning: () => {
        throw new Error('listener bug');
      },
    });
    assert.equal(await instance.hashFor({ url: 'seg-1.ts' }), undefined);
    instance.destroy();
  });
});
