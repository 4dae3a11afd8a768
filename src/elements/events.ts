/**
 * The DOM events `<p2p-video>` fires besides the native media events, and their `detail` types.
 */
import type { P2PWarningCode } from '../loaders/media-loader.js';
import type { P2PStats } from '../p2p/events.js';
import type { SegmentSource } from '../p2p/segment.js';
import { emptyReasonCounts, type HttpReason } from '../p2p/http/http-reason.js';

/** `detail` of `p2ppeerconnect` / `p2ppeerdisconnect`. */
export interface P2PPeerEventDetail {
  peerId: string;
}

/** `detail` of `p2psegmentload`: one segment handed to the player. */
export interface P2PSegmentLoadDetail {
  source: SegmentSource;
  bytes: number;
  segmentId: string;
  streamId: string;
  /** The peer that sent it, for `source: 'p2p'`. */
  peerId?: string;
  /** Why the bytes came (partly) from the origin, for `source: 'http'` (see `HttpReason`). */
  httpReason?: HttpReason;
}

/** `detail` of `p2pwarning`: something that degrades P2P but not playback. */
export interface P2PWarningDetail {
  code: P2PWarningCode;
  message: string;
}

/** What `el.stats` holds while no P2P core runs (`nop2p`, no source, before load). */
export const EMPTY_P2P_STATS: Readonly<P2PStats> = Object.freeze({
  httpBytes: 0,
  p2pBytes: 0,
  uploadBytes: 0,
  rejectedBytes: 0,
  peers: 0,
  trackerMessages: 0,
  segments: Object.freeze({ http: 0, p2p: 0, cache: 0 }),
  httpByReason: Object.freeze(emptyReasonCounts()),
  storedBytes: 0,
  p2pRatio: 0,
});

declare global {
  interface HTMLElementEventMap {
    p2pstats: CustomEvent<P2PStats>;
    p2ppeerconnect: CustomEvent<P2PPeerEventDetail>;
    p2ppeerdisconnect: CustomEvent<P2PPeerEventDetail>;
    p2psegmentload: CustomEvent<P2PSegmentLoadDetail>;
    p2pwarning: CustomEvent<P2PWarningDetail>;
    /** The rendition playing changed; `detail.index` indexes `el.renditions`. */
    renditionchange: CustomEvent<{ index: number }>;
    streamtypechange: Event;
  }
}
