/**
 * Shared parts of the hostile-peer swarm tests: a tiny CORS server for the HLS sample's
 * `segments-sha256.json` (360p, the rendition the hostile peer serves), and the hostile Node
 * peer's command line for a harness swarm.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { SwarmHarness } from '../../tools/swarm/swarm-harness.ts';

const SAMPLE_DIR = fileURLToPath(new URL('../../media/hls-ts/360p/', import.meta.url));
/** The 360p media playlist: pages play it directly so every viewer (and the hostile peer) has one rendition. */
export const PLAYLIST_PATH = '/vod/hls-ts/360p/index.m3u8';

/** Serves `{ "seg-00000.ts": "<sha256>", … }` for the 360p sample; `close()` stops it. */
export async function startIntegrityServer(): Promise<{ url: string; close(): Promise<void> }> {
  const names = readdirSync(SAMPLE_DIR).filter((name) => name.endsWith('.ts'));
  const hashes = Object.fromEntries(names.map((name) => [name, createHash('sha256').update(readFileSync(SAMPLE_DIR + name)).digest('hex')]));
  const body = JSON.stringify(hashes);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/segments-sha256.json`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Arguments joining `test/integration/node-peer/hostile-peer.ts` to a page swarm (default appId, no password). */
export function hostileArgs(o: { harness: SwarmHarness; swarmId: string; mode: string; extra?: string[] }): string[] {
  return [
    '--tracker', o.harness.tracker.url,
    '--swarm', o.swarmId,
    '--app-id', 'p2p-video',
    '--mode', o.mode,
    '--origin', o.harness.origin.url,
    '--playlist', PLAYLIST_PATH,
    '--exit-after-ms', '90000',
    ...(o.extra ?? []),
  ];
}
