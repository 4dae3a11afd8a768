/**
 * Data channels between simulated viewers: which pairs are connected, and when each message
 * arrives. Messages between a pair keep their order (one ordered, reliable channel per peer, as
 * Trystero has). Segment data (`data-chunk`) weighs `payloadScale` times its bytes and queues on
 * the sender's uplink and the receiver's downlink; control messages only pay latency.
 */
import type { AccessLink } from './access-link.ts';
import type { SimClock } from './sim-clock.ts';
import { Command } from '../src/p2p/protocol/protocol.ts';

/** Messages below this many wire bytes do not queue behind segment data (a few hundred bytes). */
const SMALL_MESSAGE_BYTES = 2048;
/** How long after a viewer leaves (closes its page) its peers notice the channel close, ms. */
const CLOSE_NOTICE_MS = 1000;

/** What the network calls on a viewer's side of its channels (its `SwarmConnection`). */
export interface ChannelEndpoint {
  readonly link: AccessLink;
  peerJoined(peerId: string): void;
  peerLeft(peerId: string): void;
  message(peerId: string, data: Uint8Array): void;
}

interface Member {
  endpoint: ChannelEndpoint;
  /** Connected peers → arrival time of the last message sent to each (keeps per-pair order). */
  peers: Map<string, number>;
}

export class PeerNetwork {
  readonly #clock: SimClock;
  readonly #payloadScale: number;
  readonly #members = new Map<string, Member>();
  /** Messages and wire bytes moved (for the run's statistics). */
  messages = 0;
  wireBytes = 0;

  constructor(options: { clock: SimClock; payloadScale: number }) {
    this.#clock = options.clock;
    this.#payloadScale = options.payloadScale;
  }

  add(viewerId: string, endpoint: ChannelEndpoint): void {
    this.#members.set(viewerId, { endpoint, peers: new Map() });
  }

  isConnected(a: string, b: string): boolean {
    return this.#members.get(a)?.peers.has(b) ?? false;
  }

  connectionCount(viewerId: string): number {
    return this.#members.get(viewerId)?.peers.size ?? 0;
  }

  latencyMs(a: string, b: string): number {
    return (this.#members.get(a)?.endpoint.link.latencyMs ?? 0) + (this.#members.get(b)?.endpoint.link.latencyMs ?? 0);
  }

  /** Opens the channel between two present viewers; both sides learn of it now. */
  connect(a: string, b: string): boolean {
    const first = this.#members.get(a);
    const second = this.#members.get(b);
    if (!first || !second || a === b || first.peers.has(b)) return false;
    const now = this.#clock.now();
    first.peers.set(b, now);
    second.peers.set(a, now);
    first.endpoint.peerJoined(b);
    // The first side may have hung up at once (its core was full).
    if (second.peers.has(a)) second.endpoint.peerJoined(a);
    return true;
  }

  /** `a` closes its channel to `b`; `b` notices after the latency. */
  disconnect(a: string, b: string): void {
    const first = this.#members.get(a);
    if (!first?.peers.delete(b)) return;
    const second = this.#members.get(b);
    second?.peers.delete(a);
    this.#clock.setTimeout(() => {
      if (this.#members.get(b) === second) second?.endpoint.peerLeft(a);
    }, this.latencyMs(a, b));
  }

  /** A viewer leaves: every channel closes; the peers notice after latency + `CLOSE_NOTICE_MS`. */
  remove(viewerId: string): void {
    const member = this.#members.get(viewerId);
    if (!member) return;
    this.#members.delete(viewerId);
    for (const peerId of member.peers.keys()) {
      const other = this.#members.get(peerId);
      if (!other) continue;
      other.peers.delete(viewerId);
      this.#clock.setTimeout(() => {
        if (this.#members.get(peerId) === other) other.endpoint.peerLeft(viewerId);
      }, other.endpoint.link.latencyMs + member.endpoint.link.latencyMs + CLOSE_NOTICE_MS);
    }
  }

  send(from: string, to: string, data: Uint8Array): void {
    const sender = this.#members.get(from);
    const receiver = this.#members.get(to);
    const lastArrival = sender?.peers.get(to);
    if (!sender || !receiver || lastArrival === undefined) return;
    const now = this.#clock.now();
    const latency = sender.endpoint.link.latencyMs + receiver.endpoint.link.latencyMs;
    const wire = data[0] === Command.DataChunk ? data.byteLength * this.#payloadScale : data.byteLength;
    let arrival: number;
    if (wire < SMALL_MESSAGE_BYTES) {
      arrival = now + latency;
    } else {
      const up = sender.endpoint.link.upload(wire, now);
      arrival = receiver.endpoint.link.download(wire, { firstByteMs: up.startMs + latency, notBeforeMs: up.endMs + latency });
    }
    arrival = Math.max(arrival, lastArrival);
    sender.peers.set(to, arrival);
    this.messages++;
    this.wireBytes += wire;
    this.#clock.setTimeout(() => {
      // Delivered only while the channel is open on both sides.
      if (this.#members.get(to) === receiver && receiver.peers.has(from)) receiver.endpoint.message(from, data);
    }, arrival - now);
  }
}
