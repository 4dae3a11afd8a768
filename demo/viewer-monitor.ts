/**
 * Everything the demo shows about one `<p2p-video>`, gathered from its public API only: the DOM
 * events (`p2psegmentload`, `p2ppeerconnect`, `p2ppeerdisconnect`), `el.stats`, and the core's
 * own events through `el.p2p.on(...)` for what the DOM events do not carry (uploads per peer, the
 * origin reason of a segment).
 *
 * The element creates a new core per source and says nothing when it does, so the monitor looks
 * at `el.p2p` on every animation frame (and sample tick, for background tabs), and starts over
 * (peers, timeline) when the core is a new one. Every frame, because the core's emitter calls the
 * listeners it had when an event started: a core found only on its first `p2psegmentload` would
 * not tell this monitor that segment's origin reason.
 */
import type { P2PVideoElement } from '../src/index.ts';
import type { P2PSegmentLoadDetail } from '../src/elements/events.ts';
import type { P2PCore } from '../src/p2p/p2p-core.ts';
import type { HttpReason } from '../src/p2p/http/http-reason.ts';
import type { SegmentSource } from '../src/p2p/segment.ts';
import { TrafficSampler, type TrafficSample } from './traffic-sampler.ts';

export interface PeerTraffic {
  peerId: string;
  connected: boolean;
  /** Segment bytes this peer sent us. */
  receivedBytes: number;
  /** Segment bytes we sent this peer. */
  sentBytes: number;
}

export interface TimelineEntry {
  segmentId: string;
  streamId: string;
  source: SegmentSource;
  bytes: number;
  peerId?: string;
  /** Why it came from the origin (source 'http'); arrives through the core's event. */
  httpReason?: HttpReason;
}

export interface ViewerMonitorOptions {
  element: P2PVideoElement;
  /** Called (at most once a frame) after anything changed. */
  onChange(): void;
  /** @default 1000 */
  sampleMs?: number;
  /** @default 90 */
  maxSamples?: number;
  /** @default 300 */
  maxTimeline?: number;
}

export class ViewerMonitor {
  readonly #element: P2PVideoElement;
  readonly #onChange: () => void;
  readonly #maxTimeline: number;
  readonly #sampler: TrafficSampler;
  readonly #peers = new Map<string, PeerTraffic>();
  #timeline: TimelineEntry[] = [];
  /** Reasons that arrived (core event) before their timeline entry (DOM event). */
  readonly #pendingReasons = new Map<string, HttpReason>();
  #core: P2PCore | undefined;
  #coreUnsubscribers: Array<() => void> = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  #frame = 0;
  #watchFrame = 0;
  readonly #domListeners: Array<[keyof HTMLElementEventMap, (event: CustomEvent) => void]>;

  constructor({ element, onChange, sampleMs = 1000, maxSamples = 90, maxTimeline = 300 }: ViewerMonitorOptions) {
    this.#element = element;
    this.#onChange = onChange;
    this.#sampler = new TrafficSampler({ maxSamples });
    this.#maxTimeline = maxTimeline;
    this.#domListeners = [
      ['p2psegmentload', (event) => this.#onSegment(event.detail as P2PSegmentLoadDetail)],
      ['p2ppeerconnect', (event) => this.#setConnected((event.detail as { peerId: string }).peerId, true)],
      ['p2ppeerdisconnect', (event) => this.#setConnected((event.detail as { peerId: string }).peerId, false)],
      ['p2pstats', () => this.#follow()],
    ];
    for (const [type, listener] of this.#domListeners) element.addEventListener(type, listener as EventListener);
    this.#timer = setInterval(() => this.#sample(), sampleMs);
    this.#watch();
  }

  /** Per-period traffic, oldest first. */
  get samples(): readonly TrafficSample[] {
    return this.#sampler.samples;
  }

  /** Every peer seen since the source started, in order of appearance. */
  get peers(): readonly PeerTraffic[] {
    return [...this.#peers.values()];
  }

  /** Segments handed to the player, oldest first. */
  get timeline(): readonly TimelineEntry[] {
    return this.#timeline;
  }

  destroy(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    cancelAnimationFrame(this.#frame);
    cancelAnimationFrame(this.#watchFrame);
    for (const [type, listener] of this.#domListeners) this.#element.removeEventListener(type, listener as EventListener);
    this.#domListeners.length = 0;
    this.#unsubscribeCore();
  }

  #watch(): void {
    this.#follow();
    this.#watchFrame = requestAnimationFrame(() => this.#watch());
  }

  /** Subscribes to the element's current core when it is a new one; a new core is a new source: start over. */
  #follow(): void {
    const core = this.#element.p2p;
    if (core === this.#core) return;
    this.#unsubscribeCore();
    this.#core = core;
    this.#peers.clear();
    this.#timeline = [];
    this.#pendingReasons.clear();
    this.#sampler.restart();
    if (!core) return this.#changed();
    this.#coreUnsubscribers = [
      core.on('segmentUploaded', ({ peerId, bytes }) => {
        this.#peer(peerId).sentBytes += bytes;
        this.#changed();
      }),
      core.on('segmentLoaded', ({ stream, segment, httpReason }) => {
        if (httpReason) this.#setReason(`${stream.id}\n${segment.id}`, httpReason);
      }),
    ];
    this.#changed();
  }

  #unsubscribeCore(): void {
    for (const unsubscribe of this.#coreUnsubscribers) unsubscribe();
    this.#coreUnsubscribers = [];
  }

  #onSegment(detail: P2PSegmentLoadDetail & { httpReason?: HttpReason }): void {
    const core = this.#core;
    this.#follow();
    const key = `${detail.streamId}\n${detail.segmentId}`;
    const entry: TimelineEntry = { segmentId: detail.segmentId, streamId: detail.streamId, source: detail.source, bytes: detail.bytes };
    if (detail.peerId !== undefined) entry.peerId = detail.peerId;
    const missed = detail.source === 'http' && core !== this.#core ? this.#onlyReasonSoFar() : undefined;
    const reason = detail.httpReason ?? this.#pendingReasons.get(key) ?? missed;
    this.#pendingReasons.delete(key);
    if (reason) entry.httpReason = reason;
    this.#timeline.push(entry);
    if (this.#timeline.length > this.#maxTimeline) this.#timeline.splice(0, this.#timeline.length - this.#maxTimeline);
    if (detail.source === 'p2p' && detail.peerId !== undefined) this.#peer(detail.peerId).receivedBytes += detail.bytes;
    this.#changed();
  }

  /**
   * For a segment whose core was found only now (its reason went out before this monitor
   * listened): the reason, if the new core's origin requests so far all had the same one.
   */
  #onlyReasonSoFar(): HttpReason | undefined {
    const reasons = Object.entries(this.#element.stats.httpByReason).filter(([, count]) => count.requests > 0);
    return reasons.length === 1 ? (reasons[0]![0] as HttpReason) : undefined;
  }

  /** The element fires its DOM event first and the core's listeners run after, so the entry usually exists already. */
  #setReason(key: string, reason: HttpReason): void {
    for (let i = this.#timeline.length - 1; i >= Math.max(0, this.#timeline.length - 8); i--) {
      const entry = this.#timeline[i]!;
      if (`${entry.streamId}\n${entry.segmentId}` === key && entry.source === 'http' && !entry.httpReason) {
        entry.httpReason = reason;
        return this.#changed();
      }
    }
    this.#pendingReasons.set(key, reason);
  }

  #setConnected(peerId: string, connected: boolean): void {
    this.#follow();
    this.#peer(peerId).connected = connected;
    this.#changed();
  }

  #peer(peerId: string): PeerTraffic {
    let peer = this.#peers.get(peerId);
    if (!peer) {
      peer = { peerId, connected: true, receivedBytes: 0, sentBytes: 0 };
      this.#peers.set(peerId, peer);
    }
    return peer;
  }

  #sample(): void {
    this.#follow();
    const { httpBytes, p2pBytes, uploadBytes } = this.#element.stats;
    this.#sampler.sample({ httpBytes, p2pBytes, uploadBytes });
    this.#changed();
  }

  #changed(): void {
    if (this.#frame || this.#timer === undefined) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#onChange();
    });
  }
}
