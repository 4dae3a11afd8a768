/**
 * Picks the playback engine for a source and loads its module on demand: a page that plays HLS
 * never downloads Shaka, and a DASH page never downloads hls.js.
 */
import type { EngineName, MediaLoader, MediaLoaderOptions } from './media-loader.js';

const DASH_CONTENT_TYPES = ['application/dash+xml', 'video/vnd.mpeg.dash.mpd'];
const HLS_CONTENT_TYPES = [
  'application/vnd.apple.mpegurl',
  'application/x-mpegurl',
  'audio/mpegurl',
  'audio/x-mpegurl',
  'video/x-mpegurl',
];

export interface SelectEngineOptions {
  /** The media URL (absolute or relative to the document). */
  src: string;
  /** An engine the page forces (`engine` attribute); returned as-is. */
  forced?: EngineName;
  /** A MIME type the page declares for `src` (wins over the URL's extension). */
  contentType?: string;
}

/** What kind of manifest `src` points at, from its content type or its path's extension. */
export function detectFormat({ src, contentType }: { src: string; contentType?: string }): 'dash' | 'hls' | 'unknown' {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  if (type && DASH_CONTENT_TYPES.includes(type)) return 'dash';
  if (type && HLS_CONTENT_TYPES.includes(type)) return 'hls';
  const path = pathOf(src).toLowerCase();
  if (path.endsWith('.mpd')) return 'dash';
  if (path.endsWith('.m3u8') || path.endsWith('.m3u')) return 'hls';
  return 'unknown';
}

/** True where hls.js and Shaka can play: Media Source Extensions, or Managed Media Source (iOS 17.1+). */
export function hasMediaSource(): boolean {
  return typeof globalThis.MediaSource === 'function' || typeof (globalThis as { ManagedMediaSource?: unknown }).ManagedMediaSource === 'function';
}

/**
 * The engine for a source: DASH → 'shaka'; HLS or an unknown extension → 'hls' where MSE (or
 * ManagedMediaSource) exists, else 'native' (which plays without P2P).
 */
export function selectEngine({ src, forced, contentType }: SelectEngineOptions): EngineName {
  if (forced) return forced;
  const format = detectFormat({ src, contentType });
  if (!hasMediaSource()) return 'native';
  if (format === 'dash') return 'shaka';
  if (format === 'hls') return 'hls';
  // A plain progressive file (`.mp4`, `.webm`) needs no engine at all.
  if (isProgressiveFile(src)) return 'native';
  return 'hls';
}

/**
 * Starts downloading an engine's modules, and the P2P core's when P2P is on, all at once and
 * without creating anything. Module imports are cached, so `createLoader()` then finds them
 * loaded: start-up does not pay a waterfall of loader → engine → core imports.
 */
export function preloadEngine(name: EngineName, withP2P: boolean): Promise<unknown> {
  const modules: Promise<unknown>[] = [];
  if (name === 'hls') modules.push(import('./hlsjs/hlsjs-loader.js'), import('hls.js'));
  // Shaka's own module directly, not through loadShaka(): that would request it only once the
  // loader's chunk has arrived (one more round trip); loadShaka() then finds it cached.
  if (name === 'shaka') modules.push(import('./shaka/shaka-loader.js'), import('shaka-player/dist/shaka-player.dash.js'));
  if (name === 'native') modules.push(import('./native/native-loader.js'));
  // A failed preload is reported by the real import in createLoader()/load(), not here.
  const engine = Promise.all(modules).catch(() => undefined);
  if (!withP2P || name === 'native') return engine;
  // The core's module after the engine's: requested together, it shares the page's connections
  // (six per origin over HTTP/1.1) and the main thread with the engine chunk and arrives first.
  return engine.then(() => import('../p2p/p2p-core.js')).catch(() => undefined);
}

/** Creates the loader of an engine, importing that engine's module only now. */
export async function createLoader(name: EngineName, options: MediaLoaderOptions): Promise<MediaLoader> {
  void preloadEngine(name, options.p2p !== undefined);
  switch (name) {
    case 'hls': {
      const { HlsJsLoader } = await import('./hlsjs/hlsjs-loader.js');
      return new HlsJsLoader(options);
    }
    case 'shaka': {
      const { ShakaLoader } = await import('./shaka/shaka-loader.js');
      return new ShakaLoader(options);
    }
    case 'native': {
      const { NativeLoader } = await import('./native/native-loader.js');
      return new NativeLoader(options);
    }
    default:
      throw new TypeError(`Unknown engine "${String(name)}": expected 'hls', 'shaka' or 'native'`);
  }
}

/** True for URLs of plain media files (`.mp4`, `.webm`, …) rather than manifests. */
export function isProgressiveFile(src: string): boolean {
  return /\.(mp4|m4v|webm|ogv|mov|mp3|m4a|ogg|wav)$/i.test(pathOf(src));
}

function pathOf(src: string): string {
  try {
    return new URL(src, globalThis.location?.href ?? 'http://localhost/').pathname;
  } catch {
    return src.split(/[?#]/)[0];
  }
}
