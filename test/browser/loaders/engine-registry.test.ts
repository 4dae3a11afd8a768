import { createLoader, detectFormat, selectEngine } from '../../../src/loaders/engine-registry.js';
import type { MediaLoaderOptions } from '../../../src/loaders/media-loader.js';
import { assert, assertEqual } from './loader-test-helpers.js';

describe('engine registry', () => {
  it('selects Shaka for DASH and hls.js for HLS where MSE exists', () => {
    assertEqual(selectEngine({ src: 'https://cdn.example/a/manifest.mpd?token=1' }), 'shaka', '.mpd');
    assertEqual(selectEngine({ src: 'https://cdn.example/a/master.m3u8#t=3' }), 'hls', '.m3u8');
    assertEqual(selectEngine({ src: '/relative/MASTER.M3U8' }), 'hls', 'relative, upper case');
    assertEqual(selectEngine({ src: 'https://cdn.example/play?id=1', contentType: 'application/dash+xml' }), 'shaka', 'DASH content type');
    assertEqual(selectEngine({ src: 'https://cdn.example/play?id=1', contentType: 'application/vnd.apple.mpegurl; charset=utf-8' }), 'hls', 'HLS content type');
    assertEqual(selectEngine({ src: 'https://cdn.example/play?id=1' }), 'hls', 'unknown extension: try hls.js');
    assertEqual(selectEngine({ src: 'https://cdn.example/movie.mp4' }), 'native', 'progressive file');
  });

  it('returns a forced engine as-is', () => {
    assertEqual(selectEngine({ src: 'https://cdn.example/a/manifest.mpd', forced: 'native' }), 'native', 'forced native on DASH');
    assertEqual(selectEngine({ src: 'https://cdn.example/a/master.m3u8', forced: 'shaka' }), 'shaka', 'forced shaka on HLS');
  });

  it('falls back to the native player where no MediaSource exists (old iOS Safari)', () => {
    const g = globalThis as Record<string, unknown>;
    const saved = { MediaSource: g.MediaSource, ManagedMediaSource: g.ManagedMediaSource };
    try {
      g.MediaSource = undefined;
      g.ManagedMediaSource = undefined;
      assertEqual(selectEngine({ src: 'https://cdn.example/a/master.m3u8' }), 'native', 'no MSE, HLS');
      g.ManagedMediaSource = function ManagedMediaSource() {};
      assertEqual(selectEngine({ src: 'https://cdn.example/a/master.m3u8' }), 'hls', 'ManagedMediaSource only (iOS 17.1+)');
    } finally {
      g.MediaSource = saved.MediaSource;
      g.ManagedMediaSource = saved.ManagedMediaSource;
    }
  });

  it('detects formats by path, not query', () => {
    assertEqual(detectFormat({ src: 'https://x/y.m3u8?next=z.mpd' }), 'hls', 'query ignored');
    assertEqual(detectFormat({ src: 'not a url at all' }), 'unknown', 'garbage');
  });

  it('createLoader rejects an unknown engine name with a TypeError', async () => {
    const options = { video: document.createElement('video'), src: 'x.m3u8', emit: () => undefined } as MediaLoaderOptions;
    let thrown: unknown;
    try {
      await createLoader('flash' as never, options);
    } catch (error) {
      thrown = error;
    }
    assert(thrown instanceof TypeError && /flash/.test(thrown.message), `TypeError naming the engine (got ${String(thrown)})`);
  });
});
