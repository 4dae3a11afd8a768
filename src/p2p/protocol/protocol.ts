/**
 * The peer-to-peer wire protocol: command names, limits and message shapes. The byte layout lives
 * in `protocol-codec.ts`; golden-byte tests in `test/unit/p2p/protocol/protocol-codec.test.ts` pin it.
 *
 * Every message is one binary Trystero action message: `[command u8][fields…]`. Integers are
 * unsigned LEB128 varints, strings are `[byteLength varint][UTF-8]`, segment ids are
 * `[0][varint]` when canonical decimal numbers (HLS media sequence, DASH `$Number$`) and
 * `[1][string]` otherwise.
 */

/** Bumped on any incompatible change of the byte layout or semantics. */
export const PROTOCOL_VERSION = 1;

/** Command codes (the first byte of every message). */
export const Command = {
  Hello: 1,
  Have: 2,
  Loading: 3,
  Request: 4,
  DataHeader: 5,
  DataChunk: 6,
  Absent: 7,
  Cancel: 8,
} as const;
export type Command = (typeof Command)[keyof typeof Command];

/** How a `have` message changes the receiver's view of the sender's segments. */
export const HaveMode = {
  /** The full set of this stream (replaces what was known). */
  Full: 0,
  Add: 1,
  Remove: 2,
} as const;
export type HaveMode = (typeof HaveMode)[keyof typeof HaveMode];

/** Bounds every decoder enforces; anything larger is a `ProtocolViolation`. */
export const ProtocolLimits = {
  /** Segment ids per `have`/`loading` message (bigger sets are split over several messages). */
  maxIdsPerMessage: 512,
  /** UTF-8 bytes of one segment id. */
  maxSegmentIdBytes: 128,
  /** UTF-8 bytes of one stream id. */
  maxStreamIdBytes: 256,
  /** Payload bytes of one `data-chunk`. */
  maxChunkBytes: 64 * 1024,
  /** Request ids wrap below this (fits a 5-byte varint). */
  maxRequestId: 2 ** 32 - 1,
  /**
   * Bytes of one encoded message. The largest legal ones are a full `data-chunk` and a `have`
   * of `maxIdsPerMessage` string ids (~66 KiB); anything larger is dropped before decoding and
   * costs the sender a ban (Trystero reassembles whole messages in memory).
   */
  maxMessageBytes: 128 * 1024,
  /** Segment ids remembered per peer and stream (`have`); more is an `announce-overflow`. */
  maxHaveIdsPerStream: 8192,
  /** Streams remembered per peer (`have`/`loading`). */
  maxStreamsPerPeer: 64,
} as const;

/**
 * The one key format for "request `requestId` of peer `peerId`" (ours to a peer, or a peer's to
 * us): request ids are only unique per peer.
 */
export function transferKey(peerId: string, requestId: number): string {
  return `${peerId}\u0000${requestId}`;
}

export interface HelloMessage {
  type: 'hello';
  version: number;
  uploadEnabled: boolean;
}
export interface HaveMessage {
  type: 'have';
  streamId: string;
  mode: HaveMode;
  segmentIds: string[];
}
/** Segments the sender is downloading over HTTP right now (replaces the previous list of the stream). */
export interface LoadingMessage {
  type: 'loading';
  streamId: string;
  segmentIds: string[];
}
export interface RequestMessage {
  type: 'request';
  requestId: number;
  streamId: string;
  segmentId: string;
}
export interface DataHeaderMessage {
  type: 'data-header';
  requestId: number;
  totalBytes: number;
}
export interface DataChunkMessage {
  type: 'data-chunk';
  requestId: number;
  offsetBytes: number;
  bytes: Uint8Array;
}
export interface AbsentMessage {
  type: 'absent';
  requestId: number;
}
export interface CancelMessage {
  type: 'cancel';
  requestId: number;
}

export type ProtocolMessage =
  | HelloMessage
  | HaveMessage
  | LoadingMessage
  | RequestMessage
  | DataHeaderMessage
  | DataChunkMessage
  | AbsentMessage
  | CancelMessage;

/** A peer sent bytes that are not a valid message of this protocol; the core drops that peer. */
export class ProtocolViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolViolation';
  }
}
