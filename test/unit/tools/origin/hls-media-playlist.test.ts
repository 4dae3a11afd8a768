import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isMasterPlaylist, parseHlsMediaPlaylist } from '../../../../tools/origin/hls-media-playlist.ts';

describe('parseHlsMediaPlaylist', () => {
  it('reads version, target duration, init segment and segments', () => {
    const text = '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:2.000000,\na.m4s\n#EXTINF:1.5,\nb.m4s\n#EXT-X-ENDLIST\n';
    assert.deepEqual(parseHlsMediaPlaylist(text), {
      version: 7,
      targetDurationSec: 2,
      mapUri: 'init.mp4',
      segments: [{ durationSec: 2, uri: 'a.m4s' }, { durationSec: 1.5, uri: 'b.m4s' }],
    });
    assert.equal(isMasterPlaylist(text), false);
  });

  it('says what is wrong with a bad playlist', () => {
    assert.throws(() => parseHlsMediaPlaylist('<html></html>', 'x.m3u8'), /x\.m3u8: not an HLS playlist/);
    assert.throws(() => parseHlsMediaPlaylist('#EXTM3U\n#EXTINF:2,\na.ts\n'), /no valid #EXT-X-TARGETDURATION/);
    assert.throws(() => parseHlsMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:2\n'), /no segments/);
    assert.throws(() => parseHlsMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:2\na.ts\n'), /segment "a\.ts" has no valid #EXTINF/);
  });
});
