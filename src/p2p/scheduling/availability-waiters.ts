import type { Clock } from '../deps.js';
import type { AbortSignalLike } from '../util/platform.js';
import { abortError } from '../util/wait.js';

/**
 * Demands waiting for the swarm: each waits for its segment key until a timeout, and is woken
 * early when a peer announces the segment, it is stored, or the origin comes back.
 */
export class AvailabilityWaiters {
  readonly #clock: Clock;
  readonly #waiters = new Map<string, Set<() => void>>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Resolves after `waitMs` or when woken; rejects with an AbortError when `signal` aborts. */
  wait(key: string, waitMs: number, signal: AbortSignalLike): Promise<void> {
    return new Promise((resolve, reject) => {
      let wakers = this.#waiters.get(key);
      if (!wakers) this.#waiters.set(key, (wakers = new Set()));
      const finish = () => {
        this.#clock.clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        wakers.delete(finish);
        if (wakers.size === 0 && this.#waiters.get(key) === wakers) this.#waiters.delete(key);
        resolve();
      };
      const onAbort = () => {
        finish();
        reject(abortError());
      };
      const timer = this.#clock.setTimeout(finish, waitMs);
      wakers.add(finish);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  wake(key: string): void {
    for (const wake of [...(this.#waiters.get(key) ?? [])]) wake();
  }

  wakeAll(): void {
    for (const wakers of [...this.#waiters.values()]) for (const wake of [...wakers]) wake();
  }

  /** Wakes everyone (their loops then see the core destroyed). Safe twice. */
  destroy(): void {
    this.wakeAll();
    this.#waiters.clear();
  }
}
