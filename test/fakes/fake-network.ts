import type { SwarmConnection, Transport } from '../../src/p2p/transport/transport.ts';

type Handlers = {
  join?: (peerId: string) => void;
  leave?: (peerId: string) => void;
  message?: (peerId: string, data: Uint8Array) => void;
};

/**
 * An in-memory swarm: every member of a swarm id is connected to every other; messages are
 * delivered asynchronously (microtask) and in order, like an ordered data channel.
 */
export class FakeNetwork {
  readonly #members = new Map<string, Map<string, FakeConnection>>();
  #nextId = 1;
  /** Every message sent, for assertions. */
  readonly sent: Array<{ from: string; to: string; data: Uint8Array }> = [];

  transport(name?: string): Transport {
    return { join: ({ swarmId }) => this.connect(swarmId, name) };
  }

  /** Joins a raw connection (a test-controlled peer). */
  connect(swarmId: string, name = `peer${this.#nextId++}`): FakeConnection {
    let swarm = this.#members.get(swarmId);
    if (!swarm) this.#members.set(swarmId, (swarm = new Map()));
    const connection = new FakeConnection(name, this, swarmId);
    const others = [...swarm.values()];
    swarm.set(name, connection);
    queueMicrotask(() => {
      for (const other of others) {
        if (!connection.open || !other.open) continue;
        other.handlers.join?.(name);
        connection.handlers.join?.(other.selfId);
      }
    });
    return connection;
  }

  deliver(swarmId: string, from: string, to: string, data: Uint8Array): void {
    this.sent.push({ from, to, data });
    const target = this.#members.get(swarmId)?.get(to);
    const copy = data.slice();
    queueMicrotask(() => {
      const sender = this.#members.get(swarmId)?.get(from);
      if (target?.open && sender?.open && !target.blocked.has(from)) target.handlers.message?.(from, copy);
    });
  }

  drop(swarmId: string, a: string, b: string): void {
    const swarm = this.#members.get(swarmId);
    const first = swarm?.get(a);
    const second = swarm?.get(b);
    if (!first || !second) return;
    first.blocked.add(b);
    second.blocked.add(a);
    queueMicrotask(() => {
      if (first.open) first.handlers.leave?.(b);
      if (second.open) second.handlers.leave?.(a);
    });
  }

  remove(swarmId: string, name: string): void {
    const swarm = this.#members.get(swarmId);
    swarm?.delete(name);
    for (const other of swarm?.values() ?? []) other.handlers.leave?.(name);
  }
}

export class FakeConnection implements SwarmConnection {
  readonly handlers: Handlers = {};
  readonly blocked = new Set<string>();
  open = true;

  constructor(readonly selfId: string, readonly network: FakeNetwork, readonly swarmId: string) {}

  send(peerId: string, data: Uint8Array): void {
    if (this.open && !this.blocked.has(peerId)) this.network.deliver(this.swarmId, this.selfId, peerId, data);
  }
  onPeerJoin(cb: (peerId: string) => void): void {
    this.handlers.join = cb;
  }
  onPeerLeave(cb: (peerId: string) => void): void {
    this.handlers.leave = cb;
  }
  onMessage(cb: (peerId: string, data: Uint8Array) => void): void {
    this.handlers.message = cb;
  }
  disconnect(peerId: string): void {
    this.network.drop(this.swarmId, this.selfId, peerId);
  }
  async leave(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.network.remove(this.swarmId, this.selfId);
  }
}
