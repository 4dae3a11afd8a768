/**
 * A hostile peer that writes raw Trystero frames onto its data channel (below Trystero's action
 * layer), to test what the receiver holds in memory. Joins through the real transport (so the
 * password handshake passes), learns the room token from the first frame it receives, then sends
 * `--frames` frames of 64 KiB (werift's largest message) as fast as backpressure allows:
 *
 * - `interleave`: three partial messages of our action for each complete one (a frame counter
 *   that subtracts completed messages never rises);
 * - `other-action`: frames of an action type nobody registered, half of them complete;
 * - `unknown-token`: frames for a room token nobody joined;
 * - `none`: only joins (and reports peers), to test who connects.
 *
 *   node --import tsx test/integration/node-peer/raw-frame-peer.ts --tracker ws://… --swarm ID --app-id A --password PW --attack interleave
 *
 * Events (JSON lines): {"event":"ready","selfId"}, {"event":"peer","peerId"},
 * {"event":"attack","frames","bytes","stopped"} when it stopped (disconnected) or sent them all.
 */
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { RTCPeerConnection, type RTCDataChannel } from 'werift';
import { resolveConfig } from '../../../src/p2p/config-validation.ts';
import { TrysteroTransport } from '../../../src/p2p/transport/trystero/trystero-transport.ts';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const { values: args } = parseArgs({
  options: {
    tracker: { type: 'string' },
    swarm: { type: 'string' },
    'app-id': { type: 'string' },
    password: { type: 'string' },
    attack: { type: 'string' },
    frames: { type: 'string', default: '1400' },
    'delay-ms': { type: 'string', default: '1500' },
  },
});
const report = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
const FRAME_BYTES = 64 * 1024;

const channels = new Set<RTCDataChannel>();
let roomToken: string | undefined;

function watch(channel: RTCDataChannel): void {
  channels.add(channel);
  channel.onMessage.subscribe((data) => {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    // Room frame [1, len u16, token] or presence frame [2, present, len u16, token].
    const at = bytes[0] === 1 ? 1 : bytes[0] === 2 ? 2 : -1;
    if (at < 0 || roomToken) return;
    const length = bytes.readUInt16BE(at);
    roomToken = bytes.subarray(at + 2, at + 2 + length).toString('latin1');
  });
}

/** werift's RTCPeerConnection, remembering its data channels so we can write raw bytes on them. */
class RecordingPeerConnection extends RTCPeerConnection {
  constructor(configuration?: ConstructorParameters<typeof RTCPeerConnection>[0]) {
    super(configuration);
    this.onDataChannel.subscribe((channel) => watch(channel));
  }

  override createDataChannel(...args: Parameters<RTCPeerConnection['createDataChannel']>): RTCDataChannel {
    const channel = super.createDataChannel(...args);
    watch(channel);
    return channel;
  }
}

function frame(index: number, token: string): Buffer {
  const out = Buffer.alloc(FRAME_BYTES);
  out[0] = 1;
  const sendToken = args.attack === 'unknown-token' ? 'f'.repeat(token.length) : token;
  out.writeUInt16BE(sendToken.length, 1);
  out.write(sendToken, 3, 'latin1');
  const action = 3 + sendToken.length;
  out.write(args.attack === 'other-action' ? 'x' : 'p2pv1', action, 'latin1');
  const last = args.attack === 'interleave' ? index % 4 === 3 : args.attack === 'other-action' ? index % 2 === 1 : false;
  out.writeUInt16BE(last ? 60_000 + (index % 5000) : index % 60_000, action + 32);
  out[action + 34] = Number(last) | 4 | 8;
  out[action + 35] = last ? 255 : 1;
  return out;
}

async function attack(): Promise<void> {
  const total = Number(args.frames);
  while (!roomToken) await new Promise((resolve) => setTimeout(resolve, 20));
  // Let the receiver finish its side of the handshake (it drops our action until then) and settle.
  await new Promise((resolve) => setTimeout(resolve, Number(args['delay-ms'])));
  const channel = [...channels].find((c) => c.readyState === 'open');
  let frames = 0;
  let bytes = 0;
  let stalledSince = performance.now();
  let lastBuffered = 0;
  // A receiver that closed its end does not always close ours (werift): a send buffer that stops
  // draining for 15 s, or Trystero reporting the peer gone, ends the attack too.
  while (frames < total && channel?.readyState === 'open' && !peerLeft && performance.now() - stalledSince < 15_000) {
    const buffered = channel.bufferedAmount;
    if (buffered < lastBuffered) stalledSince = performance.now();
    lastBuffered = buffered;
    if (buffered > 256 * 1024) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      continue;
    }
    stalledSince = performance.now();
    const data = frame(frames, roomToken);
    channel.send(data);
    frames++;
    bytes += data.byteLength;
  }
  report({ event: 'attack', frames, bytes, stopped: frames < total });
}

const config = resolveConfig({ trackers: [args.tracker!], iceServers: [], appId: args['app-id'], password: args.password });
const connection = new TrysteroTransport({ rtcPolyfill: RecordingPeerConnection }).join({ swarmId: args.swarm!, config });
let attacking = false;
let peerLeft = false;
connection.onPeerJoin((peerId) => {
  report({ event: 'peer', peerId });
  if (attacking || args.attack === 'none') return;
  attacking = true;
  void attack();
});
connection.onPeerLeave((peerId) => {
  peerLeft = true;
  report({ event: 'left', peerId });
});
connection.onMessage(() => {});
report({ event: 'ready', selfId: connection.selfId });
setTimeout(() => process.exit(0), 120_000).unref();
