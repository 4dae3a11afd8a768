/**
 * The segment hash file, in the format PeerTube publishes as `segments-sha256.json`:
 *
 * ```json
 * { "seg-00001.ts": "<sha256 hex>",                                   // whole files (live, TS)
 *   "video-720-fragmented.mp4": { "0-1399": "<sha256>", "1400-90211": "<sha256>" } }  // byte ranges
 * ```
 *
 * Keys are the segment's path relative to the integrity file's folder (`360p/seg-1.ts`, the
 * path the manifests use), or file names (the URL's last path segment, query stripped, as
 * PeerTube writes them). A file name stands for a segment only while it is unambiguous: when one
 * file name is looked up from two folders (`360p/seg-1.ts`, `180p/seg-1.ts`), a name-only entry
 * vouches for neither (the segments get the container and timing checks instead of a hash that
 * rejects the honest peers of one rendition). Range keys are `<first byte>-<last byte>`, both
 * inclusive (PeerTube writes `offset-(offset + length - 1)`).
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
export function parseIntegrityFile(text: string, fileUrl?: string): IntegrityFile {
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
  const byName = new Map<string, string[]>();
  for (const key of entries.keys()) {
    const name = key.slice(key.lastIndexOf('/') + 1);
    byName.set(name, [...(byName.get(name) ?? []), key]);
  }
  const base = folderOf(fileUrl);
  const foldersByName = new Map<string, Set<string>>();
  return {
    size: entries.size,
    hashFor: (url, byteRange) => {
      const path = relativePath(url, base);
      const direct = path === undefined ? undefined : entries.get(path) ?? entries.get(safeDecode(path));
      if (direct !== undefined) return pick(direct, byteRange);
      const fileName = segmentFileName(url);
      const folder = urlFolder(url);
      const folders = foldersByName.get(fileName) ?? new Set<string>();
      // A bare name (a relative URL without folder) says nothing about which folder it is in.
      if (folder !== '') folders.add(folder);
      foldersByName.set(fileName, folders);
      const keys = byName.get(fileName) ?? byName.get(safeDecode(fileName)) ?? [];
      // One key for the name, and the name seen from one folder only: unambiguous.
      if (keys.length !== 1 || folders.size > 1) return undefined;
      return pick(entries.get(keys[0]!)!, byteRange);
    },
  };
}

/** `url`'s path relative to `base` (a folder URL ending in '/'), or undefined when it is elsewhere. */
function relativePath(url: string, base: string | undefined): string | undefined {
  if (base === undefined) return undefined;
  const path = url.split(/[?#]/, 1)[0]!;
  return path.startsWith(base) ? path.slice(base.length) : undefined;
}

/** The folder path of a URL (scheme, host, query and fragment stripped), ending in '/'. */
function urlFolder(url: string): string {
  const path = url.split(/[?#]/, 1)[0]!.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return path.slice(0, path.lastIndexOf('/') + 1);
}

function folderOf(fileUrl: string | undefined): string | undefined {
  if (fileUrl === undefined) return undefined;
  const path = fileUrl.split(/[?#]/, 1)[0]!;
  return path.slice(0, path.lastIndexOf('/') + 1);
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

function pick(entry: Entry, byteRange?: ByteRange): string | undefined {
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
