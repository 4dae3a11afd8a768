import type { P2PError } from './errors.js';
import type { HttpReason, HttpReasonCount } from './http/http-reason.js';
import type { SegmentSource, StreamInfo, SegmentInfo } from './segment.js';

/** Why a peer is gone. */
export const DisconnectReason = {
  /** It left the swarm (or its connection dropped). */
  Left: 'left',
  /** Banned for misbehaving (see `peer-score.ts`). */
  Banned: 'banned',
  /** It broke the protocol or speaks another version. */
  Protocol: 'protocol',
  /** This core was destroyed. */
  Destroyed: 'destroyed',
} as const;
export type DisconnectReason = (typeof DisconnectReason)[keyof typeof DisconnectReason];

/** Live counters of one core. All byte counts are payload bytes of segments. */
export interface P2PStats {
  /** Segment bytes downloaded from the origin/CDN. */
  httpBytes: number;
  /** Segment bytes downloaded from peers (verified). */
  p2pBytes: number;
  /** Segment bytes uploaded to peers. */
  uploadBytes: number;
  /** Bytes received from peers and thrown away (failed verification, cancelled, duplicate). */
  rejectedBytes: number;
  /** Connected peers. */
  peers: number;
  /**
   * Viewers in the swarm as the trackers count them (us included; the largest count of any
   * tracker), unreachable ones too; undefined before a tracker answered. The live election sizes
   * itself by it.
   */
  swarmSize?: number;
  /**
   * Messages sent to trackers since this core joined (announces, answers, leaves): what this
   * viewer costs the tracker. Players on one page share the tracker sockets and count each other's.
   */
  trackerMessages: number;
  /** Origin requests and bytes by why they went to the origin (see `HttpReason`). */
  httpByReason: Record<HttpReason, HttpReasonCount>;
  /** Segments served to the player, by source. */
  segments: { http: number; p2p: number; cache: number };
  /** Bytes held in the segment store. */
  storedBytes: number;
  /** p2pBytes / (httpBytes + p2pBytes), 0 when nothing was loaded. */
  p2pRatio: number;
}

export interface P2PEventMap {
  peerConnected: { peerId: string };
  peerDisconnected: { peerId: string; reason: DisconnectReason };
  /** A segment was handed to the player. */
  segmentLoaded: {
    stream: StreamInfo;
    segment: SegmentInfo;
    source: SegmentSource;
    bytes: number;
    peerId?: string;
    durationMs: number;
    /** Why the bytes came (partly) from the origin; set when `source` is 'http'. */
    httpReason?: HttpReason;
  };
  /** A segment was uploaded to a peer. */
  segmentUploaded: { stream: StreamInfo; segmentId: string; peerId: string; bytes: number };
  /** Bytes from a peer were rejected (verification, size, protocol). */
  segmentRejected: { stream: StreamInfo; segmentId: string; peerId: string; bytes: number; reason: string };
  peerBanned: { peerId: string; reason: string };
  /** Periodic, at `statsIntervalMs`. */
  stats: P2PStats;
  /** Something that degrades P2P but not playback (tracker down, bad config value ignored, …). */
  warning: { error: P2PError };
}

export type P2PEventName = keyof P2PEventMap;
export type P2PEventListener<K extends P2PEventName> = (payload: P2PEventMap[K]) => void;
