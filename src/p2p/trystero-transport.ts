import { getRelaySockets, joinRoom, selfId, type Room } from '@trystero-p2p/torrent';
import type { P2PConfig } from './config.js';
import type { SwarmConnection, Transport, TransportWarning } from './transport.js';

/** Our single binary action (Trystero action names are at most 32 bytes). */
const ACTION_NAME = 'p2pv1';
/** How long trackers may stay unreachable before a `tracker-unreachable` warning. */
const TRACKER_CHECK_MS = 5000;

export interface TrysteroTransportOptions {
  /** An RTCPeerConnection implementation for Node (werift, node-datachannel); browsers use their own. */
  rtcPolyfill?: unknown;
}

/** Room ids are derived, not the raw swarm id (a manifest URL can be long and says what is watched). */
function roomIdOf(swarmId: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < swarmId.length; i++) {
    const c = swarmId.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return `swarm-${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

/** The real transport: Trystero's WebTorrent-tracker strategy for signaling, WebRTC data channels for data. */
export class TrysteroTransport implements Transport {
  readonly #rtcPolyfill: unknown;

  constructor({ rtcPolyfill }: TrysteroTransportOptions = {}) {
    this.#rtcPolyfill = rtcPolyfill;
  }

  join({ swarmId, config }: { swarmId: string; config: Readonly<P2PConfig> }): SwarmConnection {
    return new TrysteroConnection({ swarmId, config, rtcPolyfill: this.#rtcPolyfill });
  }
}

class TrysteroConnection implements SwarmConnection {
  readonly selfId = selfId;
  readonly #room: Room;
  readonly #send: (data: Uint8Array, options: { target: string }) => Promise<void>;
  readonly #queues = new Map<string, Promise<void>>();
  readonly #trackers: readonly string[];
  #warn: ((warning: TransportWarning) => void) | undefined;
  #trackerTimer: ReturnType<typeof setTimeout> | undefined;
  #trackerWarned = false;
  #left = false;

  constructor({ swarmId, config, rtcPolyfill }: { swarmId: string; config: Readonly<P2PConfig>; rtcPolyfill: unknown }) {
    this.#trackers = config.trackers;
    this.#room = joinRoom(
      {
        appId: config.appId,
        password: config.password,
        relayConfig: { urls: [...config.trackers], redundancy: config.trackers.length, warnOnRelayFailure: false },
        rtcConfig: { iceServers: config.iceServers.map((server) => ({ ...server })) },
        ...(rtcPolyfill ? { rtcPolyfill: rtcPolyfill as typeof RTCPeerConnection } : {}),
      },
      roomIdOf(swarmId),
      { onJoinError: (details) => this.#warn?.({ code: 'tracker-unreachable', message: `P2P signaling: ${details.error}` }) },
    );
    const action = this.#room.makeAction<Uint8Array>(ACTION_NAME);
    this.#send = (data, options) => action.send(data, options);
    action.onMessage = (data, { peerId }) => {
      if (data instanceof Uint8Array) this.#onMessage?.(peerId, data);
    };
    this.#trackerTimer = setTimeout(() => this.#checkTrackers(), TRACKER_CHECK_MS);
  }

  #onMessage: ((peerId: string, data: Uint8Array) => void) | undefined;

  send(peerId: string, data: Uint8Array): void {
    if (this.#left) return;
    // Chained per peer: keeps our chunks in order and bounds what Trystero holds at once.
    const previous = this.#queues.get(peerId) ?? Promise.resolve();
    const next = previous.then(() => (this.#left ? undefined : this.#send(data, { target: peerId }))).catch(() => {});
    this.#queues.set(peerId, next);
    void next.then(() => {
      if (this.#queues.get(peerId) === next) this.#queues.delete(peerId);
    });
  }

  onPeerJoin(cb: (peerId: string) => void): void {
    this.#room.onPeerJoin = cb;
  }

  onPeerLeave(cb: (peerId: string) => void): void {
    this.#room.onPeerLeave = (peerId) => {
      this.#queues.delete(peerId);
      cb(peerId);
    };
  }

  onMessage(cb: (peerId: string, data: Uint8Array) => void): void {
    this.#onMessage = cb;
  }

  onWarning(cb: (warning: TransportWarning) => void): void {
    this.#warn = cb;
  }

  disconnect(peerId: string): void {
    this.#queues.delete(peerId);
    this.#room.getPeers()[peerId]?.close();
  }

  async leave(): Promise<void> {
    if (this.#left) return;
    this.#left = true;
    clearTimeout(this.#trackerTimer);
    this.#queues.clear();
    await this.#room.leave();
  }

  /** Trystero reconnects to trackers by itself (backoff up to 60 s); we only report the outage. */
  #checkTrackers(): void {
    if (this.#left) return;
    const sockets = (getRelaySockets() ?? {}) as Record<string, WebSocket>;
    const open = this.#trackers.some((url) => sockets[url]?.readyState === 1);
    if (!open && !this.#trackerWarned) {
      this.#trackerWarned = true;
      this.#warn?.({ code: 'tracker-unreachable', message: `No tracker reachable (${this.#trackers.join(', ')}); P2P is paused, playback continues over HTTP` });
    }
    if (open) this.#trackerWarned = false;
    this.#trackerTimer = setTimeout(() => this.#checkTrackers(), TRACKER_CHECK_MS);
  }
}
