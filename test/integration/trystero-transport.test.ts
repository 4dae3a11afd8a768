import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTracker, type TrackerServer } from '../../tools/tracker/tracker-server.ts';
import { NodePeerProcess } from './helpers/node-peer-process.ts';
import type { SegmentRequest } from '../../src/p2p/segment.ts';

const SEGMENT_BYTES = 300_000; // five 64 KiB chunks on the wire


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
  const peers: NodePeerProcess[] = [];

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
    const peerConfig = {
      swarmId: `${originUrl}/master.m3u8`,
      config: { trackers: [tracker.url], iceServers: [], appId: `p2p-video-test-${process.pid}`, password: 'integration' },
    };
    const a = new NodePeerProcess(peerConfig);
    const b = new NodePeerProcess(peerConfig);
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
    // The trackers' count reaches the core (the live election sizes itself by it): B announced after A joined.
    assert.equal(statsB.swarmSize, 2, 'B: the tracker counted A and B');
    assert.ok(statsA.swarmSize === 1 || statsA.swarmSize === 2, `A: the tracker's count at its last announce, got ${statsA.swarmSize}`);
    await Promise.all([a.call({ cmd: 'destroy' }), b.call({ cmd: 'destroy' })]);
  });
});
