/**
 * A P2PCore in its own Node process (Trystero's selfId is one per module), driven over IPC by a
 * test: real Trystero torrent transport, werift WebRTC, a local tracker and origin.
 *
 *   fork('test/integration/node-peer/node-peer.ts', [], { execArgv: ['--import', 'tsx'], env: { PEER_CONFIG: JSON.stringify({ swarmId, config }) } })
 *
 * Requests (parent → child): { id, cmd: 'load', request, playback } | { id, cmd: 'stats' } |
 * { id, cmd: 'waitForPeers', count } | { id, cmd: 'destroy' }. Replies: { id, ok, result | error }.
 */
import { WebSocket } from 'ws';
import { RTCPeerConnection } from 'werift';
import { P2PCore } from '../../../src/p2p/p2p-core.ts';
import { TrysteroTransport } from '../../../src/p2p/transport/trystero/trystero-transport.ts';
import type { PlaybackState, SegmentRequest } from '../../../src/p2p/segment.ts';

// Node 20 has no global WebSocket; Trystero's tracker client needs one.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export type PeerCommand =
  | { id: number; cmd: 'load'; request: SegmentRequest; playback?: PlaybackState }
  | { id: number; cmd: 'stats' }
  | { id: number; cmd: 'waitForPeers'; count: number }
  | { id: number; cmd: 'destroy' };

const { swarmId, config } = JSON.parse(process.env.PEER_CONFIG ?? '{}');
const warnings: string[] = [];
const core = new P2PCore({
  swarmId,
  config,
  deps: {
    transport: new TrysteroTransport({ rtcPolyfill: RTCPeerConnection }),
    logger: { debug() {}, info() {}, warn: (...a: unknown[]) => warnings.push(a.map(String).join(' ')), error: (...a: unknown[]) => warnings.push(a.map(String).join(' ')) },
  },
});
core.on('warning', ({ error }) => warnings.push(`${error.code}: ${error.message}`));

async function run(command: PeerCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'load': {
      if (command.playback) core.updatePlayback(command.playback);
      const startMs = performance.now();
      let peerId: string | undefined;
      const off = core.on('segmentLoaded', (event) => (peerId = event.peerId));
      const response = await core.loadSegment(command.request);
      off();
      const bytes = new Uint8Array(response.data);
      let sum = 0;
      for (const b of bytes) sum = (sum + b) % 65521;
      return { source: response.source, byteLength: bytes.byteLength, checksum: sum, peerId, wallMs: performance.now() - startMs };
    }
    case 'stats':
      return { ...core.stats, warnings };
    case 'waitForPeers': {
      core.setStreamSegments({ id: 'warmup', type: 'main', isLive: false }, []); // joins the swarm
      const startMs = performance.now();
      while (core.stats.peers < command.count) await new Promise((resolve) => setTimeout(resolve, 50));
      return { waitedMs: performance.now() - startMs };
    }
    case 'destroy':
      await core.destroy();
      return {};
  }
}

process.on('message', (command: PeerCommand) => {
  run(command).then(
    (result) => process.send!({ id: command.id, ok: true, result }),
    (error: Error) => process.send!({ id: command.id, ok: false, error: `${error.name}: ${error.message}` }),
  ).then(() => {
    // Trystero keeps its tracker sockets for the page's lifetime; a finished Node peer just exits.
    if (command.cmd === 'destroy') setTimeout(() => process.exit(0), 50);
  });
});
process.send!({ id: 0, ok: true, result: { ready: true } });
