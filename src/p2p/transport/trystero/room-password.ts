import { globalSubtle, utf8, type SubtleCryptoLike } from './web-platform.js';

/**
 * How a swarm password becomes the secret Trystero sees. Trystero keys its AES-GCM signaling
 * encryption with SHA-256(`password:appId:roomId`), and the room's info hash does not include the
 * password, so a tracker operator holding one encrypted offer can test guesses offline at GPU
 * speed. PBKDF2 first makes each guess cost `iterations` HMAC-SHA-256 calls. Pinned by a unit
 * test: every peer of a swarm must derive the same secret.
 */
export const RoomPasswordDerivation = Object.freeze({
  /**
   * ~90 ms in Node here, on another thread (600k, OWASP's figure for PBKDF2-SHA-256, is ~150 ms; five times that on
   * a slow phone would delay joining by most of a second). WebCrypto runs it off the main thread.
   */
  iterations: 300_000,
  hash: 'SHA-256',
  bits: 256,
  /** Salt: this prefix, the app id and the swarm id, NUL-separated, UTF-8. */
  saltPrefix: 'p2p-video/room-password/v1',
});

const CACHE_ENTRIES = 8;
const cache = new Map<string, Promise<string>>();

export function roomPasswordSalt({ appId, swarmId }: { appId: string; swarmId: string }): Uint8Array {
  return utf8(`${RoomPasswordDerivation.saltPrefix}\u0000${appId}\u0000${swarmId}`);
}

/**
 * The secret handed to Trystero as its `password`: hex PBKDF2 of `password`, salted by app and
 * swarm. Cached per (app, swarm, password), so re-joining a swarm derives nothing again; a few
 * entries only (a page watches one or two swarms).
 */
export function deriveRoomPassword(options: { appId: string; swarmId: string; password: string; subtle?: SubtleCryptoLike }): Promise<string> {
  const key = JSON.stringify([options.appId, options.swarmId, options.password]);
  const cached = cache.get(key);
  if (cached) {
    // Most recently used last, so eviction drops the oldest.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const derived = derive(options);
  cache.set(key, derived);
  derived.catch(() => cache.delete(key));
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return derived;
}

async function derive({ appId, swarmId, password, subtle = globalSubtle() }: { appId: string; swarmId: string; password: string; subtle?: SubtleCryptoLike }): Promise<string> {
  if (!subtle) throw new Error('WebCrypto (crypto.subtle) is unavailable: P2P needs a secure context (https:// or localhost)');
  const baseKey = await subtle.importKey('raw', utf8(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: roomPasswordSalt({ appId, swarmId }), iterations: RoomPasswordDerivation.iterations },
    baseKey,
    RoomPasswordDerivation.bits,
  );
  let hex = '';
  for (const byte of new Uint8Array(bits)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
