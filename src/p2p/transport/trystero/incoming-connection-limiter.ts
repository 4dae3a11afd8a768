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

/** Bounds the answering connections of one swarm and closes the ones that never connect. */
export class IncomingConnectionLimiter {
  readonly #clock: Clock;
  readonly #pending = new Map<PeerConnectionLike, { timer: unknown; close: () => void }>();
  #destroyed = false;

  constructor({ clock }: { clock: Clock }) {
    this.#clock = clock;
  }

  get pendingCount(): number {
    this.#prune();
    return this.#pending.size;
  }

  /** A new answering connection: false (and closed) when the swarm has too many pending already. */
  admit(connection: PeerConnectionLike, close: () => void): boolean {
    this.#prune();
    if (this.#destroyed || this.#pending.size >= IncomingConnectionLimits.maxPending) {
      close();
      return false;
    }
    const timer = this.#clock.setTimeout(() => {
      this.#pending.delete(connection);
      if (!isSettled(connection)) close();
    }, IncomingConnectionLimits.connectTimeoutMs);
    this.#pending.set(connection, { timer, close });
    return true;
  }

  /** Closes what is still pending (the swarm was left). Safe twice. */
  destroy(): void {
    this.#destroyed = true;
    for (const [connection, { timer, close }] of this.#pending) {
      this.#clock.clearTimeout(timer);
      if (!isSettled(connection)) close();
    }
    this.#pending.clear();
  }

  #prune(): void {
    for (const [connection, { timer }] of this.#pending) {
      if (!isSettled(connection) && connection.connectionState !== 'closed' && connection.connectionState !== 'failed') continue;
      this.#clock.clearTimeout(timer);
      this.#pending.delete(connection);
    }
  }
}

function isSettled(connection: PeerConnectionLike): boolean {
  return connection.connectionState === 'connected';
}
