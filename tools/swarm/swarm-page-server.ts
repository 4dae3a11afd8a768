/**
 * A small static HTTP server for the swarm harness: the subject pages, the in-page probe, and the
 * files they load (`dist/`, `node_modules/`, `.cache/swarm-bundles/`). Listens on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { isSwarmSubject, subjectPageHtml } from './swarm-subject-pages.ts';
import { REPO_ROOT } from './swarm-pml-bundle.ts';

const SERVED_DIRS = ['/dist/', '/node_modules/', '/.cache/swarm-bundles/'];
const PROBE_PATH = join(REPO_ROOT, 'tools/swarm/swarm-probe.browser.js');

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

export interface SwarmPageServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** URL of a subject's page. */
  pageUrl(subject: string, params: Record<string, string>): string;
  close(): Promise<void>;
}

export interface SwarmPageServerOptions {
  /** Directory served as `/dist/` (the built `<p2p-video>`). @default `<repo>/dist` */
  distDir?: string;
}

export async function startSwarmPageServer(options: SwarmPageServerOptions = {}): Promise<SwarmPageServer> {
  const distDir = options.distDir ?? join(REPO_ROOT, 'dist');
  const server = createServer((req, res) => {
    serve(req.url ?? '/', distDir).then(
      (found) => {
        if (!found) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          return;
        }
        res.writeHead(200, { 'content-type': found.type, 'cache-control': 'no-store' });
        if (typeof found.body === 'string') res.end(found.body);
        else createReadStream(found.body.path).on('error', () => res.destroy()).pipe(res);
      },
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    pageUrl: (subject, params) => `${url}/subject/${subject}.html?${new URLSearchParams(params)}`,
    close: () => closeServer(server),
  };
}

type Found = { type: string; body: string | { path: string } };

async function serve(rawUrl: string, distDir: string): Promise<Found | undefined> {
  const path = decodeURIComponent(new URL(rawUrl, 'http://x').pathname);
  if (path === '/favicon.ico') return { type: 'image/x-icon', body: '' };
  if (path === '/__probe.js') return { type: CONTENT_TYPES['.js']!, body: { path: PROBE_PATH } };
  const page = /^\/subject\/([\w-]+)\.html$/.exec(path);
  if (page) return isSwarmSubject(page[1]!) ? { type: CONTENT_TYPES['.html']!, body: subjectPageHtml(page[1]) } : undefined;
  const clean = normalize(path);
  if (!SERVED_DIRS.some((dir) => clean.startsWith(dir))) return undefined;
  const file = clean.startsWith('/dist/') ? join(distDir, clean.slice('/dist/'.length)) : join(REPO_ROOT, clean);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  return { type: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body: { path: file } };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
