import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startOrigin, DEFAULT_MEDIA_DIR, type OriginServer } from '../../../../tools/origin/origin-server.ts';

const T0 = Date.UTC(2030, 0, 1);
const SEGMENT_MS = 2000;
const VOD_SEGMENTS = 20;

function mediaSequence(playlist: string): number {
  return Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(playlist)?.[1]);
}
function segmentUris(playlist: string): string[] {
  return playlist.split('\n').filter((line) => line && !line.startsWith('#'));
}

describe('origin server: simulated live HLS', () => {
  let origin: OriginServer;
  let nowMs = T0;
  const get = (path: string) => fetch(origin.url + path);
  const playlist = async (path = '/live/hls-ts/360p/index.m3u8') => (await get(path)).text();

  before(async () => {
    origin = await startOrigin({ port: 0, liveWindowSegments: 6, now: () => nowMs });
  });
  after(() => origin.close());

  it('starts with a full window, no ENDLIST, unique segment URIs and program date times', async () => {
    const text = await playlist();
    assert.equal(mediaSequence(text), 0);
    assert.deepEqual(segmentUris(text), ['seg-0.ts', 'seg-1.ts', 'seg-2.ts', 'seg-3.ts', 'seg-4.ts', 'seg-5.ts']);
    assert.doesNotMatch(text, /ENDLIST|PLAYLIST-TYPE/);
    assert.match(text, /#EXT-X-PROGRAM-DATE-TIME:2029-12-31T23:59:48\.000Z\n#EXTINF:2\.000000,\nseg-0\.ts/);
  });

  it('advances one media sequence per target duration and 404s unpublished segments', async () => {
    assert.equal((await get('/live/hls-ts/360p/seg-6.ts')).status, 404);
    nowMs = T0 + SEGMENT_MS;
    const text = await playlist();
    assert.equal(mediaSequence(text), 1);
    assert.equal(segmentUris(text).at(-1), 'seg-6.ts');
    assert.equal((await get('/live/hls-ts/360p/seg-6.ts')).status, 200);
    assert.equal((await get('/live/hls-ts/360p/seg-7.ts')).status, 404);
  });

  it('loops over the VOD with a discontinuity at the loop point', async () => {
    nowMs = T0 + 17 * SEGMENT_MS; // newest segment: 22
    const text = await playlist();
    assert.equal(mediaSequence(text), 17);
    assert.match(text, /#EXT-X-DISCONTINUITY-SEQUENCE:0\n/);
    assert.match(text, /seg-19\.ts\n#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:[^\n]+\n#EXTINF:2\.000000,\nseg-20\.ts/);
    const live = Buffer.from(await (await get('/live/hls-ts/360p/seg-20.ts')).arrayBuffer());
    const vod = await readFile(`${DEFAULT_MEDIA_DIR}hls-ts/360p/seg-${String(20 % VOD_SEGMENTS).padStart(5, '0')}.ts`);
    assert.deepEqual(live, vod);

    nowMs = T0 + 20 * SEGMENT_MS; // window 20..25: the loop point is its first segment
    const later = await playlist();
    assert.match(later, /#EXT-X-DISCONTINUITY-SEQUENCE:1\n/);
    assert.doesNotMatch(later, /#EXT-X-DISCONTINUITY\n/);
  });

  it('serves fMP4 live with the init segment and counts each live segment by its own path', async () => {
    const text = await playlist('/live/hls-fmp4/180p/index.m3u8');
    assert.match(text, /#EXT-X-MAP:URI="init\.mp4"/);
    assert.match(segmentUris(text)[0], /^seg-\d+\.m4s$/);
    assert.equal((await get('/live/hls-fmp4/180p/init.mp4')).status, 200);
    origin.resetStats();
    await (await get(`/live/hls-fmp4/180p/${segmentUris(text)[0]}`)).arrayBuffer();
    const path = `/live/hls-fmp4/180p/${segmentUris(text)[0]}`;
    assert.equal(origin.stats().byPath[path].requests, 1);
    assert.ok(origin.stats().segmentBytes > 0);
  });

  it('gives a test its own timeline with ?start= on the master, carried to every URI', async () => {
    const master = await playlist(`/live/hls-ts/master.m3u8?start=${nowMs}`);
    const child = segmentUris(master)[0];
    assert.equal(child, `360p/index.m3u8?start=${nowMs}`);
    const text = await playlist(`/live/hls-ts/${child}`);
    assert.equal(mediaSequence(text), 0);
    assert.equal(segmentUris(text)[0], `seg-0.ts?start=${nowMs}`);
    assert.equal((await get(`/live/hls-ts/360p/seg-6.ts?start=${nowMs}`)).status, 404);
    assert.equal((await get(`/live/hls-ts/360p/seg-5.ts?start=${nowMs}`)).status, 200);
    assert.equal((await get('/live/hls-ts/360p/index.m3u8?start=soon')).status, 400);
  });

  it('has no live DASH', async () => {
    assert.equal((await get('/live/dash/manifest.mpd')).status, 404);
  });
});
