/** Builds Trystero 0.25 data-channel frames byte by byte (core/src/shared-peer.ts, action-wire.ts), for tests. */
export const TOKEN = 'a'.repeat(64);

export function roomFrame(token: string, action: Uint8Array): Uint8Array {
  const frame = new Uint8Array(3 + token.length + action.byteLength);
  frame[0] = 1;
  frame[1] = token.length >> 8;
  frame[2] = token.length & 0xff;
  for (let i = 0; i < token.length; i++) frame[3 + i] = token.charCodeAt(i);
  frame.set(action, 3 + token.length);
  return frame;
}

export function presenceFrame(token: string): Uint8Array {
  const frame = new Uint8Array(4 + token.length);
  frame.set([2, 1, token.length >> 8, token.length & 0xff]);
  for (let i = 0; i < token.length; i++) frame[4 + i] = token.charCodeAt(i);
  return frame;
}

export function actionFrame({ type, nonce, last, binary = true, meta = false, payloadBytes }: { type: string; nonce: number; last: boolean; binary?: boolean; meta?: boolean; payloadBytes: number }): Uint8Array {
  const frame = new Uint8Array(36 + payloadBytes);
  for (let i = 0; i < type.length; i++) frame[i] = type.charCodeAt(i);
  frame[32] = nonce >> 8;
  frame[33] = nonce & 0xff;
  // Trystero sets the JSON bit (8) on every non-string payload, binary included.
  frame[34] = Number(last) | (Number(meta) << 1) | (Number(binary) << 2) | 8;
  frame[35] = last ? 255 : 128;
  return frame;
}

/** One frame of our action in TOKEN's room, as the ArrayBuffer a browser channel delivers. */
export function ours(options: { nonce: number; last: boolean; payloadBytes: number; meta?: boolean; binary?: boolean; type?: string; token?: string }): ArrayBuffer {
  const bytes = roomFrame(options.token ?? TOKEN, actionFrame({ type: options.type ?? 'p2pv1', ...options }));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
