import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { RTCPeerConnection } from 'werift';
import { P2PCore } from '../../../src/p2p/p2p-core.ts';
import type { P2PConfig } from '../../../src/p2p/config.ts';
import type { P2PEventMap, P2PEventName } from '../../../src/p2p/events.ts';
import type { SegmentInfo, StreamInfo } from '../../../src/p2p/segment.ts';
import { TrysteroTransport } from '../../../src/p2p/transport/trystero/trystero-transport.ts';
import { startOrigin, type OriginServer } from '../../../tools/origin/origin-server.ts';
import { startTracker, type TrackerServer } from '../../../tools/tracker/tracker-server.ts';

// Node 20 has no global WebSocket; Trystero's tracker client needs one.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export const SAMPLE_DIR = fileURLToPath(new URL('../../../media/hls-ts/360p/', import.meta.url));
export const PLAYLIST_PATH = '/vod/hls-ts/360p/index.m3u8';
export const sampleStream: StreamInfo = { id: 'main|640x360|hls-ts', type: 'main', isLive: false };

/** The real sample files, by segment id (HLS media sequence, the playlist starts at 0). */
export function sampleFiles(): Map<string, { name: string; bytes: Uint8Array }> {
  const names = readdirSync(SAMPLE_DIR).filter((name) => name.endsWith('.ts')).sort();
  return new Map(names.map((name, i) => [String(i), { name, bytes: new Uint8Array(readFileSync(SAMPLE_DIR + name)) }]));
}

/**
 * A real local tracker, the real origin (`tools/origin/origin-server.ts`) and a server for the samples'
 * `segments-sha256.json`, for tests with real Trystero + werift peers.
 */
export class RealSwarmEnv {
  tracker!: TrackerServer;
  origin!: OriginServer;
  integrity!: Server;
  integrityUrl = '';
  readonly files = sampleFiles();
  readonly appId = `p2p-video-hostile-${process.pid}`;
  readonly password = 'hostile-test';
  /** Fresh per honest core (`honestCore`), so tests in one process do not share a swarm. */
  swarmId = '';
  #swarms = 0;
  readonly cores: P2PCore[] = [];

  async start(): Promise<void> {
    this.tracker = await startTracker({ port: 0 });
    this.origin = await startOrigin({ port: 0 });
    const hashes = Object.fromEntries([...this.files.values()].map(({ name, bytes }) => [name, createHash('sha256').update(bytes).digest('hex')]));
    this.integrity = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(hashes)));
    await new Promise<void>((resolve) => this.integrity.listen(0, '127.0.0.1', resolve));
    this.integrityUrl = `http://127.0.0.1:${(this.integrity.address() as AddressInfo).port}/segments-sha256.json`;
  }

  segments(): SegmentInfo[] {
    return [...this.files].map(([id, { name }]) => ({ id, url: `${this.origin.url}/vod/hls-ts/360p/${name}`, startTime: Number(id) * 2, duration: 2 }));
  }

  /** Command-line arguments joining a hostile peer to this swarm. */
  hostileArgs(mode: string, extra: string[] = []): string[] {
    return ['--tracker', this.tracker.url, '--swarm', this.swarmId, '--app-id', this.appId, '--password', this.password, '--mode', mode, '--origin', this.origin.url, '--playlist', PLAYLIST_PATH, '--stream', sampleStream.id, ...extra];
  }

  /** An honest core on the real transport, recording its events. */
  honestCore(config: Partial<P2PConfig> = {}): { core: P2PCore; events: Array<{ name: P2PEventName; payload: unknown; atMs: number }> } {
    this.swarmId = `swarm-${process.pid}-${++this.#swarms}`;
    const core = new P2PCore({
      swarmId: this.swarmId,
      config: { trackers: [this.tracker.url], iceServers: [], appId: this.appId, password: this.password, ...config },
      deps: { transport: new TrysteroTransport({ rtcPolyfill: RTCPeerConnection }), logger: { debug() {}, info() {}, warn() {}, error() {} } },
    });
    this.cores.push(core);
    const events: Array<{ name: P2PEventName; payload: unknown; atMs: number }> = [];
    for (const name of ['peerConnected', 'peerDisconnected', 'peerBanned', 'segmentRejected', 'segmentLoaded', 'warning'] as const) {
      core.on(name, (payload: P2PEventMap[typeof name]) => events.push({ name, payload, atMs: performance.now() }));
    }
    return { core, events };
  }

  async stop(): Promise<void> {
    await Promise.all(this.cores.map((core) => core.destroy()));
    await this.tracker?.close();
    await this.origin?.close();
    await new Promise((resolve) => this.integrity?.close(resolve));
  }
}

/** Resolves when `check` is true, polling; rejects after `timeoutMs` naming `what`. */
export async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
