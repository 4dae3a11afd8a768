/**
 * Connects one Shaka player to one P2P session: a request filter gives segment requests a
 * URL-independent identity and stamps them for the shared scheme plugin (which routes them to the
 * core), and tells the core the segment lists of the streams in use. Created with the player,
 * before the core exists: nothing here waits for it.
 */
import type shakaNamespace from 'shaka-player/dist/shaka-player.dash.js';
import type { SegmentInfo, StreamInfo } from '../../p2p/segment.js';
import { renditionKey } from '../../p2p/swarm-id.js';
import type { P2PSession } from '../p2p-session.js';
import { applyByteRange, initSegmentId, rangeFromHeader, rangeFromInclusive, timeSegmentId, type PartialByteRange } from '../segment-identity.js';
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

/** Segment id from the presentation start time, in whole milliseconds (stable across viewers); see segment-identity.ts. */
export function segmentIdFor(reference: Pick<SegmentReference, 'getStartTime' | 'getStartByte' | 'getEndByte'>): string {
  return timeSegmentId({ startTime: reference.getStartTime(), range: rangeOf(reference) });
}

/** Shaka's byte range (`getEndByte()` is inclusive, null = to the end of the file), end-exclusive. */
function rangeOf(reference: Pick<SegmentReference, 'getStartByte' | 'getEndByte'>): PartialByteRange {
  return rangeFromInclusive(reference.getStartByte(), reference.getEndByte());
}

function toSegmentInfo(reference: SegmentReference): SegmentInfo {
  const startTime = reference.getStartTime();
  const segment: SegmentInfo = {
    id: segmentIdFor(reference),
    url: reference.getUris()[0] ?? '',
    startTime,
    duration: Math.max(0, reference.getEndTime() - startTime),
  };
  return applyByteRange(segment, rangeOf(reference));
}

/** Init segment: its URL path plus the byte range of its `Range` header (Shaka asks for one with SegmentBase). */
function initSegmentInfo(request: ShakaRequest): SegmentInfo {
  const url = request.uris[0] ?? '';
  const range = rangeFromHeader(request.headers?.Range ?? request.headers?.range);
  return applyByteRange({ id: initSegmentId({ url, range }), url, startTime: 0, duration: 0 }, range);
}

export class ShakaP2PBridge {
  readonly #session: P2PSession;
  readonly #player: shakaNamespace.Player;
  readonly #release: () => void;
  readonly #announced = new Map<string, Set<string>>();
  readonly #core = (): ReturnType<P2PSession['core']> => this.#session.core();
  readonly #filter = (type: number, request: ShakaRequest, context?: RequestContext): void => this.#onRequest(type, request, context);

  constructor({ shaka, player, session }: { shaka: Shaka; player: shakaNamespace.Player; session: P2PSession }) {
    this.#session = session;
    this.#player = player;
    this.#release = acquireP2PScheme(shaka);
    player.getNetworkingEngine()?.registerRequestFilter(this.#filter as shakaNamespace.extern.RequestFilter);
  }

  destroy(): void {
    this.#player.getNetworkingEngine()?.unregisterRequestFilter(this.#filter as shakaNamespace.extern.RequestFilter);
    this.#release();
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
      // Label, group and roles tell apart tracks of one language and codec (main vs audio description, camera angles).
      name: stream.label ?? undefined,
      groupId: stream.groupId ?? undefined,
      characteristics: stream.roles,
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
    stampRequest(request, { core: this.#core, request: { stream, segment } });
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
    this.#session.setStreamSegments(stream, window);
  }
}
