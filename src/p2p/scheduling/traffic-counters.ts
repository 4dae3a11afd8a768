import type { P2PStats } from '../events.js';
import type { SegmentSource } from '../segment.js';
import { emptyReasonCounts } from '../http/http-reason.js';
import type { TrafficEvent } from '../http/origin-fetcher.js';
import type { SwarmConnection } from '../transport/transport.js';

/** The core's traffic counters, one owner: everything that moves bytes reports here. */
export class TrafficCounters {
  #httpBytes = 0;
  #p2pBytes = 0;
  #uploadBytes = 0;
  #rejectedBytes = 0;
  readonly #segments: Record<SegmentSource, number> = { http: 0, p2p: 0, cache: 0 };
  readonly #httpByReason = emptyReasonCounts();
  #trackerMessages: () => number = () => 0;

  /** From now on `trackerMessages` counts what `connection` sends to trackers (0 if it cannot tell). */
  countTrackerMessages(connection: Pick<SwarmConnection, 'trackerMessagesSent'>): void {
    const sent = (): number => connection.trackerMessagesSent?.() ?? 0;
    const base = sent();
    this.#trackerMessages = () => sent() - base;
  }

  record(event: TrafficEvent): void {
    switch (event.kind) {
      case 'http': {
        this.#httpBytes += event.bytes;
        const count = this.#httpByReason[event.reason];
        count.requests++;
        count.bytes += event.bytes;
        return;
      }
      case 'p2p':
        this.#p2pBytes += event.bytes;
        return;
      case 'upload':
        this.#uploadBytes += event.bytes;
        return;
      case 'rejected':
        this.#rejectedBytes += event.bytes;
        return;
      default:
        event satisfies never;
    }
  }

  /** A segment was handed to the player. */
  served(source: SegmentSource): void {
    this.#segments[source]++;
  }

  snapshot(extra: { peers: number; storedBytes: number; swarmSize?: number }): P2PStats {
    const httpBytes = this.#httpBytes;
    const p2pBytes = this.#p2pBytes;
    return {
      httpBytes,
      p2pBytes,
      uploadBytes: this.#uploadBytes,
      rejectedBytes: this.#rejectedBytes,
      trackerMessages: this.#trackerMessages(),
      segments: { ...this.#segments },
      httpByReason: Object.fromEntries(Object.entries(this.#httpByReason).map(([reason, count]) => [reason, { ...count }])) as P2PStats['httpByReason'],
      ...extra,
      p2pRatio: httpBytes + p2pBytes === 0 ? 0 : p2pBytes / (httpBytes + p2pBytes),
    };
  }
}
