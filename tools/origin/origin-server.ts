/**
 * The local origin for development, tests and the benchmark (Node `http`, no framework).
 *
 * Routes (every answer has `Cache-Control: no-store`; CORS unless said otherwise; query strings are
 * ignored when mapping to files, so tokenized URLs work):
 * - `/vod/<sample>/<path>`   files of `media/` (`/vod/hls-ts/master.m3u8`, `/vod/dash/manifest.mpd`),
 *                            with HTTP Range (206, or 416 when unsatisfiable) and HEAD.
 * - `/live/<sample>/<path>`  the HLS samples as a looping live stream: see live-hls-origin.ts.
 *                            `?start=<epochMs>` on the master gives a test its own fresh timeline.
 * - `/nocors/<path>`         `/<path>` WITHOUT CORS headers (`/nocors/vod/hls-ts/master.m3u8`).
 * - `/status/<code>/<any>`   answers with HTTP status `<code>`.
 * - `/bad/not-a-manifest.m3u8`  an HTML page with status 200.
 * - `GET /__origin/stats`    JSON of `stats()`; `POST /__origin/reset`; `POST /__origin/fault` with
 *                            a JSON `OriginFault` or `null` body. The control routes always send CORS.
 * - `GET /__origin/set-cookie?name=value`  sets cookies (`SameSite=Lax`, so only same-site pages
 *                            send them back: a page on localhost with `http://localhost:PORT`),
 *                            for the `requireCookie` fault; an empty value clears one.
 *
 * Only `/vod`, `/live` and `/nocors` requests are counted and subject to faults.
 *
 * CLI: `node --import tsx tools/origin/origin-server.ts [--port 8180] [--host 127.0.0.1] [--media DIR]`
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LiveHlsOrigin } from './live-hls-origin.ts';
import { mediaFileAnswer } from './media-path.ts';
import { faultApplies, missingRequiredCookie, missingRequiredHeader, validateFault, type OriginFault } from './origin-fault.ts';
import { corsHeaders, credentialedCorsHeaders, sendBody, sendText, type OriginAnswer } from './origin-response.ts';
import { clientOf, OriginStatsCounter, type OriginStats } from './origin-stats.ts';

export type { OriginFault } from './origin-fault.ts';
export type { OriginStats } from './origin-stats.ts';

export interface OriginOptions {
  /** @default 8180 (0 = an ephemeral port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default '<repo>/media' */
  mediaDir?: string;
  /** Segments in each live playlist. @default 6 */
  liveWindowSegments?: number;
  /** Clock (epoch ms) for the live timeline; tests pass a controllable one. @default Date.now */
  now?: () => number;
}

export interface OriginServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  stats(): OriginStats;
  resetStats(): void;
  /** Throws a TypeError for an invalid fault. `null` clears it. */
  setFault(fault: OriginFault | null): void;
  close(): Promise<void>;
}

export const DEFAULT_MEDIA_DIR = fileURLToPath(new URL('../../media/', import.meta.url));
const CONTROL_BODY_LIMIT_BYTES = 64 * 1024;

export async function startOrigin(options: OriginOptions = {}): Promise<OriginServer> {
  const now = options.now ?? Date.now;
  const mediaDir = resolve(options.mediaDir ?? DEFAULT_MEDIA_DIR);
  const live = new LiveHlsOrigin({ mediaDir, windowSegments: options.liveWindowSegments ?? 6, startMs: now() });
  const counter = new OriginStatsCounter();
  let fault: OriginFault | null = null;
  const origin: OriginServer = {
    url: '',
    stats: () => counter.snapshot(),
    resetStats: () => counter.reset(),
    setFault: (next) => {
      fault = validateFault(next);
    },
    close: () => closeServer(server),
  };
  const context: RequestContext = {
    mediaDir,
    live,
    counter,
    now,
    origin,
    fault: () => fault,
    cors: (req) => (fault?.requireCookie ? credentialedCorsHeaders(req) : corsHeaders(req)),
  };
  const server = createServer((req, res) => {
    handle(req, res, context).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendText(res, { status: 500, text: `origin error: ${String(error)}\n`, headers: context.cors(req) });
    });
  });
  const port = await listen(server, { port: options.port ?? 8180, host: options.host ?? '127.0.0.1' });
  origin.url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return origin;
}

interface RequestContext {
  mediaDir: string;
  live: LiveHlsOrigin;
  counter: OriginStatsCounter;
  now: () => number;
  origin: OriginServer;
  fault(): OriginFault | null;
  /** CORS headers for an answer: credentialed while a fault requires a cookie. */
  cors(req: IncomingMessage): Record<string, string>;
}

async function handle(req: IncomingMessage, res: ServerResponse, context: RequestContext): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://origin.invalid');
  const { pathname } = url;
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...context.cors(req), 'Cache-Control': 'no-store' }).end();
    return;
  }
  if (pathname.startsWith('/__origin/')) return control(req, res, context);
  const status = /^\/status\/(\d{3})(\/|$)/.exec(pathname);
  if (status) {
    const code = Number(status[1]);
    const valid = code >= 200 && code <= 599;
    const text = valid ? `status ${code} as requested\n` : `status must be 200–599, got ${code}\n`;
    sendText(res, { status: valid ? code : 400, text, headers: context.cors(req) });
    return;
  }
  if (pathname === '/bad/not-a-manifest.m3u8') {
    const html = '<!doctype html><html><body><h1>Not a manifest</h1></body></html>\n';
    sendText(res, { status: 200, text: html, headers: context.cors(req), contentType: 'text/html; charset=utf-8' });
    return;
  }
  const noCorsRoute = pathname.startsWith('/nocors/');
  const mediaPath = noCorsRoute ? pathname.slice('/nocors'.length) : pathname;
  if (!/^\/(vod|live)\//.test(mediaPath)) {
    sendText(res, { status: 404, text: `not found: ${pathname} (see tools/origin/origin-server.ts for the routes)\n`, headers: context.cors(req) });
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, { status: 405, text: `${req.method} not allowed on media\n`, headers: { ...context.cors(req), Allow: 'GET, HEAD, OPTIONS' } });
    return;
  }
  await media({ req, res, context, pathname, mediaPath, query: url.searchParams, noCorsRoute });
}

interface MediaRequest {
  req: IncomingMessage;
  res: ServerResponse;
  context: RequestContext;
  /** As requested (the stats key). */
  pathname: string;
  /** Without a `/nocors` prefix: `/vod/…` or `/live/…`. */
  mediaPath: string;
  query: URLSearchParams;
  noCorsRoute: boolean;
}

async function media({ req, res, context, pathname, mediaPath, query, noCorsRoute }: MediaRequest): Promise<void> {
  const client = clientOf(req.headers['user-agent']);
  context.counter.countRequest(pathname, client);
  const fault = context.fault();
  const faulted = faultApplies(fault, pathname);
  const headers = noCorsRoute || (faulted && fault.noCors) ? {} : context.cors(req);
  if (faulted && fault.delayMs) await sleep(fault.delayMs);
  if (faulted && missingRequiredHeader(fault, req.headers)) {
    sendText(res, { status: 403, text: `fault injected: ${fault.requireHeader} required\n`, headers });
    return;
  }
  if (faulted && missingRequiredCookie(fault, req.headers.cookie)) {
    sendText(res, { status: 403, text: `fault injected: cookie ${fault.requireCookie} required\n`, headers });
    return;
  }
  if (faulted && fault.status !== undefined) {
    sendText(res, { status: fault.status, text: `fault injected: status ${fault.status}\n`, headers });
    return;
  }
  const answer: OriginAnswer = mediaPath.startsWith('/vod/')
    ? await mediaFileAnswer(context.mediaDir, mediaPath.slice('/vod/'.length))
    : await context.live.answer({ path: mediaPath.slice('/live/'.length), query, nowMs: context.now() });
  if (answer.kind === 'error') {
    sendText(res, { status: answer.status, text: answer.text, headers });
    return;
  }
  await sendBody(req, res, {
    source: answer.source,
    contentType: answer.contentType,
    headers,
    dropAfterBytes: faulted ? fault.dropAfterBytes : undefined,
    onBytes: (bytes) => context.counter.countBytes(pathname, bytes, client),
  });
}

async function control(req: IncomingMessage, res: ServerResponse, context: RequestContext): Promise<void> {
  const headers = context.cors(req);
  const json = (status: number, value: unknown) =>
    sendText(res, { status, text: JSON.stringify(value) + '\n', headers, contentType: 'application/json' });
  const route = `${req.method} ${new URL(req.url ?? '/', 'http://origin.invalid').pathname}`;
  if (route === 'GET /__origin/stats') return json(200, context.origin.stats());
  if (route === 'POST /__origin/reset') {
    context.origin.resetStats();
    return json(200, { ok: true });
  }
  if (route === 'GET /__origin/set-cookie') return setCookies(req, res);
  if (route === 'POST /__origin/fault') {
    try {
      const body = await readBody(req, CONTROL_BODY_LIMIT_BYTES);
      context.origin.setFault(JSON.parse(body || 'null'));
      return json(200, { ok: true, fault: context.fault() });
    } catch (error) {
      return json(400, { ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }
  json(404, { ok: false, error: `unknown control route ${route} (GET /__origin/stats, POST /__origin/reset, POST /__origin/fault, GET /__origin/set-cookie)` });
}

/**
 * `GET /__origin/set-cookie?name=value&…`: sets each cookie (an empty value clears it), with
 * credentialed CORS so a page's `fetch(…, { credentials: 'include' })` can store them.
 */
function setCookies(req: IncomingMessage, res: ServerResponse): void {
  const query = new URL(req.url ?? '/', 'http://origin.invalid').searchParams;
  const cookies = [...query].map(([name, value]) => `${name}=${value}; Path=/; SameSite=Lax${value === '' ? '; Max-Age=0' : ''}`);
  res.writeHead(200, { ...credentialedCorsHeaders(req), 'Set-Cookie': cookies, 'Cache-Control': 'no-store', 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ ok: true, cookies: [...query.keys()] }) + '\n');
}

function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) reject(new Error(`body larger than ${limitBytes} bytes`));
      else chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(server: Server, at: { port: number; host: string }): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(new Error(`cannot listen on ${at.host}:${at.port}: ${error.code ?? error.message}`, { cause: error }));
    server.once('error', onError);
    server.listen(at.port, at.host, () => {
      server.off('error', onError);
      resolvePort((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolveClose) => {
    server.close(() => resolveClose());
    server.closeAllConnections();
  });
}

/** `--name value` from argv, or undefined. */
export function cliOption(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const port = Number(cliOption(argv, 'port') ?? 8180);
  const origin = await startOrigin({ port, host: cliOption(argv, 'host'), mediaDir: cliOption(argv, 'media') });
  console.log(`origin: ${origin.url}`);
  for (const path of ['/vod/hls-ts/master.m3u8', '/vod/hls-fmp4/master.m3u8', '/vod/dash/manifest.mpd', '/live/hls-ts/master.m3u8']) {
    console.log(`  ${origin.url}${path}`);
  }
  process.on('SIGINT', () => void origin.close().then(() => process.exit(0)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
