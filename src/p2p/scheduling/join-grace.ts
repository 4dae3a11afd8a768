import type { Clock } from '../deps.js';

/**
 * How long after joining the swarm a demand for a segment not due yet waits for peers that have
 * not connected yet (peers usually connect within a second or two of the join). A viewer still
 * alone after that is alone: it does not wait again until a peer connects.
 */
export const JOIN_GRACE_MS = 4000;

/** The window after the core starts (and again after it joins) in which demands wait for peers to connect. */
export class JoinGrace {
  readonly #clock: Clock;
  readonly #onClose: () => void;
  #untilMs = 0;
  #timer: unknown;

  /** `onClose` runs when the window closes (demands waiting for peers that never came go on). */
  constructor(options: { clock: Clock; onClose(): void }) {
    this.#clock = options.clock;
    this.#onClose = options.onClose;
    this.restart();
  }

  /** Ms left in the window; <= 0 once it closed. */
  get leftMs(): number {
    return this.#untilMs - this.#clock.now();
  }

  /** Opens the window again from now (at the join). */
  restart(): void {
    this.#untilMs = this.#clock.now() + JOIN_GRACE_MS;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = this.#clock.setTimeout(this.#onClose, JOIN_GRACE_MS);
  }

  destroy(): void {
    this.#clock.clearTimeout(this.#timer);
  }
}
