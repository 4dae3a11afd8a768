/**
 * Real segments for the verify tests: the committed sample streams in media/ (scripts/make-samples.sh)
 * when present, otherwise a short stream ffmpeg makes into a temp dir. ADTS audio is a committed
 * fixture (no sample stream carries packed audio): `ffmpeg -f lavfi -i sine=frequency=440 -t 2
 * -c:a aac -f adts test/fixtures/sine-440hz-2s.aac`, so the unit tests need no ffmpeg.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SampleSegments {
  /** Where the video segments came from: 'media/' or 'ffmpeg'. */
  source: string;
  tsSegments: Uint8Array[];
  fmp4Init: Uint8Array;
  fmp4Segments: Uint8Array[];
  /** DASH init segments and media segments of every representation. */
  dashInits: Uint8Array[];
  dashSegments: Uint8Array[];
  adts: Uint8Array;
}

const MEDIA = new URL('../../../../media/', import.meta.url).pathname;
let cached: SampleSegments | undefined;

export function loadSampleSegments(): SampleSegments {
  cached ??= existsSync(join(MEDIA, 'hls-ts/360p/seg-00000.ts')) ? fromMediaDir() : fromFfmpeg();
  return cached;
}

/** MPEG-TS segments concatenated to at least `minBytes` (still a valid transport stream). */
export function concatTs(segments: readonly Uint8Array[], minBytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let i = 0; total < minBytes; i++) {
    const part = segments[i % segments.length]!;
    parts.push(part);
    total += part.byteLength;
  }
  return new Uint8Array(Buffer.concat(parts));
}

function fromMediaDir(): SampleSegments {
  const dash = join(MEDIA, 'dash');
  return {
    source: 'media/',
    tsSegments: filesIn(join(MEDIA, 'hls-ts/360p'), /\.ts$/),
    fmp4Init: read(join(MEDIA, 'hls-fmp4/360p/init.mp4')),
    fmp4Segments: filesIn(join(MEDIA, 'hls-fmp4/360p'), /\.m4s$/),
    dashInits: filesIn(dash, /^init-.*\.m4s$/),
    dashSegments: filesIn(dash, /^chunk-.*\.m4s$/).slice(0, 12),
    adts: makeAdts(),
  };
}

function fromFfmpeg(): SampleSegments {
  const dir = mkdtempSync(join(tmpdir(), 'verify-samples-'));
  try {
    const source = ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '4'];
    const codecs = ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-sc_threshold', '0', '-c:a', 'aac'];
    ffmpeg([...source, ...codecs, '-f', 'hls', '-hls_time', '1', '-hls_segment_filename', join(dir, 'ts-%d.ts'), join(dir, 'ts.m3u8')]);
    ffmpeg([...source, ...codecs, '-f', 'hls', '-hls_time', '1', '-hls_segment_type', 'fmp4',
      '-hls_fmp4_init_filename', 'init.mp4', '-hls_segment_filename', join(dir, 'f-%d.m4s'), join(dir, 'f.m3u8')]);
    ffmpeg([...source, ...codecs, '-f', 'dash', '-seg_duration', '1', '-init_seg_name', 'init-$RepresentationID$.m4s',
      '-media_seg_name', 'chunk-$RepresentationID$-$Number%05d$.m4s', join(dir, 'manifest.mpd')]);
    return {
      source: 'ffmpeg',
      tsSegments: filesIn(dir, /^ts-.*\.ts$/),
      fmp4Init: read(join(dir, 'init.mp4')),
      fmp4Segments: filesIn(dir, /^f-.*\.m4s$/),
      dashInits: filesIn(dir, /^init-.*\.m4s$/),
      dashSegments: filesIn(dir, /^chunk-.*\.m4s$/),
      adts: makeAdts(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ADTS_FIXTURE = new URL('../../../fixtures/sine-440hz-2s.aac', import.meta.url).pathname;

function makeAdts(): Uint8Array {
  return read(ADTS_FIXTURE);
}

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'pipe' });
}

function filesIn(dir: string, pattern: RegExp): Uint8Array[] {
  const names = readdirSync(dir).filter((name) => pattern.test(name)).sort();
  if (names.length === 0) throw new Error(`no files matching ${pattern} in ${dir}`);
  return names.map((name) => read(join(dir, name)));
}

function read(path: string): Uint8Array {
  const buffer = readFileSync(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
