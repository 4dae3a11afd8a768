/**
 * Swarm and rendition identity. Viewers meet when they watch the same manifest, whatever token
 * or CDN query string their URL carries; renditions are identified by what they are, not by
 * their position in a manifest (which can differ between packagers and manifest reloads).
 */

import { platform, type UrlLike } from './util/platform.js';

/** Properties that identify a rendition (HLS variant / DASH representation). */
export interface RenditionProperties {
  /** Video or audio: subtitles and other text tracks stay with the player's own loader. */
  type: 'main' | 'audio';
  /** Bits per second as the manifest declares it. */
  bitrate?: number;
  width?: number;
  height?: number;
  codecs?: string;
  lang?: string;
}

/**
 * The swarm id of a manifest: its URL without query string and fragment, unless `override`
 * (the element's `swarm` attribute) is given. Throws `TypeError` on an unparsable URL.
 */
export function deriveSwarmId(manifestUrl: string, override?: string): string {
  if (override !== undefined && override.trim() !== '') return override.trim();
  let url: UrlLike;
  try {
    url = new platform.URL(manifestUrl);
  } catch (error) {
    throw new TypeError(`deriveSwarmId: not an absolute URL: ${JSON.stringify(manifestUrl)}`, { cause: error });
  }
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * A stable key for a rendition from its properties: the same rendition listed at another index
 * (or with codecs in another order/case) gets the same key.
 */
export function renditionKey({ type, bitrate, width, height, codecs, lang }: RenditionProperties): string {
  const codecList = (codecs ?? '')
    .split(',')
    .map((codec) => codec.trim().toLowerCase())
    .filter(Boolean)
    .sort()
    .join('+');
  const size = width || height ? `${width ?? 0}x${height ?? 0}` : '';
  const parts = [type, size, bitrate ? String(Math.round(bitrate)) : '', codecList, (lang ?? '').toLowerCase()];
  return parts.join('|');
}
