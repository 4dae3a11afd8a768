/**
 * SHA-256 in plain JavaScript (FIPS 180-4), for where `crypto.subtle` is missing: browsers expose
 * it only in secure contexts, and a player page on plain `http://` must still verify peers' bytes.
 * About 10x slower than subtle crypto; reads the input in place.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL_STATE = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** SHA-256 digest of `bytes`, 32 bytes. */
export function sha256Fallback(bytes: Uint8Array): Uint8Array {
  const state = new Uint32Array(INITIAL_STATE);
  const words = new Uint32Array(64);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fullBlocks = Math.floor(bytes.byteLength / 64);
  for (let block = 0; block < fullBlocks; block++) compress(state, words, view, block * 64);

  // The tail, the 0x80 terminator and the 64-bit bit length, in one or two padded blocks.
  const tailLength = bytes.byteLength - fullBlocks * 64;
  const padded = new Uint8Array(tailLength < 56 ? 64 : 128);
  padded.set(bytes.subarray(fullBlocks * 64));
  padded[tailLength] = 0x80;
  const paddedView = new DataView(padded.buffer);
  const bitLength = bytes.byteLength * 8;
  paddedView.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  paddedView.setUint32(padded.length - 4, bitLength >>> 0);
  for (let offset = 0; offset < padded.length; offset += 64) compress(state, words, paddedView, offset);

  const digest = new Uint8Array(32);
  const digestView = new DataView(digest.buffer);
  state.forEach((word, i) => digestView.setUint32(i * 4, word));
  return digest;
}

function compress(state: Uint32Array, w: Uint32Array, view: DataView, offset: number): void {
  for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!;
    const b = w[i - 2]!;
    const s0 = ror(a, 7) ^ ror(a, 18) ^ (a >>> 3);
    const s1 = ror(b, 17) ^ ror(b, 19) ^ (b >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let [a, b, c, d, e, f, g, h] = state as unknown as number[];
  for (let i = 0; i < 64; i++) {
    const t1 = (h! + (ror(e!, 6) ^ ror(e!, 11) ^ ror(e!, 25)) + ((e! & f!) ^ (~e! & g!)) + K[i]! + w[i]!) | 0;
    const t2 = ((ror(a!, 2) ^ ror(a!, 13) ^ ror(a!, 22)) + ((a! & b!) ^ (a! & c!) ^ (b! & c!))) | 0;
    h = g; g = f; f = e; e = (d! + t1) | 0;
    d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  state[0] += a!; state[1] += b!; state[2] += c!; state[3] += d!;
  state[4] += e!; state[5] += f!; state[6] += g!; state[7] += h!;
}

function ror(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}
