/**
 * The segment hash file, in the format PeerTube publishes as `segments-sha256.json`:
 *
 * ```json
 * { "seg-00001.ts": "<sha256 hex>",                                   // whole files (live, TS)
 *   "video-720-fragmented.mp4": { "0-1399": "<sha256>", "1400-90211": "<sha256>" } }  // byte ranges
 * ```
 *
 * Keys are file names (the URL's last path segment, query stripped). Range keys are
 * `<first byte>-<last byte>`, both inclusive (PeerTube writes `offset-(offset + length - 1)`).
 */
import { P2PError, P2PErrorCode } from '../errors.js';
import type { ByteRange } from '../segment.js';

type Entry = string | ReadonlyMap<string, string>;

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const RANGE_KEY = /^(\d+)-(\d+)$/;

/** A parsed, validated hash file. Immutable. */
export interface IntegrityFile {
  /** Number of file entries. */
  readonly size: number;
  /**
   * Expected lowercase SHA-256 hex of the segment at `url` (and `byteRange`, end exclusive), or
   * undefined when the file does not list it.
   */
  hashFor(url: string, byteRange?: ByteRange): string | undefined;
}

/**
 * Parses and validates a hash file. Hex is normalised to lowercase.
 * @throws P2PError `integrity-file-invalid` naming the first bad entry.
 */
export function parseIntegrityFile(text: string): IntegrityFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(`is not JSON (${(error as Error).message})`, error);
  }
  if (!isPlainObject(json)) throw invalid('must be a JSON object mapping file names to SHA-256 hashes');
  const entries = new Map<string, Entry>();
  for (const [fileName, value] of Object.entries(json)) {
    entries.set(fileName, parseEntry(fileName, value));
  }
  return {
    size: entries.size,
    hashFor: (url, byteRange) => lookup(entries, url, byteRange),
  };
}

/** The key a segment URL is listed under: its last path segment without query or fragment. */
export function segmentFileName(url: string): string {
  const path = url.split(/[?#]/, 1)[0]!;
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The range key of a byte range whose `end` is exclusive. */
export function rangeKey(byteRange: ByteRange): string {
  return `${byteRange.start}-${byteRange.end - 1}`;
}

function parseEntry(fileName: string, value: unknown): Entry {
  if (typeof value === 'string') return parseHash(value, `"${fileName}"`);
  if (!isPlainObject(value)) throw invalid(`entry "${fileName}" must be a SHA-256 hex string or a map of byte ranges`);
  const ranges = new Map<string, string>();
  for (const [range, hash] of Object.entries(value)) {
    const match = RANGE_KEY.exec(range);
    if (!match || Number(match[2]) < Number(match[1])) {
      throw invalid(`entry "${fileName}" has an invalid byte range key "${range}" (expected "<first>-<last>")`);
    }
    ranges.set(range, parseHash(hash, `"${fileName}" range "${range}"`));
  }
  return ranges;
}

function parseHash(value: unknown, where: string): string {
  if (typeof value !== 'string' || !SHA256_HEX.test(value)) {
    throw invalid(`entry ${where} is not a SHA-256 hex string (64 hex digits)`);
  }
  return value.toLowerCase();
}

function lookup(entries: ReadonlyMap<string, Entry>, url: string, byteRange?: ByteRange): string | undefined {
  const fileName = segmentFileName(url);
  const entry = entries.get(fileName) ?? entries.get(safeDecode(fileName));
  if (entry === undefined) return undefined;
  // A whole-file hash cannot vouch for a range of the file, nor a range map for the whole file.
  if (typeof entry === 'string') return byteRange ? undefined : entry;
  return byteRange ? entry.get(rangeKey(byteRange)) : undefined;
}

function safeDecode(fileName: string): string {
  try {
    return decodeURIComponent(fileName);
  } catch {
    return fileName;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(problem: string, cause?: unknown): P2PError {
  return new P2PError({ code: P2PErrorCode.IntegrityFileInvalid, message: `Integrity file ${problem}`, cause });
}
