/**
 * Cheap container sanity checks for segments we hold no hash for. The container is detected from
 * the bytes, never from the URL (tokenized and extension-less URLs are common, and a peer controls
 * the bytes, not the URL). What we cannot judge passes, marked `checked: false`.
 */
import { adtsFrameBytes, checkAdts, isAdtsSync, isId3Header, skipId3Tags } from './check-adts.js';
import { checkFmp4, hasFmp4Signature, looksLikeFmp4 } from './check-fmp4.js';
import { checkMpegTs, looksLikeMpegTs } from './check-mpeg-ts.js';
import { platform } from '../../util/platform.js';

/** The containers we recognise. */
export const ContainerKind = {
  MpegTs: 'mpeg-ts',
  Fmp4: 'fmp4',
  Adts: 'adts',
  WebVtt: 'webvtt',
  /** Not recognised (encrypted, MP3, AC-3, TTML, …): passed unchecked. */
  Unknown: 'unknown',
} as const;
export type ContainerKind = (typeof ContainerKind)[keyof typeof ContainerKind];

export type ContainerCheckResult =
  | { ok: true; container: ContainerKind; /** False when the container was not recognised. */ checked: boolean }
  | { ok: false; container: ContainerKind; reason: string };

const WEBVTT_MAGIC = [0x57, 0x45, 0x42, 0x56, 0x54, 0x54]; // "WEBVTT"
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Detects the container of a segment from its bytes and checks its framing.
 * Linear in the segment size at worst (WebVTT's UTF-8 check); the binary formats only read headers.
 */
export function checkContainer(bytes: Uint8Array): ContainerCheckResult {
  if (bytes.byteLength === 0) return { ok: false, container: ContainerKind.Unknown, reason: 'segment is empty' };
  if (looksLikeFmp4(bytes)) return result(ContainerKind.Fmp4, checkFmp4(bytes));
  if (looksLikeMpegTs(bytes)) return result(ContainerKind.MpegTs, checkMpegTs(bytes));
  if (isId3Header(bytes, 0) || looksLikeAdts(bytes)) return checkPackedAudio(bytes);
  const vttStart = startsWith(bytes, UTF8_BOM, 0) ? UTF8_BOM.length : 0;
  if (startsWith(bytes, WEBVTT_MAGIC, vttStart)) return result(ContainerKind.WebVtt, checkWebVtt(bytes, vttStart));
  if (hasFmp4Signature(bytes)) return result(ContainerKind.Fmp4, checkFmp4(bytes));
  return { ok: true, container: ContainerKind.Unknown, checked: false };
}

/**
 * HLS packed audio always starts with an ID3 tag; bare ADTS must also show a second frame header
 * where the first frame ends (or end there), so random bytes are taken for ADTS once in ~10^9.
 */
function looksLikeAdts(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 7 || !isAdtsSync(bytes, 0)) return false;
  const next = adtsFrameBytes(bytes, 0);
  return next === bytes.byteLength || isAdtsSync(bytes, next);
}

function checkPackedAudio(bytes: Uint8Array): ContainerCheckResult {
  const start = skipId3Tags(bytes);
  if (typeof start === 'string') return { ok: false, container: ContainerKind.Adts, reason: start };
  // After the ID3 tags: MP3, AC-3 or E-AC-3 packed audio are possible too; only ADTS is judged.
  if (start === bytes.byteLength || !isAdtsSync(bytes, start)) {
    return { ok: true, container: ContainerKind.Unknown, checked: false };
  }
  return result(ContainerKind.Adts, checkAdts(bytes, start));
}

function checkWebVtt(bytes: Uint8Array, start: number): string | undefined {
  const afterMagic = start + WEBVTT_MAGIC.length;
  if (afterMagic < bytes.byteLength) {
    const next = bytes[afterMagic];
    // The signature is followed by a space, a tab or a line terminator (WebVTT spec, 4.1).
    if (next !== 0x20 && next !== 0x09 && next !== 0x0a && next !== 0x0d) {
      return 'WebVTT signature is not followed by a space, tab or line break';
    }
  }
  try {
    new platform.TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'WebVTT text is not valid UTF-8';
  }
  return undefined;
}

function startsWith(bytes: Uint8Array, magic: readonly number[], offset: number): boolean {
  if (bytes.byteLength < offset + magic.length) return false;
  return magic.every((byte, i) => bytes[offset + i] === byte);
}

function result(container: ContainerKind, problem: string | undefined): ContainerCheckResult {
  return problem === undefined ? { ok: true, container, checked: true } : { ok: false, container, reason: problem };
}
