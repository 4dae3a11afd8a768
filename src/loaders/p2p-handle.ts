/**
 * `hls.p2p` / `installP2P()`'s answer: the P2P side of a player the page created itself (the
 * hls.js and Shaka integrations). Owns one `P2PSession`, the same the element's loaders use;
 * listeners may subscribe before the core exists (it starts once the manifest is requested).
 */
import type { P2PConfig } from '../p2p/config.js';
import { P2PError, P2PErrorCode } from '../p2p/errors.js';
import type { P2PEventListener, P2PEventMap, P2PEventName, P2PStats } from '../p2p/events.js';
import type { P2PCore } from '../p2p/p2p-core.js';
import { deriveSwarmId } from '../p2p/swarm-id.js';
import type { HttpRequestHook } from '../p2p/config.js';
import type { LoaderEventMap } from './media-loader.js';
import { P2PSession } from './p2p-session.js';

/** The `p2p` option of the integrations: the element's `config.p2p` fields, plus the swarm. */
export interface P2POptions extends Partial<P2PConfig> {
  /** Viewers with the same swarm id share segments. @default the manifest URL without query and fragment (as `<p2p-video>`) */
  swarmId?: string;
}

interface Subscription {
  name: P2PEventName;
  listener: (payload: never) => void;
  off?: () => void;
}

export class P2PHandle {
  /** For the engine bridges; pages use the members below. @internal */
  readonly session: P2PSession;
  readonly #swarmIdOverride: string | undefined;
  readonly #subscriptions = new Set<Subscription>();
  #resolveSwarmId!: (id: string) => void;
  #swarmId: string | undefined;

  constructor({ options, engineRequestSetup }: { options: P2POptions; engineRequestSetup?: HttpRequestHook }) {
    const { swarmId, ...config } = options;
    this.#swarmIdOverride = swarmId;
    const swarm = new Promise<string>((resolve) => (this.#resolveSwarmId = resolve));
    this.session = new P2PSession({ p2p: { swarmId: swarm, config }, emit: (type, detail) => this.#onSessionEvent(type, detail), engineRequestSetup });
  }

  /** The core once started (after the first manifest request), else undefined. */
  get core(): P2PCore | undefined {
    return this.session.current;
  }

  /** The core's counters; undefined until it has started (or when it could not). */
  get stats(): P2PStats | undefined {
    return this.session.current?.stats;
  }

  /** The swarm joined, once the source is known. */
  get swarmId(): string | undefined {
    return this.#swarmId;
  }

  /**
   * Subscribes to a core event (`segmentLoaded`, `peerConnected`, `stats`, `warning`, …), also
   * before the core exists. `warning` also reports a core that could not start (`invalid-config`:
   * playback goes on over HTTP). Returns the unsubscribe function.
   */
  on<K extends P2PEventName>(name: K, listener: P2PEventListener<K>): () => void {
    const subscription: Subscription = { name, listener: listener as (payload: never) => void };
    this.#subscriptions.add(subscription);
    const core = this.session.current;
    if (core) subscription.off = core.on(name, listener);
    return () => {
      this.#subscriptions.delete(subscription);
      subscription.off?.();
    };
  }

  /**
   * The manifest is being requested: fixes the swarm (the first source's, unless `swarmId` was
   * given) and starts the core. Later calls keep the first swarm.
   * @internal called by the integrations
   */
  setSource(url: string): void {
    if (this.#swarmId === undefined) {
      try {
        this.#swarmId = deriveSwarmId(new URL(url, globalThis.document?.baseURI).href, this.#swarmIdOverride);
      } catch {
        this.#swarmId = url;
      }
      this.#resolveSwarmId(this.#swarmId);
    }
    this.session.start();
    void this.session.core().then((core) => {
      if (!core) return;
      for (const subscription of this.#subscriptions) {
        subscription.off ??= core.on(subscription.name, subscription.listener as P2PEventListener<P2PEventName>);
      }
    });
  }

  /** Leaves the swarm and stops the core. Safe to call twice. */
  async destroy(): Promise<void> {
    for (const subscription of this.#subscriptions) subscription.off?.();
    this.#subscriptions.clear();
    await this.session.destroy();
  }

  #onSessionEvent<K extends keyof LoaderEventMap>(type: K, detail: LoaderEventMap[K]): void {
    if (type !== 'warning') return;
    const { message } = detail as LoaderEventMap['warning'];
    const error = new P2PError({ code: P2PErrorCode.InvalidConfig, message });
    const listeners = [...this.#subscriptions].filter((subscription) => subscription.name === 'warning');
    if (listeners.length === 0) globalThis.console?.warn(`[p2p-video] ${message}`);
    for (const { listener } of listeners) (listener as P2PEventListener<'warning'>)({ error } satisfies P2PEventMap['warning']);
  }
}
