/**
 * Issue 10: what a hostile peer can make Trystero hold by writing raw frames on its data channel.
 * The honest side is the real transport in this process (Trystero + werift, local tracker); the
 * attacker (`node-peer/raw-frame-peer.ts`) runs in its own process. Before the fix: 1,400 64 KiB
 * frames interleaved with complete messages held 65 MiB; another action type 63 MiB (31 MiB of it
 * kept after the peer left); an unknown room token likewise, and none of them was disconnected.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RTCPeerConnection, type RTCDataChannel } from 'werift';
import { WebSocket } from 'ws';
import { resolveConfig } from '../../src/p2p/config-validation.ts';
import { TrysteroTransport } from '../../src/p2p/transport/trystero/trystero-transport.ts';
import type { SwarmConnection } from '../../src/p2p/transport/transport.ts';
import { startTracker, type TrackerServer } from '../../tools/tracker/tracker-server.ts';
import { HostileProcess } from './helpers/hostile-process.ts';
import { until } from './helpers/real-swarm-env.ts';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SCRIPT = fileURLToPath(new URL('./node-peer/raw-frame-peer.ts', import.meta.url));
const MIB = 1024 * 1024;
/** The promise: one hostile peer costs at most this, whatever it sends. */
const MAX_COST_BYTES = 16 * MIB;

/** Every data channel the honest side opens, to read how many bytes arrived on it. */
const honestChannels = new Set<RTCDataChannel>();
class CountingPeerConnection extends RTCPeerConnection {
  constructor(configuration?: ConstructorParameters<typeof RTCPeerConnection>[0]) {
    super(configuration);
    this.onDataChannel.subscribe((channel) => honestChannels.add(channel));
  }

  override createDataChannel(...args: Parameters<RTCPeerConnection['createDataChannel']>): RTCDataChannel {
    const channel = super.createDataChannel(...args);
    honestChannels.add(channel);
    return channel;
  }
}

function heldBytes(): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.arrayBuffers + usage.heapUsed;
}

const receivedBytes = () => [...honestChannels].reduce((sum, channel) => sum + channel.bytesReceived, 0);

describe('hostile raw frames against the real transport (Trystero + werift + local tracker)', { timeout: 120_000 }, () => {
  let tracker: TrackerServer;
  const hostiles: HostileProcess[] = [];
  let swarms = 0;

  before(async () => {
    tracker = await startTracker({ port: 0 });
  });
  after(async () => {
    for (const hostile of hostiles) hostile.kill();
    await tracker?.close();
    // werift keeps UDP sockets of Trystero's pooled connections open after leaving.
    setTimeout(() => process.exit(), 2000).unref();
  });

  for (const attack of ['interleave', 'other-action', 'unknown-token'] as const) {
    it(`regression: ${attack} frames cost at most 16 MiB and get the peer disconnected`, async () => {
      const swarmId = `raw-frames-${process.pid}-${++swarms}`;
      const appId = `p2p-video-raw-${process.pid}`;
      const config = resolveConfig({ trackers: [tracker.url], iceServers: [], appId, password: 'raw-frames' });
      const connection: SwarmConnection = new TrysteroTransport({ rtcPolyfill: CountingPeerConnection }).join({ swarmId, config });
      const joined: string[] = [];
      const left: Array<{ peerId: string; receivedBytes: number; heldBytes: number }> = [];
      const oversized: Array<{ peerId: string; bytes: number }> = [];
      connection.onPeerJoin((peerId) => joined.push(peerId));
      connection.onPeerLeave((peerId) => left.push({ peerId, receivedBytes: receivedBytes(), heldBytes: heldBytes() }));
      connection.onMessage(() => {});
      connection.onOversizedMessage?.((peerId, bytes) => oversized.push({ peerId, bytes }));

      const hostile = new HostileProcess(['--tracker', tracker.url, '--swarm', swarmId, '--app-id', appId, '--password', 'raw-frames', '--attack', attack], SCRIPT);
      hostiles.push(hostile);
      const hostileId = String((await hostile.waitFor((e) => e.event === 'ready')).selfId);
      await until(() => joined.includes(hostileId), 'the hostile peer to connect', 30_000);
      // The attacker waits 1.5 s after connecting: measure with everything set up (offer pool, connection).
      const baseline = heldBytes();
      const receivedBefore = receivedBytes();
      const sent = await hostile.waitFor((e) => e.event === 'attack', 60_000);
      const duringAttack = heldBytes() - baseline;
      await until(() => left.some((l) => l.peerId === hostileId), 'the hostile peer to be disconnected', 5000).catch(() => {});
      const leave = left.find((l) => l.peerId === hostileId);
      hostile.kill();
      await until(() => left.some((l) => l.peerId === hostileId), 'the hostile peer to leave after its process died', 20_000).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 500));
      const afterLeave = heldBytes() - baseline;
      const received = (leave?.receivedBytes ?? receivedBytes()) - receivedBefore;
      console.log(`${attack}: hostile sent ${(Number(sent.bytes) / MIB).toFixed(1)} MiB in ${String(sent.frames)} frames; ` +
        `honest received ${(received / MIB).toFixed(1)} MiB before ${leave ? 'disconnecting it' : 'the attack ended (never disconnected it)'}; ` +
        `held ${(duringAttack / MIB).toFixed(1)} MiB after the attack, ${(afterLeave / MIB).toFixed(1)} MiB after the peer left; oversized reports ${JSON.stringify(oversized.map((o) => o.bytes))}`);
      await connection.leave();
      assert.ok(leave, 'the honest side disconnected the hostile peer itself');
      assert.ok(received <= MAX_COST_BYTES, `received ${received} bytes before disconnecting`);
      assert.ok(duringAttack < MAX_COST_BYTES, `held ${duringAttack} bytes after the attack`);
      assert.ok(afterLeave < MAX_COST_BYTES / 4, `held ${afterLeave} bytes after the peer left`);
      assert.deepEqual(oversized.map((o) => o.peerId), [hostileId], 'reported to the core (which bans)');
    });
  }
});
