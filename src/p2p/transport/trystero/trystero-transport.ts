import { getRelaySockets, joinRoom, pauseRelayReconnection, resumeRelayReconnection, selfId, type Room } from './torrent-strategy.js';
import type { P2PConfig } from '../../config.js';
import { fnv1a } from '../../util/fnv1a.js';
import { ProtocolLimits } from '../../protocol/protocol.js';
import type { SwarmConnection, Transport, TransportWarning } from '../transport.js';

/** Our single binary action (Trystero action names are at most 32 bytes). */
const ACTION_NAME = 'p2pv1';
/** How long trackers may stay unreachable before a `tracker-unreachable` warning. */
const TRACKER_CHECK_MS = 5000;
/** Tracker reconnect backoff: first retry, doubling up to the maximum, for as long as it takes. */
const RECONNECT_FIRST_MS = 1000;
const RECONNECT_MAX_MS = 15_000;
/** Payload bytes of one Trystero data-channel frame (16 KiB minus its 36-byte header). */
const FRAME_PAYLOAD_BYTES = 16 * 1024 - 36;
/**
 * Frames a peer may have in flight (received, message not complete yet). Trystero reassembles a
 * whole message in memory before we see it and has no cap: counting frames as they arrive lets
 * us drop a peer that starts an oversized message before it costs more than this.
 */
const MAX_FRAMES_IN_FLIGHT = Math.ceil(ProtocolLimits.maxMessageBytes / FRAME_PAYLOAD_BYTES) + 2;
const textEncoder = new TextEncoder();

export interface TrysteroTransportOptions {
  /** An RTCPeerConnection implementation for Node (werift, node-datachannel); browsers use their own. */
  rtcPolyfill?: unknown;
}

/** The second lane of the room id (a different basis and multiplier, for 64 bits in all). */
const ROOM_ID_LANE_B = Object.freeze({ basis: 0x01000193, prime: 0x5bd1e995 });

/** Room ids are derived, not the raw swarm id (a manifest URL can be long and says what is watched). */
function roomIdOf(swarmId: string): string {
  const a = fnv1a(swarmId);
  const b = fnv1a(swarmId, ROOM_ID_LANE_B);
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
    pauseRelayReconnection();
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
    action.onReceiveProgress = (_progress, { peerId }) => this.#frameReceived(peerId);
    action.onMessage = (data, { peerId, metadata }) => this.#messageReceived(peerId, data, metadata !== undefined);
    this.#trackerTimer = setTimeout(() => this.#checkTrackers(), RECONNECT_FIRST_MS);
  }

  #onMessage: ((peerId: string, data: Uint8Array) => void) | undefined;
  #onOversized: ((peerId: string, bytes: number) => void) | undefined;
  readonly #framesInFlight = new Map<string, number>();
  #reconnectDelayMs = RECONNECT_FIRST_MS;
  /** How long no tracker has been open (sum of check delays). */
  #downForMs = 0;

  #frameReceived(peerId: string): void {
    const frames = (this.#framesInFlight.get(peerId) ?? 0) + 1;
    this.#framesInFlight.set(peerId, frames);
    if (frames <= MAX_FRAMES_IN_FLIGHT) return;
    // Closing the peer makes Trystero drop its half-assembled message.
    this.#framesInFlight.delete(peerId);
    this.disconnect(peerId);
    this.#onOversized?.(peerId, frames * FRAME_PAYLOAD_BYTES);
  }

  #messageReceived(peerId: string, data: unknown, hasMetadata: boolean): void {
    const bytes = data instanceof Uint8Array ? data.byteLength : textEncoder.encode(typeof data === 'string' ? data : JSON.stringify(data)).byteLength;
    const frames = Math.max(1, Math.ceil(bytes / FRAME_PAYLOAD_BYTES)) + (hasMetadata ? 1 : 0);
    const left = (this.#framesInFlight.get(peerId) ?? 0) - frames;
    if (left > 0) this.#framesInFlight.set(peerId, left);
    else this.#framesInFlight.delete(peerId);
    // Our protocol is binary only: anything else reaches the decoder as an empty (invalid) message.
    this.#onMessage?.(peerId, data instanceof Uint8Array ? data : new Uint8Array(0));
  }

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
      this.#framesInFlight.delete(peerId);
      cb(peerId);
    };
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
    this.#room.getPeers()[peerId]?.close();
  }

  async leave(): Promise<void> {
    if (this.#left) return;
    this.#left = true;
    clearTimeout(this.#trackerTimer);
    this.#queues.clear();
    await this.#room.leave();
  }

  /**
   * Tracker reconnection is ours. Trystero retries a closed tracker socket after random delays
   * doubling from 3.3 s and gives up for good (for the page's lifetime) once the delay would reach
   * 60 s, i.e. after ~5 failures or 50-100 s: a tracker down longer than that at start never
   * gets joined. So Trystero's own reconnection stays paused (`pauseRelayReconnection`: a closed
   * socket waits for `resumeRelayReconnection` instead of counting a retry) and we resume it with
   * our backoff (1 s doubling to 15 s, forever) while no tracker is open.
   */
  #checkTrackers(): void {
    if (this.#left) return;
    const sockets = (getRelaySockets() ?? {}) as Record<string, WebSocket>;
    const open = this.#trackers.some((url) => sockets[url]?.readyState === 1);
    if (open) {
      this.#trackerWarned = false;
      this.#downForMs = 0;
      this.#reconnectDelayMs = RECONNECT_FIRST_MS;
      this.#trackerTimer = setTimeout(() => this.#checkTrackers(), TRACKER_CHECK_MS);
      return;
    }
    if (!this.#trackerWarned && this.#downForMs >= TRACKER_CHECK_MS) {
      this.#trackerWarned = true;
      this.#warn?.({ code: 'tracker-unreachable', message: `No tracker reachable (${this.#trackers.join(', ')}); P2P is paused, playback continues over HTTP` });
    }
    retryTrackersNow();
    this.#downForMs += this.#reconnectDelayMs;
    this.#trackerTimer = setTimeout(() => this.#checkTrackers(), this.#reconnectDelayMs);
    this.#reconnectDelayMs = Math.min(this.#reconnectDelayMs * 2, RECONNECT_MAX_MS);
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
