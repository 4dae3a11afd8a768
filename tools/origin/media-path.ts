/** Maps request paths to files under the media directory, refusing anything outside it. */
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { contentTypeFor, fileSource, type OriginAnswer } from './origin-response.ts';

/**
 * The file `relativePath` (still percent-encoded, as in the URL) under `root`, or null when it is
 * malformed or escapes `root`.
 */
export function mediaFilePath(root: string, relativePath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relativePath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = resolve(root, `.${sep}${decoded}`);
  return full.startsWith(resolve(root) + sep) ? full : null;
}

/** Answers with the file at `relativePath` under `root` (404 when absent or not a file). */
export async function mediaFileAnswer(root: string, relativePath: string): Promise<OriginAnswer> {
  const path = mediaFilePath(root, relativePath);
  if (!path) return { kind: 'error', status: 400, text: `bad media path: ${relativePath}\n` };
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return { kind: 'error', status: 404, text: `no such media file: ${relativePath}\n` };
  return { kind: 'body', source: fileSource(path, info.size), contentType: contentTypeFor(path) };
}
