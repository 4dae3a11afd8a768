/** Builds the MediaError-like `PlayerError`s every loader reports, and holds the one rule for valid sources. */
import { MediaErrorCode, PlayerErrorDetail, type PlayerError } from './media-loader.js';

export interface PlayerErrorOptions {
  code: MediaErrorCode;
  detail: PlayerErrorDetail;
  message: string;
  status?: number;
  /** @default true */
  fatal?: boolean;
}

/** A `PlayerError`; `status` only when there is one, so errors compare cleanly. */
export function createPlayerError({ code, detail, message, status, fatal = true }: PlayerErrorOptions): PlayerError {
  const error: PlayerError = { code, detail, message, fatal };
  if (status !== undefined) error.status = status;
  return error;
}

/**
 * Protocols a source may use. Not `data:`: a manifest inlined in the page has no URL to derive a
 * swarm from or resolve its segments against, and the element always refused it.
 */
const PLAYABLE_PROTOCOLS: readonly string[] = ['http:', 'https:', 'blob:'];

/**
 * The one rule for sources, used by the element and every loader: `src` resolved against `base`
 * (the document), or the 'invalid-src' error for a source no engine can fetch.
 */
export function resolveSource(src: unknown, base: string | undefined = globalThis.document?.baseURI ?? globalThis.location?.href): { href: string } | { error: PlayerError } {
  const invalid = (why: string) => ({
    error: createPlayerError({ code: MediaErrorCode.SrcNotSupported, detail: PlayerErrorDetail.InvalidSrc, message: `Invalid src ${JSON.stringify(src)}: ${why}` }),
  });
  if (typeof src !== 'string' || src.trim() === '') return invalid('empty');
  let url: URL;
  try {
    url = new URL(src, base);
  } catch {
    return invalid('not a URL');
  }
  if (!PLAYABLE_PROTOCOLS.includes(url.protocol)) return invalid(`unsupported protocol ${url.protocol} (expected http, https or blob)`);
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname === '') return invalid('no host');
  return { href: url.href };
}

/** The 'invalid-src' error for a source no engine can fetch, or undefined when it looks fetchable. */
export function invalidSrcError(src: unknown): PlayerError | undefined {
  const resolved = resolveSource(src);
  return 'error' in resolved ? resolved.error : undefined;
}
