import type { P2PConfig } from '../config.js';

/**
 * The signaling + data transport port. `TrysteroTransport` is the real one; unit tests use an
 * in-memory fake that connects several cores in one process.
 */
export interface Transport {
  join(options: { swarmId: string; config: Readonly<P2PConfig> }): SwarmConnection;
}

/** Membership of one swarm. Callbacks are set once, by the core, right after `join`. */
export interface SwarmConnection {
  readonly selfId: string;
  /** Fire-and-forget, message-framed. Delivery is NOT confirmed: the protocol has its own ids and timeouts. */
  send(peerId: string, data: Uint8Array): void;
  onPeerJoin(cb: (peerId: string) => void): void;
  onPeerLeave(cb: (peerId: string) => void): void;
  onMessage(cb: (peerId: string, data: Uint8Array) => void): void;
  /** Optional: the transport reports conditions that degrade P2P (tracker unreachable, …). */
  onWarning?(cb: (warning: TransportWarning) => void): void;
  /**
   * Optional: the transport saw a peer start a message larger than `ProtocolLimits.maxMessageBytes`
   * and dropped it (and the peer's connection) before reassembling it. `bytes` is a lower bound.
   */
  onOversizedMessage?(cb: (peerId: string, bytes: number) => void): void;
  /**
   * Optional: messages sent to trackers so far (announces, answers, leaves), the tracker's cost of
   * this viewer. For the real transport it counts the page (rooms share the tracker sockets).
   */
  trackerMessagesSent?(): number;
  /**
   * Optional: peers in the swarm as the trackers count them (`complete + incomplete`, us included),
   * the largest count of any tracker; undefined before a response. The live election sizes itself by it.
   */
  trackerSwarmSize?(): number | undefined;
  /** Drops one peer (ban). */
  disconnect(peerId: string): void;
  leave(): Promise<void>;
}

export interface TransportWarning {
  code: 'tracker-unreachable';
  message: string;
}
