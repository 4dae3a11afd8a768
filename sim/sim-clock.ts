/**
 * A discrete-event clock for the core's `Clock` port: virtual milliseconds that jump to the next
 * timer. Before the clock moves on, every promise and microtask the timers of that instant queued
 * runs to the end (one macrotask turn), as a browser runs its microtask checkpoint after tasks:
 * the cores see the interleaving they would see in a page, only without waiting. (Timers of one
 * exact instant share a checkpoint: in a page they would be separate tasks.)
 */
import type { Clock } from '../src/p2p/deps.ts';

interface Timer {
  at: number;
  seq: number;
  fn: (() => void) | undefined;
}

const drainMicrotasks = () => new Promise<void>((resolve) => setImmediate(resolve));

export class SimClock implements Clock {
  #now = 0;
  #seq = 0;
  /** Binary min-heap on (at, seq). */
  readonly #heap: Timer[] = [];
  #live = 0;
  /** Timers fired so far (for the run's statistics). */
  fired = 0;

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer: Timer = { at: this.#now + (ms > 0 ? ms : 0), seq: this.#seq++, fn };
    this.#push(timer);
    this.#live++;
    return timer;
  }

  clearTimeout(id: unknown): void {
    const timer = id as Timer | undefined;
    if (timer?.fn) {
      timer.fn = undefined;
      this.#live--;
    }
  }

  /** Timers still to fire. */
  get pending(): number {
    return this.#live;
  }

  /**
   * Fires timers in time order until virtual time `endMs` (or no timer is left). All timers due
   * at one virtual instant run, then every microtask they queued (one checkpoint per instant,
   * not per timer: a macrotask turn costs a few µs and most of a run's timers share instants
   * with others); a timer set during the instant for the same instant runs after that checkpoint,
   * as a zero-delay timeout does in a page. `onError` sees what a timer callback throws (the run goes on).
   */
  async runUntil(endMs: number, onError: (error: unknown) => void = (error) => { throw error; }): Promise<void> {
    await drainMicrotasks();
    for (;;) {
      const first = this.#heap[0];
      if (!first || first.at > endMs) break;
      this.#now = first.at;
      this.#fireInstant(onError);
      await drainMicrotasks();
    }
    this.#now = Math.max(this.#now, endMs);
    await drainMicrotasks();
  }

  /** Fires the timers due now that were set before this instant began. */
  #fireInstant(onError: (error: unknown) => void): void {
    const setBefore = this.#seq;
    for (;;) {
      const next = this.#heap[0];
      if (!next || next.at !== this.#now || next.seq >= setBefore) return;
      this.#pop();
      const fn = next.fn;
      if (!fn) continue;
      next.fn = undefined;
      this.#live--;
      this.fired++;
      try {
        fn();
      } catch (error) {
        onError(error);
      }
    }
  }

  #push(timer: Timer): void {
    const heap = this.#heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
