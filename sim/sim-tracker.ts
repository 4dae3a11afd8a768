/**
 * A WebTorrent tracker as aquatic_ws, wt-tracker and bittorrent-tracker behave for our client:
 * an announce carries `numwant` and up to that many offers; the tracker forwards each offer to a
 * different random peer of the swarm (at most `maxOffers`), relays answers back to the offerer,
 * answers every announce with its `interval`, and forgets peers silent for `maxPeerAgeMs`.
 * It counts every message it receives or sends, and the busiest second.
 */
import type { SeededRandom } from './seeded-random.ts';
import type { SimClock } from './sim-clock.ts';

/** What the tracker calls on a client (the simulated transport's signaling side). */
export interface TrackerClient {
  readonly peerId: string;
  /** One-way latency between this client and the tracker, ms. */
  readonly trackerLatencyMs: number;
  announceResponse(intervalS: number): void;
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
  readonly #perSecond = new Map<number, number>();
  /** Messages received plus messages sent. */
  messages = 0;
  announces = 0;

  constructor(options: SimTrackerOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#list.length;
  }

  /** The busiest second's message count. */
  get peakMessagesPerSecond(): number {
    let peak = 0;
    for (const count of this.#perSecond.values()) peak = Math.max(peak, count);
    return peak;
  }

  /** An announce arriving now from `client`. */
  announce(client: TrackerClient, request: { numwant: number; offerIds: readonly string[] }): void {
    this.#count(1);
    this.announces++;
    const now = this.#options.clock.now();
    let entry = this.#entries.get(client.peerId);
    if (!entry) {
      entry = { client, lastAnnounceMs: now, index: this.#list.length };
      this.#entries.set(client.peerId, entry);
      this.#list.push(entry);
    }
    entry.lastAnnounceMs = now;
    this.#send(client, () => client.announceResponse(this.#options.intervalS));
    const wanted = Math.min(request.offerIds.length, request.numwant, this.#options.maxOffers);
    const targets = this.#randomPeers(client.peerId, wanted);
    targets.forEach((target, i) => this.#send(target, () => target.offer(client.peerId, request.offerIds[i]!)));
  }

  /** An answer from `client` to `toPeerId`'s offer, arriving now. */
  answer(client: TrackerClient, request: { toPeerId: string; offerId: string }): void {
    this.#count(1);
    const target = this.#entries.get(request.toPeerId)?.client;
    if (target) this.#send(target, () => target.answer(client.peerId, request.offerId));
  }

  /** The client left (`event: stopped`, or its socket closed). */
  leave(client: TrackerClient): void {
    this.#count(1);
    this.#remove(client.peerId);
  }

  #send(client: TrackerClient, deliver: () => void): void {
    this.#count(1);
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

  #count(n: number): void {
    this.messages += n;
    const second = Math.floor(this.#options.clock.now() / 1000);
    this.#perSecond.set(second, (this.#perSecond.get(second) ?? 0) + n);
  }
}
