/**
 * Issue 10 holes a tracker (or anyone announcing through one) can use, against the real transport
 * (Trystero + werift) talking to a hostile WebSocket tracker in this process. Before the fixes:
 * `interval: "x"` re-armed the announce timer ~900 times a second; 300 offers with undecryptable
 * SDP opened 300 RTCPeerConnections and closed none.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, webcrypto } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { RTCPeerConnection } from 'werift';
import { WebSocket, WebSocketServer } from 'ws';
import { resolveConfig } from '../../src/p2p/config-validation.ts';
import { TrysteroTransport } from '../../src/p2p/transport/trystero/trystero-transport.ts';
import { IncomingConnectionLimits } from '../../src/p2p/transport/trystero/incoming-connection-limiter.ts';
import { roomIdOf } from '../../src/p2p/transport/trystero/room-id.ts';
import { until } from './helpers/real-swarm-env.ts';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

/** werift's RTCPeerConnection, counting connections opened and closed. */
const opened = new Set<object>();
const closed = new Set<object>();
class CountingPeerConnection extends RTCPeerConnection {
  constructor(configuration?: ConstructorParameters<typeof RTCPeerConnection>[0]) {
    super(configuration);
    opened.add(this);
  }

  override async close(): Promise<void> {
    closed.add(this);
    await super.close();
  }
}

const openNow = () => [...opened].filter((pc) => !closed.has(pc)).length;
const id20 = () => randomBytes(15).toString('base64url').slice(0, 20);

/** A WebSocket "tracker" that hands every announce to `onAnnounce`. */
async function hostileTracker(onAnnounce: (socket: WebSocket, message: { info_hash: string; peer_id: string }) => void) {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const announces: number[] = [];
  server.on('connection', (socket) =>
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw));
      if (message.action !== 'announce') return;
      announces.push(performance.now());
      onAnnounce(socket, message);
    }),
  );
  const close = () => {
    // Trystero keeps its tracker sockets after leaving; ws's close() waits for them otherwise.
    for (const client of server.clients) client.terminate();
    return new Promise((resolve) => server.close(resolve));
  };
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, announces, close };
}

/** Trystero's sealing (AES-GCM, key SHA-256(`secret:appId:roomId`), `iv,iv,…$base64`), for offers a peer with the key would send. */
async function seal(plaintext: string, { secret, appId, roomId }: { secret: string; appId: string; roomId: string }): Promise<string> {
  const digest = await webcrypto.subtle.digest('SHA-256', new TextEncoder().encode(`${secret}:${appId}:${roomId}`));
  const key = await webcrypto.subtle.importKey('raw', digest, { name: 'AES-GCM' }, false, ['encrypt']);
  const iv = webcrypto.getRandomValues(new Uint8Array(16));
  const sealed = await webcrypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(plaintext));
  return `${iv.join(',')}$${Buffer.from(sealed).toString('base64')}`;
}

describe('hostile tracker against the real transport (Trystero + werift)', { timeout: 90_000 }, () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  let swarms = 0;
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
    setTimeout(() => process.exit(), 2000).unref();
  });

  /** Trystero connects to the trackers of the first room of the page only: each test leaves before the next joins. */
  function join(trackerUrl: string, password?: string) {
    const swarmId = `hostile-tracker-${process.pid}-${++swarms}`;
    const config = resolveConfig({ trackers: [trackerUrl], iceServers: [], appId: `p2p-video-tracker-${process.pid}`, ...(password ? { password } : {}) });
    const connection = new TrysteroTransport({ rtcPolyfill: CountingPeerConnection }).join({ swarmId, config });
    connection.onMessage(() => {});
    cleanups.push(() => connection.leave());
    return { connection, swarmId, config };
  }

  it('regression: interval "x" from a tracker does not make the announce timer fire more than once a second', async () => {
    const tracker = await hostileTracker((socket, { info_hash }) => socket.send(JSON.stringify({ action: 'announce', info_hash, interval: 'x', complete: 0, incomplete: 1 })));
    cleanups.push(tracker.close);
    const { connection } = join(tracker.url);
    await until(() => tracker.announces.length > 0, 'the first announce', 20_000);
    const first = tracker.announces[0]!;
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const inFourSeconds = tracker.announces.filter((at) => at - first <= 4000).length;
    console.log(`interval "x": ${inFourSeconds} announces in the 4 s after the first`);
    await connection.leave();
    // Trystero's warm-up re-announces at 0.2, 0.5 and 1.3 s, then every >= 10 s.
    assert.ok(inFourSeconds <= 5, `${inFourSeconds} announces in 4 s`);
  });

  it('regression: 300 junk offers open no peer connections', async () => {
    let sent = false;
    let before = 0;
    const tracker = await hostileTracker((socket, { info_hash }) => {
      if (sent) return;
      sent = true;
      // Trystero has its pool of 20 offering connections by now (it announces their offers).
      before = opened.size;
      for (let i = 0; i < 300; i++) {
        // Half not Trystero's format at all, half well-formed but sealed with another key.
        const sdp = i % 2 ? `junk-${i}` : `${Array.from(randomBytes(16)).join(',')}$${randomBytes(300).toString('base64')}`;
        socket.send(JSON.stringify({ action: 'announce', info_hash, peer_id: id20(), offer_id: id20(), offer: { type: 'offer', sdp } }));
      }
    });
    cleanups.push(tracker.close);
    const { connection } = join(tracker.url, 'junk-offers');
    await until(() => sent, 'the junk offers to go out', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const made = opened.size - before;
    console.log(`300 junk offers: ${made} peer connections opened in 3 s; ${openNow()} open in all`);
    await connection.leave();
    assert.equal(made, 0);
  });

  it(`answering connections stay within ${IncomingConnectionLimits.maxPending} per swarm even for offers sealed with the right key`, async () => {
    let target: { secret: string; appId: string; roomId: string } | undefined;
    let sent = false;
    const tracker = await hostileTracker((socket, { info_hash }) => {
      if (sent || !target) return;
      sent = true;
      // A peer that knows the (here: empty) password and sends SDP nobody can apply.
      void (async () => {
        for (let i = 0; i < 60; i++) socket.send(JSON.stringify({ action: 'announce', info_hash, peer_id: id20(), offer_id: id20(), offer: { type: 'offer', sdp: await seal(`v=0 junk ${i}`, target!) } }));
      })();
    });
    cleanups.push(tracker.close);
    const before = opened.size;
    const { connection, swarmId, config } = join(tracker.url);
    target = { secret: '', appId: config.appId, roomId: roomIdOf(swarmId) };
    let maxOpen = 0;
    const started = performance.now();
    while (performance.now() - started < 4000) {
      maxOpen = Math.max(maxOpen, [...opened].slice(before).filter((pc) => !closed.has(pc)).length);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const made = [...opened].slice(before).length;
    console.log(`60 sealed junk offers: ${made} connections made (pool included), at most ${maxOpen} open at once`);
    await connection.leave();
    assert.ok(sent, 'the offers went out');
    // The 20 pooled offering connections of this swarm's first join, plus at most maxPending answering ones.
    assert.ok(maxOpen <= 20 + IncomingConnectionLimits.maxPending, `${maxOpen} open at once`);
  });
});
