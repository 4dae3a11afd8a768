/** Fragmented MP4 (ISO BMFF / CMAF) sanity check: a walk over the top-level boxes. */

/**
 * Top-level box types a streaming init or media segment may hold. The first ten are the ones
 * DASH/HLS segments use; the rest are legal top-level boxes some packagers add.
 */
export const KNOWN_TOP_LEVEL_BOXES: ReadonlySet<string> = new Set([
  'styp', 'moof', 'mdat', 'sidx', 'emsg', 'prft', 'ftyp', 'moov', 'free', 'skip',
  'ssix', 'uuid', 'mfra', 'meta', 'pdin',
]);

/** What the walk found, in order. */
interface BoxWalk {
  types: string[];
}

/**
 * Checks that the top-level boxes have known types, consistent sizes and cover the buffer
 * exactly, and that the buffer is an init segment (has `moov`), a media segment (every `moof`
 * followed by an `mdat`) or a segment index (`sidx` only). O(number of boxes), no copies.
 * @returns undefined when the bytes look valid, otherwise the reason.
 */
export function checkFmp4(bytes: Uint8Array): string | undefined {
  const walk = walkBoxes(bytes);
  if (typeof walk === 'string') return walk;
  return checkStructure(walk.types);
}

/** Box types that open real segments within their first bytes (after `styp`/`sidx`/`ftyp`). */
const SIGNATURE_BOXES = ['ftyp', 'styp', 'moof', 'moov', 'sidx'].map((type) => [...type].map((c) => c.charCodeAt(0)));
const SIGNATURE_SEARCH_BYTES = 512;

/** True when the bytes start like an ISO BMFF box of a known top-level type. */
export function looksLikeFmp4(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 8 && KNOWN_TOP_LEVEL_BOXES.has(boxType(bytes, 0));
}

/**
 * True when a box type segments open with appears in the first 512 bytes, so a segment whose
 * first box header is corrupted is still recognised (and fails the check) instead of passing as
 * unknown. Random bytes match about once in 10^6; ask only after the other formats said no.
 */
export function hasFmp4Signature(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.byteLength, SIGNATURE_SEARCH_BYTES) - 4;
  for (let offset = 0; offset <= end; offset++) {
    for (const [a, b, c, d] of SIGNATURE_BOXES) {
      if (bytes[offset] === a && bytes[offset + 1] === b && bytes[offset + 2] === c && bytes[offset + 3] === d) return true;
    }
  }
  return false;
}

function walkBoxes(bytes: Uint8Array): BoxWalk | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = bytes.byteLength;
  const types: string[] = [];
  let offset = 0;
  while (offset < length) {
    const left = length - offset;
    if (left < 8) return `fMP4 box header at byte ${offset} is truncated (${left} bytes left)`;
    const type = boxType(bytes, offset);
    if (!KNOWN_TOP_LEVEL_BOXES.has(type)) return `fMP4 unknown top-level box '${printable(type)}' at byte ${offset}`;
    let size = view.getUint32(offset);
    let headerBytes = 8;
    if (size === 1) {
      if (left < 16) return `fMP4 box '${type}' at byte ${offset}: 64-bit size is truncated`;
      size = view.getUint32(offset + 8) * 2 ** 32 + view.getUint32(offset + 12);
      headerBytes = 16;
    } else if (size === 0) {
      size = left; // "extends to the end of the file": only meaningful for the last box
    }
    if (size < headerBytes) return `fMP4 box '${type}' at byte ${offset} has invalid size ${size}`;
    if (size > left) return `fMP4 box '${type}' at byte ${offset} declares ${size} bytes, only ${left} left (truncated)`;
    types.push(type);
    offset += size;
  }
  return { types };
}

function checkStructure(types: readonly string[]): string | undefined {
  if (types.length === 0) return 'fMP4 segment is empty';
  let openMoof = false;
  let moofs = 0;
  for (const type of types) {
    if (type === 'moof') {
      if (openMoof) return "fMP4 'moof' without its 'mdat'";
      openMoof = true;
      moofs += 1;
    } else if (type === 'mdat') {
      if (!openMoof && !types.includes('moov')) return "fMP4 'mdat' without a preceding 'moof'";
      openMoof = false;
    }
  }
  if (openMoof) return "fMP4 'moof' without its 'mdat' (truncated)";
  if (moofs > 0 || types.includes('moov')) return undefined;
  if (types.includes('sidx') && !types.includes('mdat')) return undefined;
  return "fMP4 segment has neither 'moov' (init) nor 'moof'+'mdat' (media)";
}

function boxType(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset + 4]!, bytes[offset + 5]!, bytes[offset + 6]!, bytes[offset + 7]!);
}

function printable(type: string): string {
  return type.replace(/[^\x20-\x7e]/g, '?');
}
