/**
 * A hostile swarm member for tests: joins a swarm through the real transport (Trystero torrent
 * strategy + werift) and misbehaves. Reports what it does as JSON lines on stdout.
 *
 *   node --import tsx test/integration/node-peer/hostile-peer.ts --tracker ws://127.0.0.1:PORT --swarm ID \
 *     --mode corrupt|liar|flood [--app-id p2p-video] [--password PW] \
 *     [--origin http://127.0.0.1:PORT --playlist /vod/hls-ts/360p/index.m3u8] [--stream STREAM_ID]... \
 *     [--corruption payload|sync|random|truncated|replayed] [--liar-style absent|silent|mixed] [--attack requests|have|oversized|garbage|all] \
 *     [--exit-after-ms 60000]
 *
 * Modes:
 * - `corrupt`: announces every segment of the playlist (fetched from the origin) for every stream
 *   it hears of, and serves them with bytes flipped: `payload` (default) keeps every TS header and
 *   sync byte, so only a hash catches it; `sync` breaks sync bytes of middle packets (the container
 *   check catches it). Same size either way. `random`: as many random bytes as the segment has;
 *   `truncated`: the segment's first half; `replayed`: another segment's real bytes (the next
 *   one in the playlist) under this id — only timestamps or a hash tell.
 * - `liar`: announces every segment id it knows (playlist, others' announcements) and never
 *   delivers: answers `absent`, stays silent, or alternates (`mixed`, default).
 * - `flood`: request floods, announcement floods, a 1 MiB message, garbage bytes (`--attack`).
 *
 * Stream ids are learned from honest peers' `have`/`loading`/`request` messages (and `--stream`).
 * Events: {"event":"ready","selfId"}, {"event":"peer","peerId"}, {"event":"left","peerId"},
 * {"event":"announced","peerId","streamId","segments"}, {"event":"served","peerId","segmentId","bytes","corruption"},
 * {"event":"lied","peerId","segmentId","how"}, {"event":"attack","peerId","attack","messages","bytes"}.
 */
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { RTCPeerConnection } from 'werift';
import { resolveConfig } from '../../../src/p2p/config-validation.ts';
import { HaveMode, PROTOCOL_VERSION, ProtocolLimits, type ProtocolMessage } from '../../../src/p2p/protocol/protocol.ts';
import { ProtocolCodec } from '../../../src/p2p/protocol/protocol-codec.ts';
import { TrysteroTransport } from '../../../src/p2p/transport/trystero/trystero-transport.ts';

// Node 20 has no global WebSocket; Trystero's tracker client needs one.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const { values: args } = parseArgs({
  options: {
    tracker: { type: 'string' },
    swarm: { type: 'string' },
    mode: { type: 'string' },
    'app-id': { type: 'string', default: 'p2p-video' },
    password: { type: 'string' },
    origin: { type: 'string' },
    playlist: { type: 'string' },
    stream: { type: 'string', multiple: true, default: [] },
    corruption: { type: 'string', default: 'payload' },
    'liar-style': { type: 'string', default: 'mixed' },
    attack: { type: 'string', default: 'all' },
    'exit-after-ms': { type: 'string', default: '120000' },
  },
});

function fail(message: string): never {
  console.error(`hostile-peer: ${message}`);
  process.exit(2);
}

const MODES = ['corrupt', 'liar', 'flood'];
const ATTACKS = ['requests', 'have', 'oversized', 'garbage'];
if (!args.tracker || !/^wss?:\/\//.test(args.tracker)) fail('--tracker ws://HOST:PORT is required');
if (!args.swarm) fail('--swarm ID is required');
if (!MODES.includes(args.mode ?? '')) fail(`--mode must be one of ${MODES.join(', ')}`);
const CORRUPTIONS = ['payload', 'sync', 'random', 'truncated', 'replayed'];
if (!CORRUPTIONS.includes(args.corruption!)) fail(`--corruption must be one of ${CORRUPTIONS.join(', ')}`);
if (!['absent', 'silent', 'mixed'].includes(args['liar-style']!)) fail('--liar-style must be absent, silent or mixed');
if (args.attack !== 'all' && !ATTACKS.includes(args.attack!)) fail(`--attack must be all or one of ${ATTACKS.join(', ')}`);
if (args.mode === 'corrupt' && (!args.origin || !args.playlist)) fail('--mode corrupt needs --origin and --playlist');

const report = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
const codec = new ProtocolCodec({ maxSegmentBytes: 64 * 1024 * 1024 });
const config = resolveConfig({ trackers: [args.tracker!], iceServers: [], appId: args['app-id'], password: args.password });
const connection = new TrysteroTransport({ rtcPolyfill: RTCPeerConnection }).join({ swarmId: args.swarm!, config });
const peers = new Set<string>();
const streams = new Set<string>(args.stream);
/** Segment id → URL, from the playlist. */
const playlist = new Map<string, string>();
/** Every segment id heard of, per stream. */
const heard = new Map<string, Set<string>>();
let lies = 0;

async function loadPlaylist(): Promise<void> {
  if (!args.origin || !args.playlist) return;
  const url = new URL(args.playlist, args.origin);
  const text = await (await fetch(url)).text();
  let sequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1] ?? 0);
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    playlist.set(String(sequence++), new URL(line, url).href);
  }
}

function send(peerId: string, message: ProtocolMessage): void {
  connection.send(peerId, codec.encode(message));
}

/** The ids this peer claims to hold for a stream. */
function claimed(streamId: string): string[] {
  const ids = args.mode === 'liar' ? [...playlist.keys(), ...(heard.get(streamId) ?? [])] : [...playlist.keys()];
  return [...new Set(ids)].slice(0, ProtocolLimits.maxIdsPerMessage);
}

function announce(peerId: string, streamId: string): void {
  const ids = claimed(streamId);
  if (ids.length === 0) return;
  send(peerId, { type: 'have', streamId, mode: HaveMode.Add, segmentIds: ids });
  report({ event: 'announced', peerId, streamId, segments: ids.length });
}

function learn(_peerId: string, streamId: string, ids: readonly string[] = []): void {
  let set = heard.get(streamId);
  if (!set) heard.set(streamId, (set = new Set()));
  const before = set.size;
  for (const id of ids) set.add(id);
  const isNew = !streams.has(streamId);
  streams.add(streamId);
  if (args.mode === 'flood') return;
  // Claim the new stream (or the newly heard ids, liar mode) to every peer.
  if (isNew || (args.mode === 'liar' && set.size > before)) for (const peer of peers) announce(peer, streamId);
}

/** Real bytes with some flipped: same size, headers (or sync bytes) kept or broken on purpose. */
function flipped(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const packets = Math.floor(out.byteLength / 188);
  for (let packet = Math.floor(packets / 4); packet < packets; packet += 7) {
    if (args.corruption === 'sync') out[packet * 188] = 0x00;
    else for (let i = 100; i < 120; i++) out[packet * 188 + i]! ^= 0xff;
  }
  return out;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

/** The bytes served for `segmentId` under `--corruption`. */
async function corrupted(segmentId: string, url: string): Promise<Uint8Array> {
  const bytes = await fetchBytes(url);
  switch (args.corruption) {
    case 'random':
      return randomBytes(bytes.byteLength);
    case 'truncated':
      return bytes.subarray(0, Math.floor(bytes.byteLength / 2));
    case 'replayed': {
      const ids = [...playlist.keys()];
      const other = playlist.get(ids[(ids.indexOf(segmentId) + 1) % ids.length]!)!;
      return fetchBytes(other);
    }
    default:
      return flipped(bytes);
  }
}

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  // getRandomValues fills at most 64 KiB per call.
  for (let offset = 0; offset < length; offset += 65_536) crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65_536)));
  return out;
}

async function serveCorrupted(peerId: string, requestId: number, segmentId: string): Promise<void> {
  const url = playlist.get(segmentId);
  if (!url) return send(peerId, { type: 'absent', requestId });
  const bytes = await corrupted(segmentId, url);
  send(peerId, { type: 'data-header', requestId, totalBytes: bytes.byteLength });
  for (let offset = 0; offset < bytes.byteLength; offset += ProtocolLimits.maxChunkBytes) {
    send(peerId, { type: 'data-chunk', requestId, offsetBytes: offset, bytes: bytes.subarray(offset, offset + ProtocolLimits.maxChunkBytes) });
  }
  report({ event: 'served', peerId, segmentId, bytes: bytes.byteLength, corruption: args.corruption });
}

function lie(peerId: string, requestId: number, segmentId: string): void {
  const style = args['liar-style'] === 'mixed' ? (lies++ % 2 === 0 ? 'absent' : 'silent') : args['liar-style'];
  if (style === 'absent') send(peerId, { type: 'absent', requestId });
  report({ event: 'lied', peerId, segmentId, how: style });
}

async function flood(peerId: string): Promise<void> {
  const attacks = args.attack === 'all' ? ATTACKS : [args.attack!];
  const streamId = [...streams][0] ?? 'main';
  for (const attack of attacks) {
    if (!peers.has(peerId)) return;
    let messages = 0;
    let bytes = 0;
    const out = (data: Uint8Array) => {
      connection.send(peerId, data);
      messages++;
      bytes += data.byteLength;
    };
    if (attack === 'requests') for (let i = 1; i <= 500; i++) out(codec.encode({ type: 'request', requestId: i, streamId, segmentId: '0' }));
    if (attack === 'have') {
      for (let i = 0; i < 300; i++) {
        const segmentIds = Array.from({ length: ProtocolLimits.maxIdsPerMessage }, (_, j) => String(i * ProtocolLimits.maxIdsPerMessage + j));
        out(codec.encode({ type: 'have', streamId, mode: HaveMode.Add, segmentIds }));
      }
    }
    // One 1 MiB message that starts like a data-chunk (the receiver must never reassemble it).
    if (attack === 'oversized') out(new Uint8Array(1024 * 1024).fill(6));
    if (attack === 'garbage') for (let i = 0; i < 20; i++) out(Uint8Array.from({ length: 200 }, () => 0xe0 + Math.floor(Math.random() * 32)));
    report({ event: 'attack', peerId, attack, messages, bytes });
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
}

connection.onPeerJoin((peerId) => {
  if (peers.has(peerId)) return;
  peers.add(peerId);
  report({ event: 'peer', peerId });
  send(peerId, { type: 'hello', version: PROTOCOL_VERSION, uploadEnabled: true });
  if (args.mode === 'flood') void flood(peerId);
  else for (const streamId of streams) announce(peerId, streamId);
});
connection.onPeerLeave((peerId) => {
  peers.delete(peerId);
  report({ event: 'left', peerId });
});
connection.onMessage((peerId, data) => {
  let message: ProtocolMessage;
  try {
    message = codec.decode(data);
  } catch {
    return;
  }
  if (message.type === 'have' || message.type === 'loading') learn(peerId, message.streamId, message.segmentIds);
  if (message.type !== 'request') return;
  learn(peerId, message.streamId, [message.segmentId]);
  if (args.mode === 'corrupt') void serveCorrupted(peerId, message.requestId, message.segmentId).catch((error: Error) => report({ event: 'error', message: error.message }));
  if (args.mode === 'liar') lie(peerId, message.requestId, message.segmentId);
});

await loadPlaylist();
report({ event: 'ready', selfId: connection.selfId, mode: args.mode, segments: playlist.size });
setTimeout(() => void connection.leave().finally(() => process.exit(0)), Number(args['exit-after-ms']));
process.on('SIGTERM', () => process.exit(0));
