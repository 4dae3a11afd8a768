import type { Clock, Logger } from '../deps.js';
import { DisconnectReason } from '../events.js';
import { PeerOffense } from './peer-score.js';
import { HaveMode, PROTOCOL_VERSION, ProtocolLimits, ProtocolViolation, type ProtocolMessage } from '../protocol/protocol.js';
import type { ProtocolCodec } from '../protocol/protocol-codec.js';
import { TokenBucket } from './token-bucket.js';
import { assertNever } from '../util/assert-never.js';
import type { SwarmConnection, TransportWarning } from '../transport/transport.js';

/**
 * Announcements (`have`/`loading`) a peer may send: a burst for the full `have` on connect, then a
 * steady rate well above what an honest peer needs (one `have` per stored segment, two
 * `loading` per HTTP fetch). Excess messages are dropped and cost `flood` points.
 */
const ANNOUNCE_BURST = 100;
const ANNOUNCES_PER_SECOND = 25;
/**
 * Memory we keep for one peer's announcements (~40,000 short ids; issue 10, hole 6: 64 streams x 8,192 ids of 128
 * bytes were 83 MiB per peer within the old limits). Estimated as the id's length plus what a
 * string in a `Set` costs V8 (~48 bytes). Over it, the oldest ids of the stream go first (a
 * window: old ids are the least useful), and a stream we cannot make room in is dropped.
 */
export const MAX_ANNOUNCED_BYTES_PER_PEER = 2 * 1024 * 1024;
const ID_OVERHEAD_BYTES = 48;

function idCost(id: string): number {
  return id.length + ID_OVERHEAD_BYTES;
}

/** What this core knows about one connected peer. */
export interface RemotePeer {
  readonly id: string;
  uploadEnabled: boolean;
  /** streamId → segment ids the peer announced it holds (at most `maxHaveIdsPerStream` each). */
  readonly have: Map<string, Set<string>>;
  /** streamId → segment ids the peer is fetching over HTTP right now. */
  readonly loading: Map<string, Set<string>>;
  /** Our requests to this peer in flight. */
  activeDownloads: number;
  /** Measured throughput of completed transfers from this peer (EWMA), bytes per ms. */
  bytesPerMs: number | undefined;
  /** Rate limit of this peer's announcements. */
  readonly announceLimit: TokenBucket;
  /** Estimated bytes of `have` + `loading` kept for this peer (at most `MAX_ANNOUNCED_BYTES_PER_PEER`). */
  announcedBytes: number;
}

/** Defined with the event that carries it; re-exported for the swarm's users. */
export type { DisconnectReason } from '../events.js';
export type TransferMessage = Extract<ProtocolMessage, { type: 'request' | 'data-header' | 'data-chunk' | 'absent' | 'cancel' }>;

export interface PeerSwarmHandlers {
  peerConnected(peer: RemotePeer): void;
  peerDisconnected(peerId: string, reason: DisconnectReason): void;
  /** A peer's `have`/`loading` changed; `added` = ids newly held. */
  availabilityChanged(peerId: string, streamId: string, added: readonly string[]): void;
  transferMessage(peerId: string, message: TransferMessage): void;
  /** A peer misbehaved (the scheduler keeps score and bans). */
  offense(peerId: string, offense: PeerOffense, detail: string): void;
  /** A peer speaks another protocol version: it has been dropped (not banned as hostile). */
  unsupportedVersion(peerId: string, version: number): void;
  warning(warning: TransportWarning): void;
}

export interface PeerSwarmOptions {
  connection: SwarmConnection;
  codec: ProtocolCodec;
  clock: Clock;
  logger: Logger;
  maxPeers: number;
  uploadEnabled: boolean;
  /** Our current holdings, for the full `have` sent to a new peer. */
  holdings: () => Map<string, string[]>;
  handlers: PeerSwarmHandlers;
}

/** Peer membership, bans and availability announcements (`hello`/`have`/`loading`) over one `SwarmConnection`. */
export class PeerSwarm {
  readonly #connection: SwarmConnection;
  readonly #codec: ProtocolCodec;
  readonly #logger: Logger;
  readonly #options: PeerSwarmOptions;
  readonly #handlers: PeerSwarmHandlers;
  readonly #peers = new Map<string, RemotePeer>();
  readonly #banned = new Set<string>();
  #left = false;

  constructor(options: PeerSwarmOptions) {
    this.#options = options;
    this.#connection = options.connection;
    this.#codec = options.codec;
    this.#logger = options.logger;
    this.#handlers = options.handlers;
    this.#connection.onPeerJoin((peerId) => this.#peerJoined(peerId));
    this.#connection.onPeerLeave((peerId) => this.#peerLeft(peerId, DisconnectReason.Left));
    this.#connection.onMessage((peerId, data) => this.#received(peerId, data));
    this.#connection.onWarning?.((warning) => this.#handlers.warning(warning));
    this.#connection.onOversizedMessage?.((peerId, bytes) => {
      if (!this.#banned.has(peerId)) this.#handlers.offense(peerId, PeerOffense.OversizedMessage, `a message of ${bytes}+ bytes`);
    });
  }

  /** True once a peer was banned or dropped for this session (its messages are ignored). */
  isBanned(peerId: string): boolean {
    return this.#banned.has(peerId);
  }

  get selfId(): string {
    return this.#connection.selfId;
  }

  get peers(): Iterable<RemotePeer> {
    return this.#peers.values();
  }

  get size(): number {
    return this.#peers.size;
  }

  /** The whole swarm's size as the trackers count it, us included (see `SwarmConnection.trackerSwarmSize`). */
  get trackerSwarmSize(): number | undefined {
    return this.#connection.trackerSwarmSize?.();
  }

  peer(peerId: string): RemotePeer | undefined {
    return this.#peers.get(peerId);
  }

  send(peerId: string, message: ProtocolMessage): void {
    if (this.#left || !this.#peers.has(peerId)) return;
    this.#connection.send(peerId, this.#codec.encode(message));
  }

  /** Announces held segments to every peer, split to respect the per-message id cap. */
  announceHave(streamId: string, mode: HaveMode, segmentIds: readonly string[]): void {
    for (const peerId of this.#peers.keys()) this.#sendHave(peerId, streamId, mode, segmentIds);
  }

  /** Announces the full list of segments we are fetching over HTTP for a stream. */
  announceLoading(streamId: string, segmentIds: readonly string[]): void {
    const ids = segmentIds.slice(-ProtocolLimits.maxIdsPerMessage);
    for (const peerId of this.#peers.keys()) this.send(peerId, { type: 'loading', streamId, segmentIds: ids });
  }

  /** Drops a peer for the rest of this session. */
  ban(peerId: string, reason: DisconnectReason): void {
    this.#banned.add(peerId);
    this.#connection.disconnect(peerId);
    this.#peerLeft(peerId, reason);
  }

  async leave(): Promise<void> {
    if (this.#left) return;
    for (const peerId of [...this.#peers.keys()]) this.#peerLeft(peerId, DisconnectReason.Destroyed);
    this.#left = true;
    await this.#connection.leave();
  }

  #peerJoined(peerId: string): RemotePeer | undefined {
    if (this.#left) return undefined;
    // A banned peer that comes back through the tracker is hung up on again.
    if (this.#banned.has(peerId)) {
      this.#connection.disconnect(peerId);
      return undefined;
    }
    const existing = this.#peers.get(peerId);
    if (existing) return existing;
    if (this.#peers.size >= this.#options.maxPeers) {
      this.#connection.disconnect(peerId);
      return undefined;
    }
    const announceLimit = new TokenBucket({ clock: this.#options.clock, capacity: ANNOUNCE_BURST, refillPerSecond: ANNOUNCES_PER_SECOND });
    const peer: RemotePeer = { id: peerId, uploadEnabled: true, have: new Map(), loading: new Map(), activeDownloads: 0, bytesPerMs: undefined, announceLimit, announcedBytes: 0 };
    this.#peers.set(peerId, peer);
    this.send(peerId, { type: 'hello', version: PROTOCOL_VERSION, uploadEnabled: this.#options.uploadEnabled });
    for (const [streamId, ids] of this.#options.holdings()) this.#sendHave(peerId, streamId, HaveMode.Full, ids);
    this.#handlers.peerConnected(peer);
    return peer;
  }

  #peerLeft(peerId: string, reason: DisconnectReason): void {
    if (!this.#peers.delete(peerId)) return;
    this.#handlers.peerDisconnected(peerId, reason);
  }

  #sendHave(peerId: string, streamId: string, mode: HaveMode, ids: readonly string[]): void {
    const step = ProtocolLimits.maxIdsPerMessage;
    if (ids.length === 0 && mode === HaveMode.Full) this.send(peerId, { type: 'have', streamId, mode, segmentIds: [] });
    for (let i = 0; i < ids.length; i += step) {
      const partMode = mode === HaveMode.Full && i > 0 ? HaveMode.Add : mode;
      this.send(peerId, { type: 'have', streamId, mode: partMode, segmentIds: ids.slice(i, i + step) });
    }
  }

  #received(peerId: string, data: Uint8Array): void {
    if (this.#left || this.#banned.has(peerId)) return;
    // Size cap before decoding: a transport that hands us a huge message (a fake, or a future
    // one without the frame-level check) still cannot make us parse or keep it.
    if (data.byteLength > ProtocolLimits.maxMessageBytes) {
      this.#handlers.offense(peerId, PeerOffense.OversizedMessage, `a message of ${data.byteLength} bytes`);
      return;
    }
    // A message can overtake Trystero's peer-join callback: treat it as the join.
    const peer = this.#peers.get(peerId) ?? this.#peerJoined(peerId);
    if (!peer) return;
    try {
      this.#dispatch(peer, this.#codec.decode(data));
    } catch (error) {
      if (!(error instanceof ProtocolViolation)) throw error;
      this.#logger.warn(`peer ${peerId} broke the protocol: ${error.message}`);
      this.#handlers.offense(peerId, PeerOffense.ProtocolViolation, error.message);
    }
  }

  #dispatch(peer: RemotePeer, message: ProtocolMessage): void {
    switch (message.type) {
      case 'hello':
        if (message.version !== PROTOCOL_VERSION) {
          this.ban(peer.id, DisconnectReason.Protocol);
          return this.#handlers.unsupportedVersion(peer.id, message.version);
        }
        peer.uploadEnabled = message.uploadEnabled;
        return;
      case 'have':
      case 'loading':
        if (!peer.announceLimit.take()) return this.#handlers.offense(peer.id, PeerOffense.Flood, `more than ${ANNOUNCES_PER_SECOND} announcements/s`);
        if (message.type === 'have') return this.#applyHave(peer, message.streamId, message.mode, message.segmentIds);
        if (!this.#hasRoomForStream(peer, peer.loading, message.streamId)) return;
        return this.#applyLoading(peer, message.streamId, message.segmentIds);
      case 'request':
      case 'data-header':
      case 'data-chunk':
      case 'absent':
      case 'cancel':
        return this.#handlers.transferMessage(peer.id, message);
      default:
        return assertNever(message, 'message type');
    }
  }

  /** Memory bound on what a peer makes us remember: streams per peer, ids per stream. */
  #hasRoomForStream(peer: RemotePeer, map: Map<string, Set<string>>, streamId: string): boolean {
    if (map.has(streamId) || map.size < ProtocolLimits.maxStreamsPerPeer) return true;
    this.#handlers.offense(peer.id, PeerOffense.AnnounceOverflow, `more than ${ProtocolLimits.maxStreamsPerPeer} streams`);
    return false;
  }

  #applyLoading(peer: RemotePeer, streamId: string, ids: string[]): void {
    this.#dropSet(peer, peer.loading, streamId);
    const set = new Set<string>();
    for (const id of ids) {
      if (set.has(id)) continue;
      if (peer.announcedBytes + idCost(id) > MAX_ANNOUNCED_BYTES_PER_PEER) {
        this.#handlers.offense(peer.id, PeerOffense.AnnounceOverflow, `announcements above ${MAX_ANNOUNCED_BYTES_PER_PEER} bytes`);
        break;
      }
      set.add(id);
      peer.announcedBytes += idCost(id);
    }
    if (set.size > 0) peer.loading.set(streamId, set);
    this.#handlers.availabilityChanged(peer.id, streamId, []);
  }

  #dropSet(peer: RemotePeer, map: Map<string, Set<string>>, streamId: string): void {
    for (const id of map.get(streamId) ?? []) peer.announcedBytes -= idCost(id);
    map.delete(streamId);
  }

  /** Adds one held id within the stream's window and the peer's byte budget; false when it cannot. */
  #addHeld(peer: RemotePeer, set: Set<string>, id: string): boolean {
    const cost = idCost(id);
    // The window: the oldest ids of this stream make room (Sets iterate in insertion order).
    while (set.size > 0 && (set.size >= ProtocolLimits.maxHaveIdsPerStream || peer.announcedBytes + cost > MAX_ANNOUNCED_BYTES_PER_PEER)) {
      const oldest = set.values().next().value!;
      set.delete(oldest);
      peer.announcedBytes -= idCost(oldest);
    }
    if (peer.announcedBytes + cost > MAX_ANNOUNCED_BYTES_PER_PEER) return false;
    set.add(id);
    peer.announcedBytes += cost;
    return true;
  }

  #applyHave(peer: RemotePeer, streamId: string, mode: HaveMode, ids: string[]): void {
    if (!this.#hasRoomForStream(peer, peer.have, streamId)) return;
    if (mode === HaveMode.Full) this.#dropSet(peer, peer.have, streamId);
    let set = peer.have.get(streamId);
    if (!set) peer.have.set(streamId, (set = new Set()));
    const added: string[] = [];
    let overflow = false;
    for (const id of ids) {
      if (mode === HaveMode.Remove) {
        if (set.delete(id)) peer.announcedBytes -= idCost(id);
      } else if (!set.has(id)) {
        if (!this.#addHeld(peer, set, id)) overflow = true;
        else added.push(id);
      }
    }
    if (set.size === 0) peer.have.delete(streamId);
    if (overflow) this.#handlers.offense(peer.id, PeerOffense.AnnounceOverflow, `announcements above ${MAX_ANNOUNCED_BYTES_PER_PEER} bytes`);
    for (const id of added) peer.loading.get(streamId)?.delete(id);
    this.#handlers.availabilityChanged(peer.id, streamId, added);
  }
}
