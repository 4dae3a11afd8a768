import { sha256Fallback } from './sha256-fallback.js';

/** Structural slice of WebCrypto's SubtleCrypto, so the core compiles and runs without the DOM. */
interface SubtleDigest {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * Lowercase hex SHA-256 of `bytes`: WebCrypto where it exists (Node, secure browser contexts),
 * the plain-JS fallback elsewhere (browser pages on `http://`).
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = (globalThis.crypto as { subtle?: SubtleDigest } | undefined)?.subtle;
  const digest = subtle ? new Uint8Array(await subtle.digest('SHA-256', bytes)) : sha256Fallback(bytes);
  let hex = '';
  for (const byte of digest) hex += HEX[byte];
  return hex;
}
