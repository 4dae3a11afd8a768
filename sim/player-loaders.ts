/**
 * How a simulated player gets segments: through the real P2P core (as the hls.js bridge and
 * fragment plugin drive it), or straight from the origin (plain hls.js, P2P off).
 */
import type { P2PCore } from '../src/p2p/p2p-core.ts';
import type { PlaybackState, SegmentInfo, SegmentRequest, StreamInfo } from '../src/p2p/segment.ts';
import type { SimClock } from './sim-clock.ts';
import type { HttpReasonCount } from '../src/p2p/http/http-reason.ts';

export interface LoadedSegment {
  /** Payload bytes received. */
  bytes: number;
  /** What the player's ABR sees (the core's ABR-safe timing with P2P). */
  startMs: number;
  endMs: number;
  source: 'http' | 'p2p' | 'cache';
}

export interface PlayerLoader {
  /** A level playlist was (re)loaded (the bridge's LEVEL_LOADED → `setStreamSegments`). */
  setPlaylist(stream: StreamInfo, segments: readonly SegmentInfo[]): void;
  /** `timeupdate`, play, seek… (the bridge's `PlaybackReporter`). */
  updatePlayback(state: PlaybackState): void;
  load(request: SegmentRequest, signal: AbortSignal): Promise<LoadedSegment>;
  /** Bytes by source so far: payload bytes. */
  counters(): LoaderCounters;
  destroy(): Promise<void>;
}

export interface LoaderCounters {
  httpBytes: number;
  p2pBytes: number;
  uploadBytes: number;
  peers: number;
  bans: number;
  /** The core's origin requests and payload bytes by `HttpReason` (empty with P2P off). */
  httpByReason: Record<string, HttpReasonCount>;
}

export class CoreLoader implements PlayerLoader {
  readonly #core: P2PCore;
  /** Peers this core banned (every simulated peer is honest: each ban is a false positive). */
  #bans = 0;

  constructor(core: P2PCore) {
    this.#core = core;
    core.on('peerBanned', () => void this.#bans++);
  }

  setPlaylist(stream: StreamInfo, segments: readonly SegmentInfo[]): void {
    this.#core.setStreamSegments(stream, segments);
  }

  updatePlayback(state: PlaybackState): void {
    this.#core.updatePlayback(state);
  }

  async load(request: SegmentRequest, signal: AbortSignal): Promise<LoadedSegment> {
    const response = await this.#core.loadSegment(request, { signal });
    return { bytes: response.data.byteLength, startMs: response.timing.startMs, endMs: response.timing.endMs, source: response.source };
  }

  counters(): LoaderCounters {
    const { httpBytes, p2pBytes, uploadBytes, peers, httpByReason } = this.#core.stats;
    return { httpBytes, p2pBytes, uploadBytes, peers, bans: this.#bans, httpByReason };
  }

  destroy(): Promise<void> {
    return this.#core.destroy();
  }
}

export class HttpOnlyLoader implements PlayerLoader {
  readonly #fetch: typeof fetch;
  readonly #clock: SimClock;
  #httpBytes = 0;

  constructor(options: { fetch: typeof fetch; clock: SimClock }) {
    this.#fetch = options.fetch;
    this.#clock = options.clock;
  }

  setPlaylist(): void {}

  updatePlayback(): void {}

  async load({ segment }: SegmentRequest, signal: AbortSignal): Promise<LoadedSegment> {
    const startMs = this.#clock.now();
    const response = await this.#fetch(segment.url, { signal });
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${segment.url}`);
    const reader = response.body!.getReader();
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
    this.#httpBytes += bytes;
    return { bytes, startMs, endMs: this.#clock.now(), source: 'http' };
  }

  counters(): LoaderCounters {
    return { httpBytes: this.#httpBytes, p2pBytes: 0, uploadBytes: 0, peers: 0, bans: 0, httpByReason: {} };
  }

  async destroy(): Promise<void> {}
}
