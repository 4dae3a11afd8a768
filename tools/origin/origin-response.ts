/**
 * Writes origin responses: CORS, no-store, content types, HTTP Range (206/416), HEAD, and an exact
 * count of the body bytes written (what the benchmark takes as origin traffic).
 */
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { extname } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A response body that can be read whole or in part. */
export interface BodySource {
  sizeBytes: number;
  /** Bytes `start..endInclusive`. */
  read(start: number, endInclusive: number): AsyncIterable<Buffer>;
}

export function fileSource(path: string, sizeBytes: number): BodySource {
  return {
    sizeBytes,
    read: (start, end) => createReadStream(path, { start, end, highWaterMark: 64 * 1024 }),
  };
}

export function bufferSource(body: Buffer | string): BodySource {
  const buffer = typeof body === 'string' ? Buffer.from(body) : body;
  return {
    sizeBytes: buffer.length,
    async *read(start, end) {
      yield buffer.subarray(start, end + 1);
    },
  };
}

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mpd': 'application/dash+xml',
  '.ts': 'video/mp2t',
  '.m4s': 'video/mp4',
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.vtt': 'text/vtt; charset=utf-8',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
    // Echo what the preflight asks for (Range, Content-Type, custom test headers).
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Range, Content-Type',
    'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges, Content-Type',
    'Access-Control-Max-Age': '600',
  };
}

/**
 * CORS for requests sent with credentials (cookies): the request's `Origin` echoed instead of
 * `*`, which the browser refuses for them, and `Access-Control-Allow-Credentials`. Without an
 * `Origin` (not a CORS request) the plain headers.
 */
export function credentialedCorsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return corsHeaders(req);
  return { ...corsHeaders(req), 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
}

/** A short text answer (errors, control endpoints). Its bytes are not counted as media traffic. */
export function sendText(res: ServerResponse, options: { status: number; text: string; headers: Record<string, string>; contentType?: string }): void {
  const body = Buffer.from(options.text);
  res.writeHead(options.status, {
    ...options.headers,
    'Content-Type': options.contentType ?? 'text/plain; charset=utf-8',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

type ByteRange = { start: number; end: number };

/**
 * `Range: bytes=a-b | a- | -n` → the range, 'unsatisfiable', or null to ignore the header (absent,
 * malformed, or several ranges: a server may answer those with the whole body).
 */
export function parseByteRange(header: string | undefined, sizeBytes: number): ByteRange | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || sizeBytes === 0) return 'unsatisfiable';
    return { start: Math.max(0, sizeBytes - suffix), end: sizeBytes - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? sizeBytes - 1 : Math.min(Number(match[2]), sizeBytes - 1);
  if (match[2] !== '' && Number(match[2]) < start) return null;
  if (start >= sizeBytes) return 'unsatisfiable';
  return { start, end };
}

export interface SendBodyOptions {
  source: BodySource;
  contentType: string;
  /** CORS headers to add; `{}` for none. */
  headers: Record<string, string>;
  /** Cut the connection after this many body bytes (fault injection). */
  dropAfterBytes?: number;
  /** Called with each chunk's size as it is written. */
  onBytes(bytes: number): void;
}

/** Answers with the body (whole, or the requested range), counting the bytes written. */
export async function sendBody(req: IncomingMessage, res: ServerResponse, options: SendBodyOptions): Promise<void> {
  const { source } = options;
  const base = { ...options.headers, 'Cache-Control': 'no-store', 'Accept-Ranges': 'bytes' };
  const range = parseByteRange(req.headers.range, source.sizeBytes);
  if (range === 'unsatisfiable') {
    sendText(res, { status: 416, text: 'Range Not Satisfiable\n', headers: { ...base, 'Content-Range': `bytes */${source.sizeBytes}` } });
    return;
  }
  const { start, end } = range ?? { start: 0, end: source.sizeBytes - 1 };
  const headers: Record<string, string> = { ...base, 'Content-Type': options.contentType, 'Content-Length': String(end - start + 1) };
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${source.sizeBytes}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || end < start) {
    res.end();
    return;
  }
  const complete = await writeChunks(res, source.read(start, end), options);
  if (complete) res.end();
  else res.destroy();
}

/** Writes until done (true), the client goes away or the drop point is reached (false). */
async function writeChunks(res: ServerResponse, chunks: AsyncIterable<Buffer>, options: SendBodyOptions): Promise<boolean> {
  let budget = options.dropAfterBytes ?? Infinity;
  const closed = new Promise<void>((resolve) => res.once('close', resolve));
  for await (const whole of chunks) {
    if (res.destroyed) return false;
    if (whole.length > budget) {
      // Let the partial body reach the socket before the connection is cut.
      const part = whole.subarray(0, budget);
      await Promise.race([new Promise((resolve) => res.write(part, resolve)), closed]);
      options.onBytes(part.length);
      return false;
    }
    budget -= whole.length;
    const flushed = res.write(whole);
    options.onBytes(whole.length);
    if (!flushed) await Promise.race([once(res, 'drain'), closed]);
  }
  return !res.destroyed;
}

/** What a route resolved to: a body to send, or an error status with a reason. */
export type OriginAnswer =
  | { kind: 'body'; source: BodySource; contentType: string }
  | { kind: 'error'; status: number; text: string };
