import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startTracker, type TrackerServer } from '../../tools/tracker/tracker-server.ts';
import type { PeerCommand } from './node-peer/node-peer.ts';
import type { SegmentRequest } from '../../src/p2p/segment.ts';

const PEER_SCRIPT = fileURLToPath(new URL('./node-peer/node-peer.ts', import.meta.url));
const SEGMENT_BYTES = 300_000; // five 64 KiB chunks on the wire

type Reply = { id: number; ok: boolean; result?: Record<string, unknown>; error?: string };
type Command = PeerCommand extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

class NodePeer {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (reply: Reply) => void>();
  readonly ready: Promise<void>;
  #nextId = 1;

  constructor(env: Record<string, string>) {
    this.#child = fork(PEER_SCRIPT, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.ready = new Promise((resolve) => this.#pending.set(0, () => resolve()));
    this.#child.on('message', (reply: Reply) => this.#pending.get(reply.id)?.(reply));
  }

  async call(command: Command): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    const reply = await new Promise<Reply>((resolve) => {
      this.#pending.set(id, resolve);
      this.#child.send({ ...command, id });
    });
    if (!reply.ok) throw new Error(reply.error);
    return reply.result ?? {};
  }

  kill(): void {
    if (this.#child.exitCode === null) this.#child.kill();
  }
}

function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum = (sum + b) % 65521;
  return sum;
}

describe('P2PCore over the real transport (Trystero + werift + local tracker)', { timeout: 45_000 }, () => {
  let tracker: TrackerServer;
  let origin: Server;
  let originUrl: string;
  const originRequests: string[] = [];
  const body = Uint8Array.from({ length: SEGMENT_BYTES }, (_, i) => (i * 31 + 7) & 0xff);
  const peers: NodePeer[] = [];

  before(async () => {
    tracker = await startTracker({ port: 0 });
    origin = createServer((req, res) => {
      originRequests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(body.byteLength) });
      res.end(body);
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const peer of peers) peer.kill();
    await tracker?.close();
    await new Promise((resolve) => origin?.close(resolve));
  });

  it('peer B gets a segment from peer A over WebRTC, the origin serves it once', async () => {
    const env = {
      PEER_CONFIG: JSON.stringify({
        swarmId: `${originUrl}/master.m3u8`,
        config: { trackers: [tracker.url], iceServers: [], appId: `p2p-video-test-${process.pid}`, password: 'integration' },
      }),
    };
    const a = new NodePeer(env);
    const b = new NodePeer(env);
    peers.push(a, b);
    await Promise.all([a.ready, b.ready]);
    const request: SegmentRequest = {
      stream: { id: 'main|640x360|800000|avc1', type: 'main', isLive: false },
      segment: { id: '7', url: `${originUrl}/seg7.m4s?token=a`, startTime: 30, duration: 2, expectedBytes: SEGMENT_BYTES },
    };
    const fromOrigin = await a.call({ cmd: 'load', request });
    assert.equal(fromOrigin.source, 'http');
    const joined = await Promise.all([a.call({ cmd: 'waitForPeers', count: 1 }), b.call({ cmd: 'waitForPeers', count: 1 })]);
    const playback = { currentTime: 0, playbackRate: 1, paused: false, bufferedAhead: 0 };
    const fromPeer = await b.call({ cmd: 'load', request: { ...request, segment: { ...request.segment, url: `${originUrl}/seg7.m4s?token=b` } }, playback });
    console.log(`peers connected after ${Math.round(Number(joined[1].waitedMs))} ms; 300 kB over WebRTC in ${Math.round(Number(fromPeer.wallMs))} ms`);
    assert.equal(fromPeer.source, 'p2p');
    assert.equal(fromPeer.byteLength, SEGMENT_BYTES);
    assert.equal(fromPeer.checksum, checksum(body));
    assert.equal(originRequests.length, 1, 'only peer A hit the origin');
    const [statsA, statsB] = await Promise.all([a.call({ cmd: 'stats' }), b.call({ cmd: 'stats' })]);
    assert.equal(statsA.uploadBytes, SEGMENT_BYTES);
    assert.equal(statsB.p2pBytes, SEGMENT_BYTES);
    await Promise.all([a.call({ cmd: 'destroy' }), b.call({ cmd: 'destroy' })]);
  });
});
