import { globalSubtle, utf8, type SubtleCryptoLike } from './web-platform.js';

/**
 * Trystero's signaling encryption (core/src/crypto.ts, 0.25.4), read side only: AES-GCM keyed by
 * SHA-256(`secret:appId:roomId`), ciphertext `iv bytes joined by "," + "$" + base64`. We decrypt
 * an incoming offer once before Trystero sees it, because Trystero creates an RTCPeerConnection
 * for an offer first and decrypts it after, and never closes that connection when decryption
 * fails: anyone who knows the room (its info hash is not secret) could make us open hundreds.
 */
export class OfferCipher {
  readonly #subtle: SubtleCryptoLike | undefined;
  readonly #key: Promise<unknown>;

  constructor({ secret, appId, roomId, subtle = globalSubtle() }: { secret: string; appId: string; roomId: string; subtle?: SubtleCryptoLike }) {
    this.#subtle = subtle;
    this.#key = subtle
      ? subtle.digest('SHA-256', utf8(`${secret}:${appId}:${roomId}`)).then((digest) => subtle.importKey('raw', new Uint8Array(digest), { name: 'AES-GCM' }, false, ['decrypt']))
      : Promise.reject(new Error('no WebCrypto'));
    this.#key.catch(() => {});
  }

  /** Whether `sealed` is an offer sealed with this room's key (AES-GCM authenticates it). */
  async opens(sealed: string): Promise<boolean> {
    const parsed = parseSealed(sealed);
    if (!parsed || !this.#subtle) return false;
    try {
      await this.#subtle.decrypt({ name: 'AES-GCM', iv: parsed.iv }, await this.#key, parsed.data);
      return true;
    } catch {
      return false;
    }
  }
}

function parseSealed(sealed: string): { iv: Uint8Array; data: Uint8Array } | undefined {
  const [ivText, base64, extra] = sealed.split('$');
  if (ivText === undefined || base64 === undefined || extra !== undefined) return undefined;
  const ivParts = ivText.split(',');
  if (ivParts.length !== 16 || !ivParts.every((part) => /^\d{1,3}$/.test(part) && Number(part) < 256)) return undefined;
  const data = fromBase64(base64);
  return data && { iv: Uint8Array.from(ivParts, Number), data };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_INDEX = new Map([...BASE64].map((char, i) => [char, i]));

/** Standard base64 (what `btoa` writes); undefined for anything else. `atob` is not in the ES lib. */
function fromBase64(text: string): Uint8Array | undefined {
  const body = text.replace(/={0,2}$/, '');
  if (body.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of body) {
    const index = BASE64_INDEX.get(char);
    if (index === undefined) return undefined;
    value = ((value << 6) | index) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >>> bits) & 0xff;
    }
  }
  return out;
}
