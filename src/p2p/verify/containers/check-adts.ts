/** AAC in ADTS framing (HLS packed audio), optionally after ID3 tags. */

const ADTS_HEADER_BYTES = 7;
const ID3_HEADER_BYTES = 10;

/** True when an ADTS frame header starts at `offset`: 12-bit sync word, layer 00. */
export function isAdtsSync(bytes: Uint8Array, offset: number): boolean {
  return offset + 1 < bytes.byteLength && bytes[offset] === 0xff && (bytes[offset + 1]! & 0xf6) === 0xf0;
}

/** Length of the ADTS frame whose header starts at `offset` (header included), bytes. */
export function adtsFrameBytes(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset + 3]! & 0x03) << 11) | (bytes[offset + 4]! << 3) | (bytes[offset + 5]! >> 5);
}

/** True when an ID3v2 tag header starts at `offset`. */
export function isId3Header(bytes: Uint8Array, offset: number): boolean {
  return (
    offset + 2 < bytes.byteLength &&
    bytes[offset] === 0x49 && // I
    bytes[offset + 1] === 0x44 && // D
    bytes[offset + 2] === 0x33 // 3
  );
}

/**
 * Skips the ID3v2 tags HLS packed audio starts with (the `transportStreamTimestamp` PRIV frame).
 * @returns the offset after the tags, or the reason they are malformed.
 */
export function skipId3Tags(bytes: Uint8Array): number | string {
  let offset = 0;
  while (isId3Header(bytes, offset)) {
    if (bytes.byteLength - offset < ID3_HEADER_BYTES) return `ID3 tag at byte ${offset} is truncated`;
    let size = 0;
    for (let i = 6; i < 10; i++) {
      const byte = bytes[offset + i]!;
      if (byte & 0x80) return `ID3 tag at byte ${offset} has an invalid (non-syncsafe) size`;
      size = (size << 7) | byte;
    }
    const hasFooter = (bytes[offset + 5]! & 0x10) !== 0;
    const end = offset + ID3_HEADER_BYTES + size + (hasFooter ? ID3_HEADER_BYTES : 0);
    if (end > bytes.byteLength) return `ID3 tag at byte ${offset} declares ${end - offset} bytes (truncated)`;
    offset = end;
  }
  return offset;
}

/**
 * Walks ADTS frames from `start` to the end: each frame has the sync word, a valid sampling
 * frequency index and a length that lands exactly on the next frame. O(frames), no copies.
 * @returns undefined when valid, otherwise the reason.
 */
export function checkAdts(bytes: Uint8Array, start: number): string | undefined {
  const length = bytes.byteLength;
  let offset = start;
  while (offset < length) {
    if (length - offset < ADTS_HEADER_BYTES) return `ADTS frame header at byte ${offset} is truncated`;
    if (!isAdtsSync(bytes, offset)) return `ADTS sync word missing at byte ${offset}`;
    const samplingIndex = (bytes[offset + 2]! >> 2) & 0x0f;
    if (samplingIndex > 12) return `ADTS frame at byte ${offset} has reserved sampling frequency index ${samplingIndex}`;
    const frameBytes = adtsFrameBytes(bytes, offset);
    const protectionAbsent = (bytes[offset + 1]! & 0x01) === 1;
    const headerBytes = protectionAbsent ? ADTS_HEADER_BYTES : ADTS_HEADER_BYTES + 2;
    if (frameBytes < headerBytes) return `ADTS frame at byte ${offset} has invalid length ${frameBytes}`;
    if (offset + frameBytes > length) return `ADTS frame at byte ${offset} declares ${frameBytes} bytes (truncated)`;
    offset += frameBytes;
  }
  return undefined;
}
