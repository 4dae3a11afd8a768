/**
 * The `/live/<sample>/…` routes of the local origin: HLS VOD samples replayed as a never-ending
 * live stream (see live-hls-window.ts for the timeline).
 *
 * - `master.m3u8` (any master playlist): the VOD's, as is.
 * - a media playlist: the live sliding window; segment URIs are `seg-<mediaSequence>.<ext>`.
 * - `seg-<n>.<ext>`: the VOD segment `n % count` of the media playlist in that directory, 404 until
 *   it is published.
 * - anything else (init segments): the VOD file.
 *
 * `?start=<epochMs>` on any of them sets when the live window first became full (default: when the
 * origin started). Given on the master, it is carried into the media playlist and segment URIs, so
 * a test gets its own fresh timeline.
 */
import { readdir, readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { isMasterPlaylist, parseHlsMediaPlaylist, type HlsMediaPlaylist } from './hls-media-playlist.ts';
import { LiveHlsWindow } from './live-hls-window.ts';
import { mediaFileAnswer, mediaFilePath } from './media-path.ts';
import { bufferSource, contentTypeFor, type OriginAnswer } from './origin-response.ts';

export interface LiveHlsOriginOptions {
  mediaDir: string;
  windowSegments: number;
  /** Default start of every live timeline (epoch ms). */
  startMs: number;
}

export interface LiveRequest {
  /** Path after `/live/`, still percent-encoded: `hls-ts/360p/index.m3u8`. */
  path: string;
  query: URLSearchParams;
  nowMs: number;
}

const SEGMENT_PATH = /^(.*\/)?seg-(\d+)(\.[A-Za-z0-9]+)$/;

export class LiveHlsOrigin {
  readonly #options: LiveHlsOriginOptions;
  readonly #texts = new Map<string, Promise<string>>();

  constructor(options: LiveHlsOriginOptions) {
    this.#options = options;
  }

  async answer(request: LiveRequest): Promise<OriginAnswer> {
    const startParam = request.query.get('start');
    if (startParam !== null && !/^\d{1,16}$/.test(startParam)) {
      return { kind: 'error', status: 400, text: `start must be an epoch time in ms, got "${startParam}"\n` };
    }
    const startMs = startParam === null ? this.#options.startMs : Number(startParam);
    const startQuery = startParam === null ? '' : `?start=${startMs}`;
    const { path } = request;
    const segment = SEGMENT_PATH.exec(path);
    if (segment) {
      const [, dir = '', sequence, ext] = segment;
      return this.#segment({ dir, mediaSequence: Number(sequence), ext, startMs, nowMs: request.nowMs });
    }
    if (/\.mpd$/i.test(path)) return { kind: 'error', status: 404, text: 'live is simulated for the HLS samples only\n' };
    if (!/\.m3u8$/i.test(path)) return mediaFileAnswer(this.#options.mediaDir, path);
    const text = await this.#text(path);
    if (text === null) return { kind: 'error', status: 404, text: `no such playlist: ${path}\n` };
    const body = isMasterPlaylist(text)
      ? withQueryOnUris(text, startQuery)
      : this.#window(parseHlsMediaPlaylist(text, path), startMs).render(request.nowMs, startQuery);
    return { kind: 'body', source: bufferSource(body), contentType: contentTypeFor(path) };
  }

  async #segment(at: { dir: string; mediaSequence: number; ext: string; startMs: number; nowMs: number }): Promise<OriginAnswer> {
    const playlist = await this.#mediaPlaylistIn(at.dir);
    if (!playlist) return { kind: 'error', status: 404, text: `no media playlist in ${at.dir || '/'}\n` };
    const window = this.#window(playlist, at.startMs);
    if (!window.isPublished(at.mediaSequence, at.nowMs)) {
      const edge = window.lastPublishedSequence(at.nowMs);
      return { kind: 'error', status: 404, text: `segment ${at.mediaSequence} is not published yet (live edge: ${edge})\n` };
    }
    const vod = window.vodSegmentFor(at.mediaSequence);
    if (posix.extname(vod.uri.split('?')[0]) !== at.ext) {
      return { kind: 'error', status: 404, text: `segment ${at.mediaSequence} is a ${posix.extname(vod.uri)} file\n` };
    }
    return mediaFileAnswer(this.#options.mediaDir, at.dir + vod.uri.split('?')[0]);
  }

  #window(playlist: HlsMediaPlaylist, startMs: number): LiveHlsWindow {
    return new LiveHlsWindow({ playlist, windowSegments: this.#options.windowSegments, startMs });
  }

  /** The first (by name) media playlist in `dir`, which the `seg-<n>` URIs there refer to. */
  async #mediaPlaylistIn(dir: string): Promise<HlsMediaPlaylist | null> {
    const fullDir = mediaFilePath(this.#options.mediaDir, dir || '.');
    if (!fullDir) return null;
    const names = await readdir(fullDir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.m3u8')).sort()) {
      const text = await this.#text(dir + name);
      if (text !== null && !isMasterPlaylist(text)) return parseHlsMediaPlaylist(text, dir + name);
    }
    return null;
  }

  /** Playlist text (cached: the media directory does not change while serving), or null. */
  async #text(path: string): Promise<string | null> {
    const file = mediaFilePath(this.#options.mediaDir, path);
    if (!file) return null;
    let pending = this.#texts.get(file);
    if (!pending) {
      pending = readFile(file, 'utf8');
      this.#texts.set(file, pending);
      pending.catch(() => this.#texts.delete(file));
    }
    return pending.catch(() => null);
  }
}

/** Appends `query` to every URI of a master playlist (variant lines and `URI="…"` attributes). */
function withQueryOnUris(text: string, query: string): string {
  if (!query) return text;
  const add = (uri: string) => (uri.includes('?') ? `${uri}&${query.slice(1)}` : uri + query);
  return text
    .split('\n')
    .map((line) => {
      const trimmed = line.trim();
      if (trimmed && !trimmed.startsWith('#')) return add(trimmed);
      return line.replace(/URI="([^"]+)"/g, (_, uri: string) => `URI="${add(uri)}"`);
    })
    .join('\n');
}
