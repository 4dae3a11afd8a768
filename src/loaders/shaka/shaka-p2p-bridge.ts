/**
 * Connects one Shaka player to one P2P core: a request filter identifies segment requests and
 * stamps them for the shared scheme plugin, tells the core the segment lists of the streams in
 * use, and playback is reported from the video's events.
 */
import type shakaNamespace from 'shaka-player/dist/shaka-player.dash.js';
import type { P2PCore } from '../../p2p/p2p-core.js';
import type { SegmentInfo, StreamInfo } from '../../p2p/segment.js';
import { renditionKey } from '../../p2p/swarm-id.js';
import { PlaybackReporter } from '../playback-reporter.js';
import { acquireP2PScheme, stampRequest } from './shaka-scheme-plugin.js';
import type { Shaka } from './shaka-module.js';

type ShakaStream = shakaNamespace.extern.Stream;
type ShakaRequest = shakaNamespace.extern.Request;
type RequestContext = shakaNamespace.extern.RequestContext;
type SegmentReference = shakaNamespace.media.SegmentReference;

const RequestTypeSegment = 1;
const AdvancedType = { InitSegment: 0, MediaSegment: 1 } as const;
/** Upper bound of the list handed to the core per stream (a long live DVR window). */
const MAX_ANNOUNCED_SEGMENTS = 2000;

/** Segment id from the presentation start time, in whole milliseconds (stable across viewers). */
export function segmentIdFor(reference: Pick<SegmentReference, 'getStartTime' | 'getStartByte' | 'getEndByte'>): string {
  const id = `t${Math.round(reference.getStartTime() * 1000)}`;
  const start = reference.getStartByte();
  const end = reference.getEndByte();
  return start || end !== null ? `${id}@${start}-${end ?? ''}` : id;
}

function toSegmentInfo(reference: SegmentReference): SegmentInfo {
  const startTime = reference.getStartTime();
  const segment: SegmentInfo = {
    id: segmentIdFor(reference),
    url: reference.getUris()[0] ?? '',
    startTime,
    duration: Math.max(0, reference.getEndTime() - startTime),
  };
  const start = reference.getStartByte();
  const end = reference.getEndByte();
  if (end !== null) {
    segment.byteRange = { start, end: end + 1 };
    segment.expectedBytes = end + 1 - start;
  }
  return segment;
}

/** Init segment: its URL path (tokens in the query differ per viewer) plus the Range header. */
function initSegmentInfo(request: ShakaRequest): SegmentInfo {
  const url = request.uris[0] ?? '';
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // Keep the raw string: still a stable id.
  }
  const range = /bytes=(\d+)-(\d*)/.exec(request.headers?.Range ?? request.headers?.range ?? '');
  const segment: SegmentInfo = { id: range ? `init:${path}@${range[1]}-${range[2]}` : `init:${path}`, url, startTime: 0, duration: 0 };
  if (range?.[2]) {
    const start = Number(range[1]);
    const end = Number(range[2]) + 1;
    segment.byteRange = { start, end };
    segment.expectedBytes = end - start;
  }
  return segment;
}

export class ShakaP2PBridge {
  readonly core: P2PCore;
  #player: shakaNamespace.Player;
  #release: () => void;
  #reporter: PlaybackReporter;
  #announced = new Map<string, Set<string>>();
  #filter = (type: number, request: ShakaRequest, context?: RequestContext): void => this.#onRequest(type, request, context);

  constructor({ shaka, player, core, video }: { shaka: Shaka; player: shakaNamespace.Player; core: P2PCore; video: HTMLMediaElement }) {
    this.core = core;
    this.#player = player;
    this.#release = acquireP2PScheme(shaka);
    player.getNetworkingEngine()?.registerRequestFilter(this.#filter as shakaNamespace.extern.RequestFilter);
    this.#reporter = new PlaybackReporter({ video, core });
  }

  destroy(): void {
    this.#player.getNetworkingEngine()?.unregisterRequestFilter(this.#filter as shakaNamespace.extern.RequestFilter);
    this.#release();
    this.#reporter.destroy();
  }

  streamInfo(stream: ShakaStream): StreamInfo | undefined {
    if (stream.type !== 'video' && stream.type !== 'audio') return undefined;
    const id = renditionKey({
      type: stream.type === 'video' ? 'main' : 'audio',
      bitrate: stream.bandwidth,
      width: stream.width,
      height: stream.height,
      codecs: stream.codecs,
      lang: stream.type === 'audio' ? stream.language : undefined,
    });
    return { id, type: stream.type === 'video' ? 'main' : 'audio', isLive: this.#player.isLive() };
  }

  #onRequest(type: number, request: ShakaRequest, context?: RequestContext): void {
    // Shaka sets `request.streamDataCallback` on most segment requests (segment prefetch, LL-DASH);
    // the plugin never calls it, and Shaka then appends the whole response instead
    // (streaming_engine.js: "plugins that don't support streamDataCallback").
    if (type !== RequestTypeSegment || !context?.stream) return;
    const stream = this.streamInfo(context.stream);
    if (!stream) return;
    let segment: SegmentInfo;
    if (context.type === AdvancedType.MediaSegment && context.segment) {
      segment = toSegmentInfo(context.segment);
      this.#announce(context.stream, stream, segment.id);
    } else if (context.type === AdvancedType.InitSegment) {
      segment = initSegmentInfo(request);
    } else {
      return;
    }
    stampRequest(request, { core: this.core, request: { stream, segment } });
  }

  /** Gives the core the stream's segment list when a request falls outside the last one sent. */
  #announce(shakaStream: ShakaStream, stream: StreamInfo, segmentId: string): void {
    if (this.#announced.get(stream.id)?.has(segmentId)) return;
    const segments: SegmentInfo[] = [];
    for (const reference of shakaStream.segmentIndex ?? []) {
      if (reference?.getUris().length) segments.push(toSegmentInfo(reference));
    }
    const window = segments.slice(-MAX_ANNOUNCED_SEGMENTS);
    this.#announced.set(stream.id, new Set(window.map((segment) => segment.id)));
    try {
      this.core.setStreamSegments(stream, window);
    } catch (error) {
      // The core rejects malformed lists; segments still load one by one (or over HTTP).
      console.warn('p2p-video: segment list not accepted by the P2P core', error);
    }
  }
}
