import type { P2PEventListener, P2PEventMap, P2PEventName } from '../events.js';

/** Typed, synchronous event emitter; a throwing listener is logged, never breaks the core. */
export class EventEmitter {
  readonly #listeners = new Map<P2PEventName, Set<(payload: never) => void>>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  on<K extends P2PEventName>(name: K, listener: P2PEventListener<K>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  listenerCount(name: P2PEventName): number {
    return this.#listeners.get(name)?.size ?? 0;
  }

  emit<K extends P2PEventName>(name: K, payload: P2PEventMap[K]): void {
    for (const listener of [...(this.#listeners.get(name) ?? [])]) {
      try {
        (listener as P2PEventListener<K>)(payload);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
