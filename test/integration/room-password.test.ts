/**
 * Room passwords are stretched (PBKDF2, `room-password.ts`) before Trystero sees them: peers with
 * the same password still meet, peers with another do not. Real tracker, Trystero + werift; the
 * other peers run in their own processes (`node-peer/raw-frame-peer.ts --attack none`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { RTCPeerConnection } from 'werift';
import { WebSocket } from 'ws';
import { resolveConfig } from '../../src/p2p/config-validation.ts';
import { TrysteroTransport } from '../../src/p2p/transport/trystero/trystero-transport.ts';
import { startTracker, type TrackerServer } from '../../tools/tracker/tracker-server.ts';
import { HostileProcess } from './helpers/hostile-process.ts';
import { until } from './helpers/real-swarm-env.ts';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
const SCRIPT = fileURLToPath(new URL('./node-peer/raw-frame-peer.ts', import.meta.url));

describe('room passwords over the real transport', { timeout: 60_000 }, () => {
  let tracker: TrackerServer;
  const peers: HostileProcess[] = [];
  before(async () => {
    tracker = await startTracker({ port: 0 });
  });
  after(async () => {
    for (const peer of peers) peer.kill();
    await tracker?.close();
    setTimeout(() => process.exit(), 2000).unref();
  });

  it('two peers with the same password connect; one with a different password does not', async () => {
    const swarmId = `password-${process.pid}`;
    const appId = `p2p-video-password-${process.pid}`;
    const connection = new TrysteroTransport({ rtcPolyfill: RTCPeerConnection }).join({ swarmId, config: resolveConfig({ trackers: [tracker.url], iceServers: [], appId, password: 'right' }) });
    const joined: string[] = [];
    connection.onPeerJoin((peerId) => joined.push(peerId));
    connection.onMessage(() => {});
    const spawn = (password: string) => {
      const peer = new HostileProcess(['--tracker', tracker.url, '--swarm', swarmId, '--app-id', appId, '--password', password, '--attack', 'none'], SCRIPT);
      peers.push(peer);
      return peer;
    };
    const wrong = spawn('wrong');
    const right = spawn('right');
    const [wrongId, rightId] = await Promise.all([wrong, right].map(async (peer) => String((await peer.waitFor((e) => e.event === 'ready')).selfId)));
    await until(() => joined.includes(rightId!), 'the peer with the same password to connect', 30_000);
    // Give the wrong one as long again as the right one took, and a few announces more.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    console.log(`joined: ${joined.length} peer(s); same password ${joined.includes(rightId!)}, different password ${joined.includes(wrongId!)}`);
    assert.ok(!joined.includes(wrongId!), 'the peer with a different password never connected');
    assert.ok(!wrong.events.some((e) => e.event === 'peer'), 'nor did it see us');
    await connection.leave();
  });
});
