import type { Clock, Logger } from '../deps.js';
import { P2PError, P2PErrorCode } from '../errors.js';
import { DisconnectReason, type P2PEventMap, type P2PEventName } from '../events.js';
import { PeerOffense, PeerScores } from '../peers/peer-score.js';
import type { PeerSwarm } from '../peers/peer-swarm.js';
import type { StreamRegistry } from './stream-registry.js';
import type { TrafficCounters } from './traffic-counters.js';

export interface PeerDisciplineOptions {
  clock: Clock;
  logger: Logger;
  emit: <K extends P2PEventName>(name: K, payload: P2PEventMap[K]) => void;
  registry: StreamRegistry;
  counters: TrafficCounters;
  /** The joined swarm, once there is one. */
  swarm(): PeerSwarm | undefined;
  isDestroyed(): boolean;
}

/** Distrusted live fetchers remembered at most (oldest dropped first), whatever peers do. */
const MAX_DISTRUSTED_FETCHERS = 1000;

/** Rejected bytes and misbehaviour: counted, reported, scored, and banned at the score's limit. */
export class PeerDiscipline {
  readonly scores: PeerScores;
  readonly #options: PeerDisciplineOptions;
  /** `stream + peer` -> until when that peer is not elected nor waited for on that stream (ms). */
  readonly #distrustedFetchers = new Map<string, number>();

  constructor(options: PeerDisciplineOptions) {
    this.#options = options;
    this.scores = new PeerScores({
      clock: options.clock,
      onBan: ({ peerId, offense, reason }) => {
        options.emit('peerBanned', { peerId, reason });
        options.swarm()?.ban(peerId, offense === PeerOffense.ProtocolViolation ? DisconnectReason.Protocol : DisconnectReason.Banned);
      },
    });
  }

  /** Bytes from a peer failed a check: thrown away, reported, and the peer charged (unless there is no `offense`: unverifiable, not wrong). */
  rejected(rejection: { peerId: string; streamId: string; segmentId: string; bytes: number; reason: string; offense: PeerOffense | undefined }): void {
    const { peerId, streamId, segmentId, bytes, reason } = rejection;
    this.#options.counters.record({ kind: 'rejected', bytes });
    const stream = this.#options.registry.stream(streamId);
    if (stream) this.#options.emit('segmentRejected', { stream, segmentId, peerId, bytes, reason });
    if (rejection.offense) this.offense(peerId, rejection.offense, `segment ${segmentId}: ${reason}`);
  }

  /** Every misbehaviour ends here: scored, and banned at `BAN_SCORE` (see `peer-score.ts`). */
  offense(peerId: string, offense: PeerOffense, detail: string): void {
    if (this.#options.isDestroyed() || this.#options.swarm()?.isBanned(peerId)) return;
    this.#options.logger.debug(`peer ${peerId}: ${offense} (${detail})`);
    if (offense === PeerOffense.ProtocolViolation) {
      this.#options.emit('warning', { error: new P2PError({ code: P2PErrorCode.ProtocolViolation, message: `Peer ${peerId}: ${detail}` }) });
    }
    this.scores.penalize(peerId, offense, detail);
  }

  /**
   * A peer that did not fetch a live segment it was elected to or announced `loading` of is not
   * elected nor waited for on that stream for `forMs`. No score points: an honest peer on a slow
   * link or a late playlist looks the same, and it still serves what it announces in `have`.
   */
  distrustFetcher(distrust: { peerId: string; streamId: string; forMs: number; detail: string }): void {
    if (this.#options.isDestroyed()) return;
    const key = `${distrust.streamId}\u0000${distrust.peerId}`;
    this.#options.logger.debug(`peer ${distrust.peerId}: not waited for on ${distrust.streamId} for ${distrust.forMs} ms (${distrust.detail})`);
    this.#distrustedFetchers.delete(key);
    this.#distrustedFetchers.set(key, this.#options.clock.now() + distrust.forMs);
    while (this.#distrustedFetchers.size > MAX_DISTRUSTED_FETCHERS) this.#distrustedFetchers.delete(this.#distrustedFetchers.keys().next().value!);
  }

  /** Whether we elect and wait for this peer as a live fetcher of this stream (see `distrustFetcher`). */
  trustsFetcher(peerId: string, streamId: string): boolean {
    const key = `${streamId}\u0000${peerId}`;
    const untilMs = this.#distrustedFetchers.get(key);
    if (untilMs === undefined) return true;
    if (this.#options.clock.now() < untilMs) return false;
    this.#distrustedFetchers.delete(key);
    return true;
  }
}
