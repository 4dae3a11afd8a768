/**
 * Swarm and rendition identity. Viewers meet when they watch the same manifest, whatever token
 * or CDN query string their URL carries; renditions are identified by what they are, not by
 * their position in a manifest (which can differ between packagers and manifest reloads).
 * When in doubt an id keeps a property: two swarms for one content cost some sharing, one swarm
 * for two contents plays the wrong pictures (until verification catches it).
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
  /** HLS `NAME` / Shaka `label`: "Main", "Audio description", "Director's commentary". */
  name?: string;
  /** HLS `GROUP-ID` / Shaka `groupId`: the same language may come in several groups (e.g. per bitrate ladder). */
  groupId?: string;
  /** HLS `CHARACTERISTICS` / DASH roles (`public.accessibility.describes-video`, `main`, `commentary`), any order. */
  characteristics?: string | readonly string[];
}

/**
 * Query parameters that authorise or bust caches but never select content (CDN tokens, signed
 * URLs): the swarm id drops them so tokenized URLs of one manifest meet. Every other parameter
 * stays in the id: `play.m3u8?v=123` and `?v=456` may be different videos.
 */
const NON_CONTENT_PARAMS: ReadonlySet<string> = new Set([
  'token', 'tok', 'auth', 'auth_key', 'authtoken', 'access_token', 'jwt', 'key', 'apikey', 'api_key',
  'exp', 'expires', 'expiry', 'e', 'st', 'sig', 'signature', 'hash', 'md5', 'hmac', 'hdnts', 'hdnea',
  'policy', 'key-pair-id', 'session', 'sessionid', 'sid', 'uid', 'user', 'ts', 'timestamp', 't0', 'nonce',
  'cb', 'cachebuster', '_', 'rand', 'random',
]);

function isNonContentParam(name: string): boolean {
  const lower = name.toLowerCase();
  return NON_CONTENT_PARAMS.has(lower) || lower.startsWith('x-amz-') || lower.startsWith('utm_');
}

/**
 * The swarm id of a manifest, unless `override` (the element's `swarm` attribute) is given: its
 * URL without fragment and without the query parameters that only authorise (tokens, signatures,
 * expiry; see `NON_CONTENT_PARAMS`); the others are kept, sorted, because they may select the
 * content. A page whose token parameter has another name gets one swarm per viewer: set `swarm`.
 * Throws `TypeError` on an unparsable URL.
 */
export function deriveSwarmId(manifestUrl: string, override?: string): string {
  if (override !== undefined && override.trim() !== '') return override.trim();
  let url: UrlLike;
  try {
    url = new platform.URL(manifestUrl);
  } catch (error) {
    throw new TypeError(`deriveSwarmId: not an absolute URL: ${JSON.stringify(manifestUrl)}`, { cause: error });
  }
  const base = `${url.protocol}//${url.host}${url.pathname}`;
  const query = url.href.split('#', 1)[0]!.split('?').slice(1).join('?');
  const kept = contentParams(query);
  return kept === '' ? base : `${base}?${kept}`;
}

/** The content-selecting parameters of a query string, sorted and re-encoded. */
function contentParams(query: string): string {
  const pairs: string[] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const [rawName = '', ...rest] = part.split('=');
    const name = safeDecode(rawName.replace(/\+/g, ' '));
    if (isNonContentParam(name)) continue;
    const value = safeDecode(rest.join('=').replace(/\+/g, ' '));
    pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  }
  return pairs.sort().join('&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A stable key for a rendition from its properties: the same rendition listed at another index
 * (or with codecs or characteristics in another order/case) gets the same key. Audio tracks of one
 * language and codec differ by NAME / GROUP-ID / CHARACTERISTICS (main vs audio description).
 */
export function renditionKey(properties: RenditionProperties): string {
  const { type, bitrate, width, height, codecs, lang, name, groupId, characteristics } = properties;
  const size = width || height ? `${width ?? 0}x${height ?? 0}` : '';
  const parts = [type, size, bitrate ? String(Math.round(bitrate)) : '', sortedList(codecs), (lang ?? '').toLowerCase()];
  // Appended only when present, so keys of renditions without them stay what they were.
  const labels = [name ?? '', groupId ?? '', sortedList(characteristics)].map((label) => label.replace(/\|/g, '/'));
  if (labels.some(Boolean)) parts.push(...labels);
  return parts.join('|');
}

/** A comma-separated list (or array) trimmed, lowercased, sorted and joined with `+`. */
function sortedList(list: string | readonly string[] | undefined): string {
  const items = typeof list === 'string' ? list.split(',') : [...(list ?? [])];
  return items
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean)
    .sort()
    .join('+');
}
