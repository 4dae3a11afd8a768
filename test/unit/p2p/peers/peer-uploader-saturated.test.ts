/**
 * Issue 12: an honest uploader whose uplink is saturated by several requesters must not be banned
 * by them, and a real staller still is. Real uploader, downloaders and scores; a fake uplink that
 * sends first come, first served (as the simulator's and, per data channel, a browser's does).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PeerDownloader } from '../../../../src/p2p/peers/peer-downloader.ts';
import { BAN_SCORE, PeerScores } from '../../../../src/p2p/peers/peer-score.ts';
import type { PeerSwarm, RemotePeer } from '../../../../src/p2p/peers/peer-swarm.ts';
import { PeerUploader } from '../../../../src/p2p/peers/peer-uploader.ts';
import type { ProtocolMessage } from '../../../../src/p2p/protocol/protocol.ts';
import { SegmentStore } from '../../../../src/p2p/storage/segment-store.ts';
import { FakeClock } from '../../../fakes/fake-clock.ts';

const LATENCY_MS = 20;
/** 1 Mbit/s: the slowest uplink in the simulator's mix. */
const UPLINK_BYTES_PER_MS = 125;
const SEGMENT_BYTES = 200_000;
const SEGMENTS = 60;

interface Requester {
  id: string;
  peer: RemotePeer;
  downloader: PeerDownloader;
  scores: PeerScores;
  next: number;
  verified: number;
}

function swarmOf(options: { peer?: (id: string) => RemotePeer | undefined; send: (to: string, message: ProtocolMessage) => void }): PeerSwarm {
  return { peer: options.peer ?? (() => undefined), peers: [], send: options.send } as unknown as PeerSwarm;
}

function saturatedSwarm(requesterCount: number) {
  const clock = new FakeClock();
  const store = new SegmentStore({ limitBytes: 64 * 1024 * 1024, liveRetentionSeconds: 60 });
  for (let id = 1; id <= SEGMENTS; id++) store.add({ streamId: 's', segmentId: String(id), bytes: new Uint8Array(SEGMENT_BYTES), source: 'http', isLive: false, endTime: id * 2 });
  const requesters = new Map<string, Requester>();
  const bans: string[] = [];
  let upFreeAtMs = 0;
  const lastArrival = new Map<string, number>();
  const uploader = new PeerUploader({
    store,
    clock,
    isUploadEnabled: () => true,
    onUploaded: () => {},
    onOffense: () => {},
    swarm: swarmOf({
      send: (to, message) => {
        const nowMs = clock.now();
        let arrivalMs = nowMs + LATENCY_MS;
        if (message.type === 'data-chunk') arrivalMs = (upFreeAtMs = Math.max(nowMs, upFreeAtMs) + message.bytes.byteLength / UPLINK_BYTES_PER_MS) + LATENCY_MS;
        arrivalMs = Math.max(arrivalMs, lastArrival.get(to) ?? 0);
        lastArrival.set(to, arrivalMs);
        clock.setTimeout(() => {
          const requester = requesters.get(to)!;
          if (message.type === 'hello') requester.peer.uploadEnabled = message.uploadEnabled;
          else if (message.type === 'data-header' || message.type === 'data-chunk' || message.type === 'absent') requester.downloader.handle('up', message);
        }, arrivalMs - nowMs);
      },
    }),
  });
  const ask = (requester: Requester): void => {
    if (bans.length > 0 || requester.next > SEGMENTS) return;
    const segmentId = String(requester.next++);
    const transfer = requester.downloader.request({ peerId: 'up', streamId: 's', segmentId, expectedBytes: SEGMENT_BYTES });
    transfer.promise.then(
      () => {
        requester.verified++;
        // Our swarm announces `have` of what it stored: the uploader's confirmation.
        clock.setTimeout(() => uploader.confirm(requester.id, 's', [segmentId]), LATENCY_MS);
        ask(requester);
      },
      // Refused or failed: the requester tries its next segment a little later (HTTP got this one).
      () => void clock.setTimeout(() => ask(requester), 500),
    );
  };
  for (let i = 0; i < requesterCount; i++) {
    const id = `r${i}`;
    const peer = { id: 'up', activeDownloads: 0, bytesPerMs: undefined, uploadEnabled: true } as unknown as RemotePeer;
    const scores = new PeerScores({ clock, onBan: ({ reason }) => bans.push(`${id}: ${reason}`) });
    const downloader = new PeerDownloader({
      clock,
      p2pTimeoutMs: 4000,
      verify: async () => true,
      onRejected: () => {},
      onOffense: (peerId, offense, detail) => void scores.penalize(peerId, offense, detail),
      onVerified: (peerId) => scores.reward(peerId),
      swarm: swarmOf({
        peer: (peerId) => (peerId === 'up' ? peer : undefined),
        send: (_to, message) => void clock.setTimeout(() => uploader.handle(id, message), LATENCY_MS),
      }),
    });
    requesters.set(id, { id, peer, downloader, scores, next: 1 + i * 7, verified: 0 });
  }
  return { clock, uploader, requesters: [...requesters.values()], bans, ask };
}

test('issue 12: an honest uploader saturated by four requesters (3 requests each on a 1 Mbit/s uplink) is banned by none of them', async () => {
  const { clock, uploader, requesters, bans, ask } = saturatedSwarm(4);
  // Our downloader keeps up to 3 requests in flight per peer.
  for (const requester of requesters) for (let i = 0; i < 3; i++) ask(requester);
  for (let ms = 0; ms < 60_000; ms += 100) await clock.advance(100);
  // Before: every segment queued behind the others' on the uplink, first bytes came after the
  // 4 s stall timer, and all four requesters charged `stalled` until they banned the uploader.
  assert.deepEqual(bans, []);
  const verified = requesters.reduce((sum, requester) => sum + requester.verified, 0);
  assert.ok(verified >= 20, `the uploader still served (${verified} segments)`);
  uploader.destroy();
  for (const requester of requesters) requester.downloader.destroy();
});

test('issue 12: a real staller (header, then nothing) is still banned by the same downloader and scores', async () => {
  const clock = new FakeClock();
  const peer = { id: 'staller', activeDownloads: 0, bytesPerMs: undefined, uploadEnabled: true } as unknown as RemotePeer;
  const bans: string[] = [];
  const scores = new PeerScores({ clock, onBan: ({ reason }) => bans.push(reason) });
  let downloader!: PeerDownloader;
  downloader = new PeerDownloader({
    clock,
    p2pTimeoutMs: 4000,
    verify: async () => true,
    onRejected: () => {},
    onOffense: (peerId, offense, detail) => void scores.penalize(peerId, offense, detail),
    onVerified: (peerId) => scores.reward(peerId),
    swarm: swarmOf({
      peer: () => peer,
      send: (_to, message) => {
        if (message.type === 'request') clock.setTimeout(() => downloader.handle('staller', { type: 'data-header', requestId: message.requestId, totalBytes: SEGMENT_BYTES }), LATENCY_MS);
      },
    }),
  });
  let requests = 0;
  while (bans.length === 0 && requests < 10) {
    requests++;
    downloader.request({ peerId: 'staller', streamId: 's', segmentId: String(requests), expectedBytes: SEGMENT_BYTES }).promise.catch(() => {});
    await clock.advance(4100);
  }
  assert.equal(bans.length, 1, `banned after ${requests} stalled requests`);
  assert.match(bans[0]!, /^stalled/);
  assert.ok(requests <= Math.ceil(BAN_SCORE / 25) + 1, `${requests} requests`);
  downloader.destroy();
});
