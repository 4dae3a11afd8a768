/** Builds the MediaError-like `PlayerError`s every loader reports, and validates sources. */
import { MediaErrorCode, type PlayerError } from './media-loader.js';

export interface PlayerErrorOptions {
  code: MediaErrorCode;
  detail: string;
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

const PLAYABLE_PROTOCOLS = ['http:', 'https:', 'blob:', 'data:'];

/** The 'invalid-src' error for a source no engine can fetch, or undefined when it looks fetchable. */
export function invalidSrcError(src: unknown): PlayerError | undefined {
  const invalid = (why: string): PlayerError =>
    createPlayerError({ code: MediaErrorCode.SrcNotSupported, detail: 'invalid-src', message: `Invalid src ${JSON.stringify(src)}: ${why}` });
  if (typeof src !== 'string' || src.trim() === '') return invalid('empty');
  let url: URL;
  try {
    url = new URL(src, globalThis.location?.href);
  } catch {
    return invalid('not a URL');
  }
  if (!PLAYABLE_PROTOCOLS.includes(url.protocol)) return invalid(`unsupported protocol ${url.protocol}`);
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname === '') return invalid('no host');
  return undefined;
}
