import { platform } from '../util/platform.js';
import { sha256Fallback } from './sha256-fallback.js';

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * Lowercase hex SHA-256 of `bytes`: WebCrypto where it exists (Node, secure browser contexts),
 * the plain-JS fallback elsewhere (browser pages on `http://`).
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = platform.crypto?.subtle;
  const digest = subtle ? new Uint8Array(await subtle.digest('SHA-256', bytes)) : sha256Fallback(bytes);
  let hex = '';
  for (const byte of digest) hex += HEX[byte];
  return hex;
}
