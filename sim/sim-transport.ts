/**
 * The `Transport` port for a simulated viewer: signaling through `SimTracker` the way our Trystero
 * WebTorrent strategy does it (announces at join, after 233, 533 and 1333 ms, then at the
 * tracker's interval clamped to 10–120 s; a pool of 3 offers, `numwant` 3; offers older than
 * 120 s are replaced), ICE set-up time, viewers that can reach nobody, and data channels on
 * `PeerNetwork`. It never opens more channels than the core's `maxPeers`.
 */
import type { AccessLink } from './access-link.ts';
import type { PeerNetwork } from './peer-network.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { SimClock } from './sim-clock.ts';
import type { SimTracker, TrackerClient } from './sim-tracker.ts';
import type { P2PConfig } from '../src/p2p/config.ts';
import type { SwarmConnection, Transport } from '../src/p2p/transport/transport.ts';

const OFFER_POOL_SIZE = 3;
const WARMUP_DELAYS_MS = [233, 533, 1333];
const DEFAULT_ANNOUNCE_MS = 10_000;
const MAX_ANNOUNCE_MS = 120_000;
const OFFER_RETENTION_MS = 120_000;
/** A connection attempt that has not completed after this long is given up (ICE failure), ms. */
const ICE_FAILURE_MS = 15_000;
/** Extra one-way latency between a viewer's network and the tracker, ms. */
const TRACKER_EXTRA_LATENCY_MS = 10;

/** What every simulated transport of one run shares. */
export interface SignalingWorld {
  clock: SimClock;
  random: SeededRandom;
  network: PeerNetwork;
  tracker: SimTracker;
  connectMs: readonly [number, number];
  /** Live connections by viewer id (for the other side of an attempt). */
  connections: Map<string, SimConnection>;
}

export class SimTransport implements Transport {
  readonly #world: SignalingWorld;
  readonly #viewerId: string;
  readonly #link: AccessLink;
  connection: SimConnection | undefined;

  constructor(options: { world: SignalingWorld; viewerId: string; link: AccessLink }) {
    this.#world = options.world;
    this.#viewerId = options.viewerId;
    this.#link = options.link;
  }

  join({ config }: { swarmId: string; config: Readonly<P2PConfig> }): SwarmConnection {
    this.connection = new SimConnection({ world: this.#world, selfId: this.#viewerId, link: this.#link, maxPeers: config.maxPeers });
    return this.connection;
  }
}

export class SimConnection implements SwarmConnection, TrackerClient {
  readonly selfId: string;
  readonly peerId: string;
  readonly trackerLatencyMs: number;
  readonly #world: SignalingWorld;
  readonly #link: AccessLink;
  readonly #maxPeers: number;
  readonly #offers = new Map<string, number>();
  /** Peers with a connection attempt under way → when it is given up. */
  readonly #pending = new Map<string, number>();
  #announceMs = DEFAULT_ANNOUNCE_MS;
  #announceAttempt = 0;
  #announceTimer: unknown;
  #nextOfferId = 1;
  #left = false;
  #onJoin: (peerId: string) => void = () => {};
  #onLeave: (peerId: string) => void = () => {};
  #onMessage: (peerId: string, data: Uint8Array) => void = () => {};

  constructor(options: { world: SignalingWorld; selfId: string; link: AccessLink; maxPeers: number }) {
    this.#world = options.world;
    this.selfId = this.peerId = options.selfId;
    this.#link = options.link;
    this.#maxPeers = options.maxPeers;
    this.trackerLatencyMs = options.link.latencyMs + TRACKER_EXTRA_LATENCY_MS;
    this.#world.connections.set(this.selfId, this);
    this.#world.network.add(this.selfId, {
      link: this.#link,
      peerJoined: (peerId) => this.#onJoin(peerId),
      peerLeft: (peerId) => this.#onLeave(peerId),
      message: (peerId, data) => this.#onMessage(peerId, data),
    });
    // The tracker's WebSocket opens after TCP + TLS + upgrade: about three round trips.
    this.#announceTimer = this.#world.clock.setTimeout(() => this.#announce(), 6 * this.trackerLatencyMs);
  }

  send(peerId: string, data: Uint8Array): void {
    if (!this.#left) this.#world.network.send(this.selfId, peerId, data);
  }

  onPeerJoin(cb: (peerId: string) => void): void {
    this.#onJoin = cb;
  }

  onPeerLeave(cb: (peerId: string) => void): void {
    this.#onLeave = cb;
  }

  onMessage(cb: (peerId: string, data: Uint8Array) => void): void {
    this.#onMessage = cb;
  }

  disconnect(peerId: string): void {
    this.#world.network.disconnect(this.selfId, peerId);
  }

  async leave(): Promise<void> {
    if (this.#left) return;
    this.#left = true;
    this.#world.clock.clearTimeout(this.#announceTimer);
    this.#world.connections.delete(this.selfId);
    this.#world.network.remove(this.selfId);
    this.#world.clock.setTimeout(() => this.#world.tracker.leave(this), this.trackerLatencyMs);
  }

  announceResponse(intervalS: number): void {
    this.#announceMs = Math.min(Math.max(intervalS * 1000, DEFAULT_ANNOUNCE_MS), MAX_ANNOUNCE_MS);
  }

  /** Someone's offer, forwarded by the tracker: answered unless we are full or already linked. */
  offer(fromPeerId: string, offerId: string): void {
    if (this.#left || this.#busyWith(fromPeerId) || !this.#hasRoom()) return;
    this.#expectConnection(fromPeerId);
    const { clock, tracker } = this.#world;
    clock.setTimeout(() => {
      if (!this.#left) tracker.answer(this, { toPeerId: fromPeerId, offerId });
    }, this.trackerLatencyMs);
  }

  /** An answer to one of our pooled offers: the first answer claims it; ICE follows. */
  answer(fromPeerId: string, offerId: string): void {
    if (this.#left || !this.#offers.delete(offerId)) return;
    if (this.#world.network.isConnected(this.selfId, fromPeerId) || !this.#hasRoom()) return;
    this.#expectConnection(fromPeerId);
    const [min, max] = this.#world.connectMs;
    this.#world.clock.setTimeout(() => this.#establish(fromPeerId), this.#world.random.between(min, max));
  }

  /** ICE result: both must be reachable, present, and have room (the cores' `maxPeers`). */
  #establish(peerId: string): void {
    const other = this.#world.connections.get(peerId);
    if (this.#left || !other || !this.#link.reachable || !other.#link.reachable) return;
    this.#pending.delete(peerId);
    other.#pending.delete(this.selfId);
    if (!this.#hasRoom() || !other.#hasRoom()) return;
    this.#world.network.connect(this.selfId, peerId);
  }

  #expectConnection(peerId: string): void {
    this.#pending.set(peerId, this.#world.clock.now() + ICE_FAILURE_MS);
  }

  #busyWith(peerId: string): boolean {
    const until = this.#pending.get(peerId);
    if (until !== undefined && until <= this.#world.clock.now()) this.#pending.delete(peerId);
    return this.#pending.has(peerId) || this.#world.network.isConnected(this.selfId, peerId);
  }

  #hasRoom(): boolean {
    const now = this.#world.clock.now();
    for (const [peerId, until] of this.#pending) if (until <= now) this.#pending.delete(peerId);
    return this.#world.network.connectionCount(this.selfId) + this.#pending.size < this.#maxPeers;
  }

  #announce(): void {
    if (this.#left) return;
    const { clock, tracker } = this.#world;
    const now = clock.now();
    for (const [id, createdMs] of this.#offers) if (now - createdMs > OFFER_RETENTION_MS) this.#offers.delete(id);
    while (this.#offers.size < OFFER_POOL_SIZE) this.#offers.set(`${this.selfId}#${this.#nextOfferId++}`, now);
    const offerIds = [...this.#offers.keys()];
    clock.setTimeout(() => {
      if (!this.#left) tracker.announce(this, { numwant: OFFER_POOL_SIZE, offerIds });
    }, this.trackerLatencyMs);
    const warmup = WARMUP_DELAYS_MS[this.#announceAttempt++];
    const delay = warmup === undefined ? this.#announceMs : Math.min(this.#announceMs, warmup);
    this.#announceTimer = clock.setTimeout(() => this.#announce(), delay);
  }
}
