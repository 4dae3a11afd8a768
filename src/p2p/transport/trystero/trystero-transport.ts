import { getRelaySockets, joinRoom, pauseRelayReconnection, resumeRelayReconnection, selfId, configureStrategy, setRoomCapacity, trackerMessageCount, trackerSwarmSize, type Room } from './torrent-strategy.js';
import type { P2PConfig } from '../../config.js';
import { quietConsoleLogger, systemClock, type Clock, type Logger } from '../../deps.js';
import { ProtocolLimits } from '../../protocol/protocol.js';
import type { SwarmConnection, Transport, TransportWarning } from '../transport.js';
import { closeGuardedConnection, guardedPeerConnectionClass } from './guarded-peer-connection.js';
import { IncomingConnectionLimiter } from './incoming-connection-limiter.js';
import { deriveRoomPassword } from './room-password.js';
import { roomIdOf, roomTokenOf } from './room-id.js';
import type { PeerConnectionClass, PeerConnectionLike, WebSocketLike } from './web-platform.js';

/** Our single binary action (Trystero action names are at most 32 bytes). */
const ACTION_NAME = 'p2pv1';
/** How long trackers may stay unreachable before a `tracker-unreachable` warning. */
const TRACKER_CHECK_MS = 5000;
/** Tracker reconnect backoff: first retry, doubling up to the maximum, for as long as it takes. */
const RECONNECT_FIRST_MS = 1000;
const RECONNECT_MAX_MS = 15_000;
/**
 * While one tracker is up, the others that are down are retried from 5 s, doubling to 5 min: a
 * tracker back from an outage gets its viewers back without their reloading, and a dead one costs
 * each viewer a connection attempt every 5 min at most.
 */
const RETRY_DOWN_FIRST_MS = TRACKER_CHECK_MS;
const RETRY_DOWN_MAX_MS = 300_000;

export interface TrysteroTransportOptions {
  /** An RTCPeerConnection implementation for Node (werift, node-datachannel); browsers use their own. */
  rtcPolyfill?: unknown;
  /** @default systemClock */
  clock?: Clock;
  /** @default quietConsoleLogger */
  logger?: Logger;
}

/** Tokens of the rooms joined in this page (peer connections are shared by all rooms of an app). */
const roomTokens = new Map<string, number>();
const liveConnections = new Set<TrysteroConnection>();

function reportViolation(connection: PeerConnectionLike, violation: { reason: string; bytes: number }): void {
  for (const live of liveConnections) live.peerViolated(connection, violation);
}

/** The real transport: Trystero's WebTorrent-tracker strategy for signaling, WebRTC data channels for data. */
export class TrysteroTransport implements Transport {
  readonly #rtcPolyfill: unknown;
  readonly #clock: Clock;
  readonly #logger: Logger;

  constructor({ rtcPolyfill, clock = systemClock, logger = quietConsoleLogger }: TrysteroTransportOptions = {}) {
    this.#rtcPolyfill = rtcPolyfill;
    this.#clock = clock;
    this.#logger = logger;
  }

  join({ swarmId, config }: { swarmId: string; config: Readonly<P2PConfig> }): SwarmConnection {
    return new TrysteroConnection({ swarmId, config, rtcPolyfill: this.#rtcPolyfill, clock: this.#clock, logger: this.#logger });
  }
}

interface ConnectionOptions {
  swarmId: string;
  config: Readonly<P2PConfig>;
  rtcPolyfill: unknown;
  clock: Clock;
  logger: Logger;
}

class TrysteroConnection implements SwarmConnection {
  readonly selfId = selfId;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #queues = new Map<string, Promise<void>>();
  readonly #trackers: readonly string[];
  readonly #incoming: IncomingConnectionLimiter;
  /** Joined once the room password is derived (`#open`); until then sends are dropped. */
  #room: Room | undefined;
  #roomKey: { appId: string; roomId: string } | undefined;
  #roomToken: string | undefined;
  /** Clears this room's `setRoomCapacity` entry. */
  #forgetCapacity: (() => void) | undefined;
  #send: ((data: Uint8Array, options: { target: string }) => Promise<void>) | undefined;
  #onPeerJoin: ((peerId: string) => void) | undefined;
  #onPeerLeave: ((peerId: string) => void) | undefined;
  #onMessage: ((peerId: string, data: Uint8Array) => void) | undefined;
  #onOversized: ((peerId: string, bytes: number) => void) | undefined;
  #warn: ((warning: TransportWarning) => void) | undefined;
  #trackerTimer: unknown;
  #trackerWarned = false;
  #left = false;
  #reconnectDelayMs = RECONNECT_FIRST_MS;
  /** How long no tracker has been open (sum of check delays). */
  #downForMs = 0;
  /** Retrying the listed trackers that are down while another is up: current delay and time left. */
  #retryDownDelayMs = RETRY_DOWN_FIRST_MS;
  #retryDownInMs = RETRY_DOWN_FIRST_MS;

  constructor(options: ConnectionOptions) {
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#trackers = options.config.trackers;
    this.#incoming = new IncomingConnectionLimiter({ clock: options.clock });
    liveConnections.add(this);
    void this.#open(options).catch((error: unknown) => {
      if (this.#left) return;
      this.#logger.warn('P2P: joining the swarm failed', error);
      this.#warn?.({ code: 'tracker-unreachable', message: `P2P signaling: ${error instanceof Error ? error.message : String(error)}` });
    });
    this.#trackerTimer = this.#clock.setTimeout(() => this.#checkTrackers(), RECONNECT_FIRST_MS);
  }

  /**
   * Derives the room password (PBKDF2, `deriveRoomPassword`: tens of ms, off the main thread,
   * cached per swarm) and the room token, then joins. Playback never waits for this; only P2P does.
   */
  async #open({ swarmId, config, rtcPolyfill, clock, logger }: ConnectionOptions): Promise<void> {
    const roomId = roomIdOf(swarmId);
    const [password, roomToken] = await Promise.all([
      config.password ? deriveRoomPassword({ appId: config.appId, swarmId, password: config.password }) : undefined,
      roomTokenOf(config.appId, roomId),
    ]);
    if (this.#left) return;
    this.#roomToken = roomToken;
    roomTokens.set(roomToken, (roomTokens.get(roomToken) ?? 0) + 1);
    const base = (rtcPolyfill ?? (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection) as PeerConnectionClass | undefined;
    if (!base) throw new Error('WebRTC (RTCPeerConnection) is unavailable');
    const guarded = guardedPeerConnectionClass({
      base,
      frames: { isKnownRoomToken: (token) => roomTokens.has(token), actionName: ACTION_NAME, maxMessageBytes: ProtocolLimits.maxMessageBytes },
      onViolation: reportViolation,
      incoming: this.#incoming,
    });
    configureStrategy({ clock, logger });
    pauseRelayReconnection();
    const room = joinRoom(
      {
        appId: config.appId,
        ...(password === undefined ? {} : { password }),
        relayConfig: { urls: [...config.trackers], redundancy: config.trackers.length, warnOnRelayFailure: false },
        rtcConfig: { iceServers: config.iceServers.map((server) => ({ ...server })) },
        rtcPolyfill: guarded as unknown as Parameters<typeof joinRoom>[0]['rtcPolyfill'],
      },
      roomId,
      { onJoinError: (details) => this.#warn?.({ code: 'tracker-unreachable', message: `P2P signaling: ${details.error}` }) },
    );
    this.#room = room;
    this.#roomKey = { appId: config.appId, roomId };
    // A room at maxPeers sends no offers and answers none (the core would hang up on the peer): see announce-plan.ts.
    this.#forgetCapacity = setRoomCapacity({ appId: config.appId, roomId, capacity: () => ({ connected: Object.keys(room.getPeers()).length, max: config.maxPeers }) });
    const action = room.makeAction<Uint8Array>(ACTION_NAME);
    this.#send = (data, options) => action.send(data, options);
    // The frame guard passes binary messages only; anything else reaches the decoder as an empty (invalid) message.
    action.onMessage = (data, { peerId }) => this.#onMessage?.(peerId, data instanceof Uint8Array ? data : new Uint8Array(0));
    room.onPeerLeave = (peerId) => {
      this.#queues.delete(peerId);
      this.#onPeerLeave?.(peerId);
    };
    if (this.#onPeerJoin) room.onPeerJoin = this.#onPeerJoin;
  }

  /** A frame guard dropped a connection: if it is one of our peers, tell the core (it bans). */
  peerViolated(connection: PeerConnectionLike, { reason, bytes }: { reason: string; bytes: number }): void {
    const peers = this.#room?.getPeers() ?? {};
    const peerId = Object.keys(peers).find((id) => (peers[id] as unknown) === connection);
    if (peerId === undefined) return;
    this.#logger.warn(`P2P: peer ${peerId} dropped (${reason}, ${bytes} bytes held)`);
    this.#queues.delete(peerId);
    // After the guard has closed it (it reports first, while the peer is still in Trystero's maps).
    void Promise.resolve().then(() => this.#onOversized?.(peerId, bytes));
  }

  send(peerId: string, data: Uint8Array): void {
    const send = this.#send;
    if (this.#left || !send) return;
    // Chained per peer: keeps our chunks in order and bounds what Trystero holds at once.
    const previous = this.#queues.get(peerId) ?? Promise.resolve();
    const next = previous.then(() => (this.#left ? undefined : send(data, { target: peerId }))).catch(() => {});
    this.#queues.set(peerId, next);
    void next.then(() => {
      if (this.#queues.get(peerId) === next) this.#queues.delete(peerId);
    });
  }

  /** Messages this page has sent to trackers (all rooms: they share the tracker sockets). */
  trackerMessagesSent(): number {
    return trackerMessageCount();
  }

  /** The room's swarm as its trackers count it, us included (the largest count of any tracker). */
  trackerSwarmSize(): number | undefined {
    return this.#roomKey && trackerSwarmSize(this.#roomKey);
  }

  onPeerJoin(cb: (peerId: string) => void): void {
    this.#onPeerJoin = cb;
    if (this.#room) this.#room.onPeerJoin = cb;
  }

  onPeerLeave(cb: (peerId: string) => void): void {
    this.#onPeerLeave = cb;
  }

  onMessage(cb: (peerId: string, data: Uint8Array) => void): void {
    this.#onMessage = cb;
  }

  onWarning(cb: (warning: TransportWarning) => void): void {
    this.#warn = cb;
  }

  onOversizedMessage(cb: (peerId: string, bytes: number) => void): void {
    this.#onOversized = cb;
  }

  disconnect(peerId: string): void {
    this.#queues.delete(peerId);
    const connection = this.#room?.getPeers()[peerId];
    if (connection && !closeGuardedConnection(connection)) connection.close();
  }

  async leave(): Promise<void> {
    if (this.#left) return;
    this.#left = true;
    liveConnections.delete(this);
    this.#clock.clearTimeout(this.#trackerTimer);
    this.#queues.clear();
    this.#incoming.destroy();
    this.#forgetCapacity?.();
    await this.#room?.leave();
    const token = this.#roomToken;
    if (token === undefined) return;
    const count = (roomTokens.get(token) ?? 1) - 1;
    if (count > 0) roomTokens.set(token, count);
    else roomTokens.delete(token);
  }

  /**
   * Tracker reconnection is ours. Trystero retries a closed tracker socket after random delays
   * doubling from 3.3 s and gives up for good (for the page's lifetime) once the delay would reach
   * 60 s, i.e. after ~5 failures or 50-100 s: a tracker down longer than that at start never
   * gets joined. So Trystero's own reconnection stays paused (`pauseRelayReconnection`: a closed
   * socket waits for `resumeRelayReconnection` instead of counting a retry) and we resume it with
   * our backoff (1 s doubling to 15 s, forever) while no tracker is open, and, while one is, for
   * the listed trackers that are down (5 s doubling to 5 min, `#retryTrackersDown`).
   */
  #checkTrackers(): void {
    if (this.#left) return;
    const sockets = getRelaySockets() ?? {};
    const open = this.#trackers.some((url) => sockets[url]?.readyState === 1);
    if (open) {
      this.#trackerWarned = false;
      this.#downForMs = 0;
      this.#reconnectDelayMs = RECONNECT_FIRST_MS;
      this.#retryTrackersDown(sockets);
      this.#trackerTimer = this.#clock.setTimeout(() => this.#checkTrackers(), TRACKER_CHECK_MS);
      return;
    }
    if (!this.#trackerWarned && this.#downForMs >= TRACKER_CHECK_MS) {
      this.#trackerWarned = true;
      this.#warn?.({ code: 'tracker-unreachable', message: `No tracker reachable (${this.#trackers.join(', ')}); P2P is paused, playback continues over HTTP` });
    }
    if (this.#room) retryTrackersNow();
    this.#downForMs += this.#reconnectDelayMs;
    this.#trackerTimer = this.#clock.setTimeout(() => this.#checkTrackers(), this.#reconnectDelayMs);
    this.#reconnectDelayMs = Math.min(this.#reconnectDelayMs * 2, RECONNECT_MAX_MS);
  }

  /** Called every `TRACKER_CHECK_MS` while some tracker is open: retries the listed ones that are not, with backoff. */
  #retryTrackersDown(sockets: Record<string, WebSocketLike>): void {
    if (this.#trackers.every((url) => sockets[url]?.readyState === 1)) {
      this.#retryDownDelayMs = RETRY_DOWN_FIRST_MS;
      this.#retryDownInMs = RETRY_DOWN_FIRST_MS;
      return;
    }
    this.#retryDownInMs -= TRACKER_CHECK_MS;
    if (this.#retryDownInMs > 0 || !this.#room) return;
    retryTrackersNow();
    this.#retryDownDelayMs = Math.min(this.#retryDownDelayMs * 2, RETRY_DOWN_MAX_MS);
    this.#retryDownInMs = this.#retryDownDelayMs;
  }
}

/**
 * Lets every tracker socket waiting in Trystero's paused reconnection try once, then pauses again.
 * The pause must come back only after Trystero's lock promise has cleared (a few microtasks) and
 * before the new socket can fail (an I/O event, later).
 */
function retryTrackersNow(): void {
  resumeRelayReconnection();
  void (async () => {
    for (let i = 0; i < 8; i++) await Promise.resolve();
    pauseRelayReconnection();
  })();
}
