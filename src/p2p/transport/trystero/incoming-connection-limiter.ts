import type { Clock } from '../../deps.js';
import type { PeerConnectionLike } from './web-platform.js';

export const IncomingConnectionLimits = Object.freeze({
  /**
   * Answering connections (from offers received) not connected yet, per swarm. Each is a real
   * RTCPeerConnection with ICE gathering and sockets; browsers cap them in the hundreds ("Cannot
   * create so many PeerConnections") and every offer a tracker forwards made one.
   */
  maxPending: 10,
  /**
   * An answering connection not connected by then is closed, whatever Trystero thinks of it
   * (Trystero forgets, without closing, an answering connection whose offer failed to decrypt
   * or apply; its own answering timeout is 23.3 s, ICE gathering gives up at 15 s).
   */
  connectTimeoutMs: 25_000,
});

export interface PendingConnection {
  /** Closes it for good (and tells Trystero). */
  close(): void;
  /**
   * Whether its data channel is open. Not `connectionState`: werift reports "connected" for a
   * connection with no transport yet.
   */
  isConnected(): boolean;
}

/** Bounds the answering connections of one swarm and closes the ones that never connect. */
export class IncomingConnectionLimiter {
  readonly #clock: Clock;
  readonly #pending = new Map<PeerConnectionLike, PendingConnection & { timer: unknown }>();
  #destroyed = false;

  constructor({ clock }: { clock: Clock }) {
    this.#clock = clock;
  }

  get pendingCount(): number {
    this.#prune();
    return this.#pending.size;
  }

  /** A new answering connection: false (and closed) when the swarm has too many pending already. */
  admit(connection: PeerConnectionLike, { close, isConnected }: PendingConnection): boolean {
    this.#prune();
    if (this.#destroyed || this.#pending.size >= IncomingConnectionLimits.maxPending) {
      close();
      return false;
    }
    const timer = this.#clock.setTimeout(() => {
      this.#pending.delete(connection);
      if (!isConnected()) close();
    }, IncomingConnectionLimits.connectTimeoutMs);
    this.#pending.set(connection, { timer, close, isConnected });
    return true;
  }

  /** Closes what is still pending (the swarm was left). Safe twice. */
  destroy(): void {
    this.#destroyed = true;
    for (const { timer, close, isConnected } of this.#pending.values()) {
      this.#clock.clearTimeout(timer);
      if (!isConnected()) close();
    }
    this.#pending.clear();
  }

  #prune(): void {
    for (const [connection, { timer, isConnected }] of this.#pending) {
      if (!isConnected() && connection.connectionState !== 'closed' && connection.connectionState !== 'failed') continue;
      this.#clock.clearTimeout(timer);
      this.#pending.delete(connection);
    }
  }
}
