/**
 * A WebTorrent tracker as aquatic_ws, wt-tracker and bittorrent-tracker behave for our client. It
 * reads the announce body our client sends (`announceBody` of announce-plan.ts): the offers are
 * forwarded each to a different random peer of the swarm (at most `maxOffers`), `event: 'stopped'`
 * removes the peer from the swarm, answers are relayed back to the offerer, every other announce
 * is answered with the `interval` and the swarm's size (`complete + incomplete`), and peers silent
 * for `maxPeerAgeMs` are forgotten.
 *
 * It counts the messages it receives, as the tracker's own counter does (tools/tracker: a real
 * bittorrent-tracker counts client messages on its sockets) and by the same kinds
 * (`messageKindOf`): that is the tracker's load and what the browser measurements report. The
 * messages it sends (responses, forwarded offers and answers) are counted apart.
 */
import type { SeededRandom } from './seeded-random.ts';
import type { SimClock } from './sim-clock.ts';
import type { TrackerMessageKind } from '../tools/tracker/tracker-server.ts';

/** What the tracker calls on a client (the simulated transport's signaling side). */
export interface TrackerClient {
  readonly peerId: string;
  /** One-way latency between this client and the tracker, ms. */
  readonly trackerLatencyMs: number;
  /** An announce response: the interval and the peers in the swarm, the announcer included. */
  announceResponse(response: { intervalS: number; swarmPeers: number }): void;
  offer(fromPeerId: string, offerId: string): void;
  answer(fromPeerId: string, offerId: string): void;
}

export interface SimTrackerOptions {
  clock: SimClock;
  random: SeededRandom;
  intervalS: number;
  maxOffers: number;
  /** aquatic_ws `max_peer_age`. @default 180 s */
  maxPeerAgeMs?: number;
}

interface Entry {
  client: TrackerClient;
  lastAnnounceMs: number;
  index: number;
}

export class SimTracker {
  readonly #options: SimTrackerOptions;
  readonly #entries = new Map<string, Entry>();
  /** Dense list for uniform sampling (swap-remove keeps it O(1)). */
  readonly #list: Entry[] = [];
  /** Messages received in each virtual second. */
  readonly #perSecond = new Map<number, number>();
  /** Messages received from clients: the tracker's load. */
  messagesReceived = 0;
  /** The same, by kind (as tools/tracker counts them). */
  readonly messagesByKind: Record<TrackerMessageKind, number> = { offers: 0, answer: 0, announce: 0, stopped: 0, other: 0 };
  /** Messages the tracker sent (announce responses, forwarded offers and answers). */
  messagesSent = 0;

  constructor(options: SimTrackerOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#list.length;
  }

  /** The busiest second's count of messages received. */
  get peakMessagesPerSecond(): number {
    let peak = 0;
    for (const count of this.#perSecond.values()) peak = Math.max(peak, count);
    return peak;
  }

  /** An announce (the body our client sends, see `announceBody`) arriving now from `client`. */
  announce(client: TrackerClient, body: Record<string, unknown>): void {
    const offerIds = Array.isArray(body.offers) ? body.offers.map((offer: { offer_id: string }) => offer.offer_id) : [];
    if (body.event === 'stopped') {
      this.#received('stopped');
      this.#remove(client.peerId);
      return;
    }
    this.#received(offerIds.length > 0 ? 'offers' : 'announce');
    const now = this.#options.clock.now();
    let entry = this.#entries.get(client.peerId);
    if (!entry) {
      entry = { client, lastAnnounceMs: now, index: this.#list.length };
      this.#entries.set(client.peerId, entry);
      this.#list.push(entry);
    }
    entry.lastAnnounceMs = now;
    const swarmPeers = this.#list.length;
    this.#send(client, () => client.announceResponse({ intervalS: this.#options.intervalS, swarmPeers }));
    const numwant = typeof body.numwant === 'number' ? body.numwant : offerIds.length;
    const targets = this.#randomPeers(client.peerId, Math.min(offerIds.length, numwant, this.#options.maxOffers));
    targets.forEach((target, i) => this.#send(target, () => target.offer(client.peerId, offerIds[i]!)));
  }

  /** An answer from `client` to `toPeerId`'s offer, arriving now. */
  answer(client: TrackerClient, request: { toPeerId: string; offerId: string }): void {
    this.#received('answer');
    const target = this.#entries.get(request.toPeerId)?.client;
    if (target) this.#send(target, () => target.answer(client.peerId, request.offerId));
  }

  /** The client's socket closed (the page went away): no message, the peer is dropped. */
  disconnect(client: TrackerClient): void {
    if (this.#entries.get(client.peerId)?.client === client) this.#remove(client.peerId);
  }

  #send(client: TrackerClient, deliver: () => void): void {
    this.messagesSent++;
    this.#options.clock.setTimeout(() => {
      if (this.#entries.get(client.peerId)?.client === client) deliver();
    }, client.trackerLatencyMs);
  }

  /** Up to `count` distinct live peers other than `selfId`, uniformly at random. */
  #randomPeers(selfId: string, count: number): TrackerClient[] {
    const chosen = new Map<string, TrackerClient>();
    const maxAge = this.#options.maxPeerAgeMs ?? 180_000;
    const now = this.#options.clock.now();
    for (let attempts = 0; chosen.size < count && attempts < count * 4 + 8 && this.#list.length > 1; attempts++) {
      const entry = this.#list[this.#options.random.index(this.#list.length)]!;
      if (now - entry.lastAnnounceMs > maxAge) {
        this.#remove(entry.client.peerId);
        continue;
      }
      if (entry.client.peerId !== selfId) chosen.set(entry.client.peerId, entry.client);
    }
    return [...chosen.values()];
  }

  #remove(peerId: string): void {
    const entry = this.#entries.get(peerId);
    if (!entry) return;
    this.#entries.delete(peerId);
    const last = this.#list.pop()!;
    if (last !== entry) {
      this.#list[entry.index] = last;
      last.index = entry.index;
    }
  }

  #received(kind: TrackerMessageKind): void {
    this.messagesReceived++;
    this.messagesByKind[kind]++;
    const second = Math.floor(this.#options.clock.now() / 1000);
    this.#perSecond.set(second, (this.#perSecond.get(second) ?? 0) + 1);
  }
}
