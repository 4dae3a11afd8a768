// The committed sample streams (scripts/make-samples.sh): every playlist points at files that exist.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_MEDIA_DIR } from '../../../../tools/origin/origin-server.ts';
import { isMasterPlaylist, parseHlsMediaPlaylist } from '../../../../tools/origin/hls-media-playlist.ts';

const uriLines = (text: string) => text.split('\n').filter((line) => line && !line.startsWith('#'));

function checkHlsMaster(masterPath: string, codec: RegExp): number {
  const master = readFileSync(masterPath, 'utf8');
  assert.ok(isMasterPlaylist(master), `${masterPath} is a master playlist`);
  const variants = master.split('\n').filter((line) => line.startsWith('#EXT-X-STREAM-INF:'));
  assert.equal(variants.length, 2, 'two renditions');
  for (const variant of variants) {
    assert.match(variant, /BANDWIDTH=\d+/);
    assert.match(variant, /RESOLUTION=(640x360|320x180)/);
    assert.match(variant, codec);
  }
  let segments = 0;
  for (const uri of uriLines(master)) {
    const mediaPath = resolve(dirname(masterPath), uri);
    const playlist = parseHlsMediaPlaylist(readFileSync(mediaPath, 'utf8'), mediaPath);
    assert.equal(playlist.targetDurationSec, 2);
    assert.match(readFileSync(mediaPath, 'utf8'), /#EXT-X-PLAYLIST-TYPE:VOD[\s\S]*#EXT-X-ENDLIST/);
    for (const file of [playlist.mapUri, ...playlist.segments.map((s) => s.uri)].filter(Boolean) as string[]) {
      assert.ok(existsSync(resolve(dirname(mediaPath), file)), `${file} of ${mediaPath} exists`);
    }
    const totalSec = playlist.segments.reduce((sum, s) => sum + s.durationSec, 0);
    assert.ok(Math.abs(totalSec - 40) < 0.1, `${mediaPath} lasts 40 s, not ${totalSec}`);
    segments += playlist.segments.length;
  }
  return segments;
}

describe('sample media', () => {
  it('hls-ts: two H.264 + AAC renditions of 2 s MPEG-TS segments', () => {
    assert.equal(checkHlsMaster(join(DEFAULT_MEDIA_DIR, 'hls-ts/master.m3u8'), /CODECS="avc1\.4d401e,mp4a\.40\.2"/), 40);
  });

  it('hls-fmp4: the same with fMP4 segments and init segments', () => {
    assert.equal(checkHlsMaster(join(DEFAULT_MEDIA_DIR, 'hls-fmp4/master.m3u8'), /CODECS="avc1\.4d401e,mp4a\.40\.2"/), 40);
  });

  it('hls-hevc: declares HEVC and points at the hls-ts media playlists', () => {
    const master = join(DEFAULT_MEDIA_DIR, 'hls-hevc/master.m3u8');
    assert.equal(checkHlsMaster(master, /CODECS="hvc1\.1\.6\.L93\.B0,mp4a\.40\.2"/), 40);
    assert.ok(uriLines(readFileSync(master, 'utf8')).every((uri) => uri.startsWith('../hls-ts/')));
  });

  it('dash: every representation has its init segment and all its numbered segments', () => {
    const mpd = readFileSync(join(DEFAULT_MEDIA_DIR, 'dash/manifest.mpd'), 'utf8');
    assert.match(mpd, /mediaPresentationDuration="PT40(\.0)?S"/);
    const ids = [...mpd.matchAll(/<Representation id="([^"]+)"[^>]*codecs="([^"]+)"/g)];
    assert.deepEqual(ids.map((m) => m[2]).sort(), ['avc1.4d401e', 'avc1.4d401e', 'mp4a.40.2']);
    for (const [, id] of ids) {
      assert.ok(existsSync(join(DEFAULT_MEDIA_DIR, `dash/init-${id}.m4s`)), `init of representation ${id}`);
      for (let n = 1; n <= 20; n++) {
        const chunk = join(DEFAULT_MEDIA_DIR, `dash/chunk-${id}-${String(n).padStart(5, '0')}.m4s`);
        assert.ok(existsSync(chunk), `${chunk} exists`);
      }
    }
  });

  it('stays small enough to commit', () => {
    const sizeOf = (dir: string): number =>
      readdirSync(dir, { withFileTypes: true }).reduce(
        (sum, entry) => sum + (entry.isDirectory() ? sizeOf(join(dir, entry.name)) : statSync(join(dir, entry.name)).size),
        0,
      );
    const totalBytes = sizeOf(DEFAULT_MEDIA_DIR);
    console.log(`# media/ holds ${(totalBytes / 1e6).toFixed(2)} MB`);
    assert.ok(totalBytes < 9e6, `media/ is ${totalBytes} bytes`);
  });
});
