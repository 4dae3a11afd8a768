import {
  Command,
  HaveMode,
  ProtocolLimits,
  ProtocolViolation,
  type ProtocolMessage,
} from './protocol.js';
import { assertNever } from '../util/assert-never.js';
import { platform } from '../util/platform.js';

const encoder = new platform.TextEncoder();
const decoder = new platform.TextDecoder('utf-8', { fatal: true });
const CANONICAL_NUMBER = /^(0|[1-9][0-9]{0,15})$/;
const ID_NUMERIC = 0;
const ID_STRING = 1;

export interface ProtocolCodecOptions {
  /** Largest `data-header` total accepted, bytes (the core passes `config.maxSegmentBytes`). */
  maxSegmentBytes: number;
}

/**
 * Compact binary encoding of `ProtocolMessage`s (layout documented in `protocol.ts`).
 * `decode` throws `ProtocolViolation` on anything malformed, unknown, oversized or trailing.
 */
export class ProtocolCodec {
  readonly #maxSegmentBytes: number;

  constructor({ maxSegmentBytes }: ProtocolCodecOptions) {
    this.#maxSegmentBytes = maxSegmentBytes;
  }

  encode(message: ProtocolMessage): Uint8Array {
    const w = new Writer();
    switch (message.type) {
      case 'hello':
        w.byte(Command.Hello).byte(message.version).byte(message.uploadEnabled ? 1 : 0);
        break;
      case 'have':
        w.byte(Command.Have).streamId(message.streamId).byte(message.mode);
        writeIds(w, message.segmentIds);
        break;
      case 'loading':
        w.byte(Command.Loading).streamId(message.streamId);
        writeIds(w, message.segmentIds);
        break;
      case 'request':
        w.byte(Command.Request).varint(message.requestId).streamId(message.streamId);
        writeSegmentId(w, message.segmentId);
        break;
      case 'data-header':
        w.byte(Command.DataHeader).varint(message.requestId).varint(message.totalBytes);
        break;
      case 'data-chunk':
        if (message.bytes.byteLength > ProtocolLimits.maxChunkBytes) throw new RangeError('chunk too large');
        w.byte(Command.DataChunk).varint(message.requestId).varint(message.offsetBytes).bytes(message.bytes);
        break;
      case 'absent':
        w.byte(Command.Absent).varint(message.requestId);
        break;
      case 'cancel':
        w.byte(Command.Cancel).varint(message.requestId);
        break;
      default:
        return assertNever(message, 'message type');
    }
    return w.finish();
  }

  decode(bytes: Uint8Array): ProtocolMessage {
    const r = new Reader(bytes);
    const message = this.#decodeBody(r, r.byte());
    r.end();
    return message;
  }

  #decodeBody(r: Reader, command: number): ProtocolMessage {
    switch (command) {
      case Command.Hello: {
        const version = r.byte();
        const flags = r.byte();
        if (flags > 1) throw new ProtocolViolation(`hello: unknown flags ${flags}`);
        return { type: 'hello', version, uploadEnabled: flags === 1 };
      }
      case Command.Have: {
        const streamId = r.string(ProtocolLimits.maxStreamIdBytes);
        const mode = r.byte();
        if (mode !== HaveMode.Full && mode !== HaveMode.Add && mode !== HaveMode.Remove) {
          throw new ProtocolViolation(`have: unknown mode ${mode}`);
        }
        return { type: 'have', streamId, mode, segmentIds: readIds(r) };
      }
      case Command.Loading:
        return { type: 'loading', streamId: r.string(ProtocolLimits.maxStreamIdBytes), segmentIds: readIds(r) };
      case Command.Request:
        return {
          type: 'request',
          requestId: r.requestId(),
          streamId: r.string(ProtocolLimits.maxStreamIdBytes),
          segmentId: readSegmentId(r),
        };
      case Command.DataHeader: {
        const requestId = r.requestId();
        const totalBytes = r.varint();
        if (totalBytes > this.#maxSegmentBytes) {
          throw new ProtocolViolation(`data-header: ${totalBytes} bytes exceeds the ${this.#maxSegmentBytes} byte cap`);
        }
        return { type: 'data-header', requestId, totalBytes };
      }
      case Command.DataChunk: {
        const requestId = r.requestId();
        const offsetBytes = r.varint();
        const rest = r.rest();
        if (rest.byteLength === 0) throw new ProtocolViolation('data-chunk: empty');
        if (rest.byteLength > ProtocolLimits.maxChunkBytes) throw new ProtocolViolation('data-chunk: too large');
        if (offsetBytes + rest.byteLength > this.#maxSegmentBytes) throw new ProtocolViolation('data-chunk: beyond the segment cap');
        return { type: 'data-chunk', requestId, offsetBytes, bytes: rest };
      }
      case Command.Absent:
        return { type: 'absent', requestId: r.requestId() };
      case Command.Cancel:
        return { type: 'cancel', requestId: r.requestId() };
      default:
        throw new ProtocolViolation(`unknown command ${command}`);
    }
  }
}

function writeIds(w: Writer, ids: readonly string[]): void {
  if (ids.length > ProtocolLimits.maxIdsPerMessage) throw new RangeError('too many segment ids in one message');
  w.varint(ids.length);
  for (const id of ids) writeSegmentId(w, id);
}

function readIds(r: Reader): string[] {
  const count = r.varint();
  if (count > ProtocolLimits.maxIdsPerMessage) throw new ProtocolViolation(`${count} segment ids exceed the cap`);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(readSegmentId(r));
  return ids;
}

function writeSegmentId(w: Writer, id: string): void {
  if (CANONICAL_NUMBER.test(id) && Number(id) <= Number.MAX_SAFE_INTEGER) {
    w.byte(ID_NUMERIC).varint(Number(id));
  } else {
    w.byte(ID_STRING).string(id, ProtocolLimits.maxSegmentIdBytes);
  }
}

function readSegmentId(r: Reader): string {
  const kind = r.byte();
  if (kind === ID_NUMERIC) return String(r.varint());
  if (kind === ID_STRING) {
    const id = r.string(ProtocolLimits.maxSegmentIdBytes);
    if (id.length === 0) throw new ProtocolViolation('empty segment id');
    return id;
  }
  throw new ProtocolViolation(`unknown segment id kind ${kind}`);
}

/** UTF-8 of recent stream ids (only ever copied into a message, never handed out). */
const streamIdBytes = new Map<string, Uint8Array>();
const STREAM_ID_CACHE_SIZE = 32;

class Writer {
  // Room for a `have` with a URL stream id and a few ids without growing.
  #buffer = new Uint8Array(256);
  #length = 0;

  #reserve(extra: number): void {
    if (this.#length + extra <= this.#buffer.byteLength) return;
    const next = new Uint8Array(Math.max(this.#buffer.byteLength * 2, this.#length + extra));
    next.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = next;
  }

  byte(value: number): this {
    this.#reserve(1);
    this.#buffer[this.#length++] = value & 0xff;
    return this;
  }

  varint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a varint: ${value}`);
    let rest = value;
    while (rest >= 0x80) {
      this.byte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    return this.byte(rest);
  }

  string(value: string, maxBytes: number): this {
    return this.#utf8(encoder.encode(value), maxBytes);
  }

  /** A stream id: the same few repeat in every announcement, so their UTF-8 is encoded once. */
  streamId(value: string): this {
    let utf8 = streamIdBytes.get(value);
    if (!utf8) {
      utf8 = encoder.encode(value);
      if (streamIdBytes.size >= STREAM_ID_CACHE_SIZE) streamIdBytes.delete(streamIdBytes.keys().next().value!);
      streamIdBytes.set(value, utf8);
    }
    return this.#utf8(utf8, ProtocolLimits.maxStreamIdBytes);
  }

  #utf8(utf8: Uint8Array, maxBytes: number): this {
    if (utf8.byteLength > maxBytes) throw new RangeError(`string of ${utf8.byteLength} bytes exceeds ${maxBytes}`);
    return this.varint(utf8.byteLength).bytes(utf8);
  }

  bytes(value: Uint8Array): this {
    this.#reserve(value.byteLength);
    this.#buffer.set(value, this.#length);
    this.#length += value.byteLength;
    return this;
  }

  finish(): Uint8Array {
    return this.#buffer.slice(0, this.#length);
  }
}

class Reader {
  readonly #bytes: Uint8Array;
  #offset = 0;

  constructor(bytes: Uint8Array) {
    if (!(bytes instanceof Uint8Array)) throw new ProtocolViolation('message is not binary');
    this.#bytes = bytes;
  }

  byte(): number {
    if (this.#offset >= this.#bytes.byteLength) throw new ProtocolViolation('truncated message');
    return this.#bytes[this.#offset++]!;
  }

  /** LEB128, at most 8 bytes and a safe integer. */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (i > 0 && b === 0) throw new ProtocolViolation('non-minimal varint');
        if (!Number.isSafeInteger(value)) throw new ProtocolViolation('varint too large');
        return value;
      }
      scale *= 0x80;
    }
    throw new ProtocolViolation('varint too long');
  }

  requestId(): number {
    const id = this.varint();
    if (id > ProtocolLimits.maxRequestId) throw new ProtocolViolation('request id too large');
    return id;
  }

  string(maxBytes: number): string {
    const length = this.varint();
    if (length > maxBytes) throw new ProtocolViolation(`string of ${length} bytes exceeds ${maxBytes}`);
    if (this.#offset + length > this.#bytes.byteLength) throw new ProtocolViolation('truncated string');
    const slice = this.#bytes.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    try {
      return decoder.decode(slice);
    } catch {
      throw new ProtocolViolation('invalid UTF-8');
    }
  }

  rest(): Uint8Array {
    const slice = this.#bytes.subarray(this.#offset);
    this.#offset = this.#bytes.byteLength;
    return slice;
  }

  end(): void {
    if (this.#offset !== this.#bytes.byteLength) throw new ProtocolViolation('trailing bytes');
  }
}
