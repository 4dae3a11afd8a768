/**
 * The `Transport` port for a simulated viewer: signaling through `SimTracker` the way our Trystero
 * WebTorrent strategy does it, ICE set-up time, viewers that can reach nobody, and data channels
 * on `PeerNetwork`. It never opens more channels than the core's `maxPeers`.
 *
 * The announce schedule is Trystero's (at join, then 233, 533 and 1333 ms after the previous one,
 * then at the tracker's interval clamped to 10–120 s), and what each scheduled announce sends is
 * decided by the real client's `planAnnounce` and shaped by its `announceBody` (a pool of 3
 * offers, `numwant` 3, offers older than 120 s replaced): the tracker sees the messages a page
 * would send it. As in the real strategy, offers are not answered while `maxPeers` peers are connected.
 */
import type { AccessLink } from './access-link.ts';
import type { PeerNetwork } from './peer-network.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { SimClock } from './sim-clock.ts';
import type { SimTracker, TrackerClient } from './sim-tracker.ts';
import type { P2PConfig } from '../src/p2p/config.ts';
import { AnnounceKind, OFFERS_PER_ANNOUNCE, announceBody, planAnnounce, type AnnounceState } from '../src/p2p/transport/trystero/announce-plan.ts';
import type { SwarmConnection, Transport } from '../src/p2p/transport/transport.ts';

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
  /** Peers in the tracker's swarm, us included, from its last response. */
  #swarmPeers: number | undefined;
  /** What the last announce sent (the sim's tracker socket never reconnects). */
  #lastAnnounce: AnnounceState['last'];
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

  trackerSwarmSize(): number | undefined {
    return this.#swarmPeers;
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
    // The page closes its tracker socket: no message, the tracker drops the peer.
    this.#world.clock.setTimeout(() => this.#world.tracker.disconnect(this), this.trackerLatencyMs);
  }

  announceResponse(response: { intervalS: number; swarmPeers: number }): void {
    this.#announceMs = Math.min(Math.max(response.intervalS * 1000, DEFAULT_ANNOUNCE_MS), MAX_ANNOUNCE_MS);
    this.#swarmPeers = response.swarmPeers;
  }

  /** Someone's offer, forwarded by the tracker: answered unless we are full (the real rule) or already linking with it. */
  offer(fromPeerId: string, offerId: string): void {
    if (this.#left || this.#busyWith(fromPeerId) || this.#full()) return;
    this.#expectConnection(fromPeerId);
    const { clock, tracker } = this.#world;
    clock.setTimeout(() => {
      if (!this.#left) tracker.answer(this, { toPeerId: fromPeerId, offerId });
    }, this.trackerLatencyMs);
  }

  /** An answer to one of our pooled offers: the first answer claims it; ICE follows. */
  answer(fromPeerId: string, offerId: string): void {
    if (this.#left || !this.#offers.delete(offerId)) return;
    if (this.#world.network.isConnected(this.selfId, fromPeerId)) return;
    this.#expectConnection(fromPeerId);
    const [min, max] = this.#world.connectMs;
    this.#world.clock.setTimeout(() => this.#establish(fromPeerId), this.#world.random.between(min, max));
  }

  /** ICE result: both must be reachable, present, and have room (the cores hang up beyond `maxPeers`). */
  #establish(peerId: string): void {
    const other = this.#world.connections.get(peerId);
    if (this.#left || !other || !this.#link.reachable || !other.#link.reachable) return;
    this.#pending.delete(peerId);
    other.#pending.delete(this.selfId);
    if (this.#full() || other.#full()) return;
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

  /** `maxPeers` channels open: what the real strategy's room capacity reports as full. */
  #full(): boolean {
    return this.#world.network.connectionCount(this.selfId) >= this.#maxPeers;
  }

  /** One scheduled announce: Trystero's schedule, what it sends decided by the real `planAnnounce`. */
  #announce(): void {
    if (this.#left) return;
    const { clock } = this.#world;
    const nowMs = clock.now();
    for (const [peerId, until] of this.#pending) if (until <= nowMs) this.#pending.delete(peerId);
    const connectedPeers = this.#world.network.connectionCount(this.selfId);
    const kind = planAnnounce({
      full: connectedPeers >= this.#maxPeers,
      connectedPeers,
      othersInSwarm: this.#swarmPeers === undefined ? undefined : Math.max(0, this.#swarmPeers - 1),
      last: this.#lastAnnounce,
      intervalMs: this.#announceMs,
      nowMs,
    });
    if (kind !== AnnounceKind.Skip) this.#send(kind, nowMs);
    // Trystero takes the interval the strategy returns at call time (before this announce's response).
    const warmup = WARMUP_DELAYS_MS[this.#announceAttempt++];
    const delay = warmup === undefined ? this.#announceMs : Math.min(this.#announceMs, warmup);
    this.#announceTimer = clock.setTimeout(() => this.#announce(), delay);
  }

  #send(kind: Exclude<AnnounceKind, 'skip'>, nowMs: number): void {
    const offers = kind === AnnounceKind.Offers ? this.#pooledOffers(nowMs) : [];
    this.#lastAnnounce = { kind, offers: offers.length, atMs: nowMs };
    const body = announceBody(kind, offers);
    this.#world.clock.setTimeout(() => {
      if (!this.#left) this.#world.tracker.announce(this, body);
    }, this.trackerLatencyMs);
  }

  /** The room's offer pool: offers older than the retention are replaced, the pool refilled. */
  #pooledOffers(nowMs: number): Array<{ offerId: string; sdp: string }> {
    for (const [id, createdMs] of this.#offers) if (nowMs - createdMs > OFFER_RETENTION_MS) this.#offers.delete(id);
    while (this.#offers.size < OFFERS_PER_ANNOUNCE) this.#offers.set(`${this.selfId}#${this.#nextOfferId++}`, nowMs);
    return [...this.#offers.keys()].map((offerId) => ({ offerId, sdp: '' }));
  }
}
