/**
 * Structural slices of the web platform objects the transport touches (WebSocket, WebRTC,
 * WebCrypto), so src/p2p compiles without the DOM lib and runs in Node with werift. Only what we
 * use; the real objects (browser globals, werift, Node's WebCrypto) satisfy them.
 */

/** A tracker socket, as far as the health check reads it. */
export interface WebSocketLike {
  readonly readyState: number;
}

export interface DataChannelLike {
  readonly readyState: string;
  onmessage: ((event: { data: unknown }) => void) | null | undefined;
  onclose: ((event?: unknown) => void) | null | undefined;
  close(): void;
}

export interface PeerConnectionLike {
  readonly connectionState: string;
  ondatachannel: ((event: { channel: DataChannelLike }) => void) | null | undefined;
  createDataChannel(label: string, init?: unknown): DataChannelLike;
  close(): unknown;
}

/** `RTCPeerConnection` or a polyfill class (werift, node-datachannel). */
export type PeerConnectionClass = new (configuration?: unknown) => PeerConnectionLike;

/** The WebCrypto calls of the transport (PBKDF2 for room keys, AES-GCM to check offers). */
export interface SubtleCryptoLike {
  importKey(format: 'raw', keyData: Uint8Array, algorithm: string | { name: string }, extractable: boolean, usages: string[]): Promise<unknown>;
  deriveBits(algorithm: { name: 'PBKDF2'; hash: 'SHA-256'; salt: Uint8Array; iterations: number }, baseKey: unknown, length: number): Promise<ArrayBuffer>;
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
  decrypt(algorithm: { name: 'AES-GCM'; iv: Uint8Array }, key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
}

/** `globalThis.crypto.subtle`, or undefined (browser pages on `http://` have none). */
export function globalSubtle(): SubtleCryptoLike | undefined {
  return (globalThis as { crypto?: { subtle?: SubtleCryptoLike } }).crypto?.subtle;
}

/** UTF-8 bytes of `text` (TextEncoder is in every browser and Node, but not in the ES lib). */
export function utf8(text: string): Uint8Array {
  const Encoder = (globalThis as unknown as { TextEncoder: new () => { encode(input: string): Uint8Array } }).TextEncoder;
  return new Encoder().encode(text);
}
