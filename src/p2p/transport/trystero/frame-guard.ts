/**
 * What one peer may make Trystero hold in memory. Trystero (0.25.4) reassembles every message
 * whole before anyone sees it and has no cap: partial messages per (room, action, nonce), frames
 * for room tokens it does not know (kept until that room is joined), and completed messages of
 * action types nobody registered (kept per room for the room's lifetime, even after the peer
 * left). This guard sees every frame that arrives on a peer's data channel before Trystero does,
 * drops what an honest peer never sends, and counts the rest in bytes.
 *
 * Trystero's wire format (core/src/shared-peer.ts, action-wire.ts): a room frame is
 * `[1, tokenLength u16, token, actionFrame]` (a presence frame `[2, present, tokenLength u16,
 * token]`); an action frame is `type (32 bytes, NUL-padded), nonce u16, tag, progress, payload`
 * with tag bits 1 = last frame, 2 = metadata, 4 = binary, 8 = JSON (also set on binary).
 */

/** Payload bytes after the action frame header. */
const ACTION_HEADER_BYTES = 36;
const TYPE_BYTES = 32;
const TAG_LAST = 1;
const TAG_META = 2;
const TAG_BINARY = 4;

/**
 * Trystero's own action types (core/src/room.ts, actions.ts in 0.25.4). Anything else that is
 * not ours is dropped at once: Trystero would keep it forever in `pendingActionPayloads`.
 */
export const TRYSTERO_INTERNAL_ACTIONS: ReadonlySet<string> = new Set(['@_ping', '@_pong', '@_signal', '@_stream', '@_track', '@_leave', '@_hsdata', '@_hsready', '@_response']);

export const FrameGuardLimits = Object.freeze({
  /**
   * Bytes counted for a peer at most: payload of its unfinished messages, plus dropped junk
   * (never released), each frame counted with `frameOverheadBytes`. Above it the peer is dropped.
   * An honest peer has one message of ours (<= `ProtocolLimits.maxMessageBytes`) and a few small
   * control messages in flight, far below.
   */
  budgetBytes: 8 * 1024 * 1024,
  /**
   * The fixed cost counted per frame besides its bytes: what Trystero keeps for a frame of a
   * partial message (an ArrayBuffer, two typed-array views, its slot in a per-nonce record) and
   * our own bookkeeping, rounded up (a few hundred bytes measured in V8). With it, 8 MiB of budget
   * is at most ~8,000 tiny frames, so floods of small frames cost no more than big ones. Real
   * cost per peer: at most the budget, plus one message being assembled (twice its size while
   * Trystero copies it), i.e. < 9 MiB: under the 16 MiB per hostile peer we promise.
   */
  frameOverheadBytes: 1024,
  /** One message of Trystero's own actions (SDP, handshake proofs, stream metadata: a few KiB). */
  maxInternalMessageBytes: 64 * 1024,
});

export type FrameVerdict = 'pass' | 'drop';

export interface FrameGuardOptions {
  /** The room tokens (Trystero's per-room namespace hashes) of the rooms we are in. */
  isKnownRoomToken(token: string): boolean;
  /** Our one action type: binary, no metadata. */
  actionName: string;
  /** The largest message of `actionName` a peer may send. */
  maxMessageBytes: number;
  /** The peer broke a limit; the guard passes nothing more of it. `bytes`: what it wanted held. */
  onViolation(violation: { reason: 'oversized-message' | 'over-budget'; bytes: number }): void;
}

/** Per peer connection (all its data channels, all rooms of the app): the frame accounting. */
export class FrameGuard {
  readonly #options: FrameGuardOptions;
  /** Unfinished messages: `token\0type\0nonce` → payload bytes so far and bytes counted. */
  readonly #open = new Map<string, { payloadBytes: number; countedBytes: number }>();
  #heldBytes = 0;
  #junkBytes = 0;
  #violated = false;

  constructor(options: FrameGuardOptions) {
    this.#options = options;
  }

  /** Bytes counted against the budget now (held for unfinished messages + junk so far). */
  get countedBytes(): number {
    return this.#heldBytes + this.#junkBytes;
  }

  get violated(): boolean {
    return this.#violated;
  }

  /** Whether Trystero may see this data-channel message. */
  inspect(data: unknown): FrameVerdict {
    if (this.#violated) return 'drop';
    const bytes = toBytes(data);
    if (!bytes) return this.#junk(0);
    const room = parseRoomFrame(bytes);
    if (!room || !this.#options.isKnownRoomToken(room.token)) return this.#junk(bytes.byteLength);
    if (room.kind === 'presence') return 'pass';
    return this.#action(room.token, bytes.subarray(room.headerBytes));
  }

  #action(token: string, frame: Uint8Array): FrameVerdict {
    if (frame.byteLength < ACTION_HEADER_BYTES) return this.#junk(frame.byteLength);
    const type = actionType(frame);
    const tag = frame[34]!;
    const isOurs = type === this.#options.actionName;
    // Ours is binary (Trystero sets the JSON bit on binary too; binary wins) and carries no
    // metadata: anything else under our name is not from our code (and a JSON payload would be
    // parsed whole, many times its size in memory).
    if (isOurs ? (tag & TAG_META) !== 0 || (tag & TAG_BINARY) === 0 : !TRYSTERO_INTERNAL_ACTIONS.has(type)) return this.#junk(frame.byteLength);
    const key = `${token}\u0000${type}\u0000${(frame[32]! << 8) | frame[33]!}`;
    const open = this.#open.get(key) ?? { payloadBytes: 0, countedBytes: 0 };
    open.payloadBytes += frame.byteLength - ACTION_HEADER_BYTES;
    const limit = isOurs ? this.#options.maxMessageBytes : FrameGuardLimits.maxInternalMessageBytes;
    if (open.payloadBytes > limit) return this.#violate('oversized-message', open.payloadBytes);
    if ((tag & TAG_LAST) !== 0) {
      // Trystero hands the message on and forgets it now.
      this.#open.delete(key);
      this.#heldBytes -= open.countedBytes;
      return 'pass';
    }
    const cost = frame.byteLength + FrameGuardLimits.frameOverheadBytes;
    open.countedBytes += cost;
    this.#heldBytes += cost;
    this.#open.set(key, open);
    return this.#overBudget() ? this.#violate('over-budget', this.countedBytes) : 'pass';
  }

  /** Dropped here, never reaches Trystero, but counts: an honest peer sends (almost) none. */
  #junk(byteLength: number): FrameVerdict {
    this.#junkBytes += byteLength + FrameGuardLimits.frameOverheadBytes;
    if (this.#overBudget()) this.#violate('over-budget', this.countedBytes);
    return 'drop';
  }

  #overBudget(): boolean {
    return this.countedBytes > FrameGuardLimits.budgetBytes;
  }

  #violate(reason: 'oversized-message' | 'over-budget', bytes: number): FrameVerdict {
    if (!this.#violated) {
      this.#violated = true;
      this.#open.clear();
      this.#options.onViolation({ reason, bytes });
    }
    return 'drop';
  }
}

function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  // werift hands Node Buffers (views, possibly into a larger pool).
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

function parseRoomFrame(bytes: Uint8Array): { kind: 'room' | 'presence'; token: string; headerBytes: number } | undefined {
  const kind = bytes[0] === 1 ? 'room' : bytes[0] === 2 ? 'presence' : undefined;
  if (!kind) return undefined;
  const at = kind === 'room' ? 1 : 2;
  if (bytes.byteLength < at + 2) return undefined;
  const tokenBytes = (bytes[at]! << 8) | bytes[at + 1]!;
  const headerBytes = at + 2 + tokenBytes;
  // Room tokens are hex SHA-256 (64 ASCII characters); longer ones cannot be ours.
  if (tokenBytes === 0 || tokenBytes > 128 || bytes.byteLength < headerBytes) return undefined;
  return { kind, token: String.fromCharCode(...bytes.subarray(at + 2, headerBytes)), headerBytes };
}

function actionType(frame: Uint8Array): string {
  let end = TYPE_BYTES;
  while (end > 0 && frame[end - 1] === 0) end--;
  // Action names are ASCII here (ours and Trystero's); other bytes make a name nobody registered.
  return String.fromCharCode(...frame.subarray(0, end));
}
