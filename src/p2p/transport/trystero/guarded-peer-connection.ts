import { FrameGuard, type FrameGuardOptions } from './frame-guard.js';
import type { IncomingConnectionLimiter } from './incoming-connection-limiter.js';
import type { DataChannelLike, PeerConnectionClass, PeerConnectionLike } from './web-platform.js';

/** How to close a guarded connection so that Trystero notices at once (see `#closeAbruptly`). */
const abruptClosers = new WeakMap<object, () => void>();

/** Closes `connection` and makes Trystero drop the peer now; false if it is not one of ours. */
export function closeGuardedConnection(connection: object): boolean {
  const close = abruptClosers.get(connection);
  close?.();
  return close !== undefined;
}

export interface GuardedPeerConnectionOptions {
  /** The real class: the browser's `RTCPeerConnection` or a polyfill (werift). */
  base: PeerConnectionClass;
  /** The frame rules (see `FrameGuard`) minus the violation callback. */
  frames: Omit<FrameGuardOptions, 'onViolation'>;
  /** Called before the connection is closed for breaking a frame rule (it is still in Trystero's peer maps). */
  onViolation(connection: PeerConnectionLike, violation: { reason: 'oversized-message' | 'over-budget'; bytes: number }): void;
  /** Bounds this swarm's answering connections. */
  incoming: IncomingConnectionLimiter;
}

/**
 * The `rtcPolyfill` we give Trystero: the real RTCPeerConnection class, extended so that every
 * data channel's messages pass a `FrameGuard` before Trystero's handler sees them, and so that
 * answering connections (Trystero sets `ondatachannel` only on those) go through the swarm's
 * `IncomingConnectionLimiter`. Trystero keeps using the object as a normal RTCPeerConnection.
 */
export function guardedPeerConnectionClass(options: GuardedPeerConnectionOptions): PeerConnectionClass {
  const Base = options.base;
  return class GuardedPeerConnection extends Base {
    readonly #channels: DataChannelLike[] = [];
    readonly #guard: FrameGuard;
    #closed = false;

    constructor(configuration?: unknown) {
      super(configuration);
      this.#guard = new FrameGuard({
        ...options.frames,
        onViolation: (violation) => {
          options.onViolation(this, violation);
          this.#closeAbruptly();
        },
      });
      interceptHandler(
        this,
        'ondatachannel',
        (handler) => (event) => {
          this.#guardChannel((event as { channel: DataChannelLike }).channel);
          handler.call(this, event);
        },
        () => options.incoming.admit(this, { close: () => this.#closeAbruptly(), isConnected: () => this.#channels.some((channel) => channel.readyState === 'open') }),
      );
      abruptClosers.set(this, () => this.#closeAbruptly());
    }

    override createDataChannel(label: string, init?: unknown): DataChannelLike {
      const channel = super.createDataChannel(label, init);
      this.#guardChannel(channel);
      return channel;
    }

    #guardChannel(channel: DataChannelLike): void {
      this.#channels.push(channel);
      interceptHandler(channel, 'onmessage', (handler) => (event) => {
        if (this.#guard.inspect((event as { data: unknown }).data) === 'pass') handler.call(channel, event);
      });
    }

    /**
     * Closes the channels and the connection and tells Trystero at once: `close()` fires no
     * event in browsers, and Trystero frees a peer's half-assembled messages only on its
     * channel's close handler.
     */
    #closeAbruptly(): void {
      if (this.#closed) return;
      this.#closed = true;
      const onCloses = this.#channels.map((channel) => [channel, channel.onclose] as const);
      for (const channel of this.#channels) swallow(() => channel.close());
      swallow(() => this.close());
      for (const [channel, onclose] of onCloses) swallow(() => onclose?.call(channel, { type: 'close' }));
    }
  };
}

type Handler = (this: unknown, event: unknown) => void;

/**
 * Wraps whatever function is assigned to `target[name]` from now on (browser objects have an
 * accessor on the prototype, werift a plain property). Reading the property gives the wrapped
 * function, which is what werift calls. `onAssign` runs once, on the first assignment.
 */
function interceptHandler(target: object, name: string, wrap?: (handler: Handler) => Handler, onAssign?: () => void): void {
  const accessor = findAccessor(target, name);
  let stored: unknown = accessor ? undefined : (target as Record<string, unknown>)[name];
  let assigned = false;
  Object.defineProperty(target, name, {
    configurable: true,
    enumerable: true,
    get: () => (accessor ? accessor.get?.call(target) : stored),
    set: (value: unknown) => {
      const wrapped = typeof value === 'function' && wrap ? wrap(value as Handler) : value;
      if (accessor) accessor.set?.call(target, wrapped);
      else stored = wrapped;
      if (!assigned && onAssign) {
        assigned = true;
        onAssign();
      }
    },
  });
}

function findAccessor(target: object, name: string): PropertyDescriptor | undefined {
  for (let object: object | null = target; object; object = Object.getPrototypeOf(object) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(object, name);
    if (descriptor) return descriptor.set ? descriptor : undefined;
  }
  return undefined;
}

function swallow(fn: () => unknown): void {
  try {
    const result = fn();
    if (result instanceof Promise) result.catch(() => {});
  } catch {
    // Closing something already closed.
  }
}
