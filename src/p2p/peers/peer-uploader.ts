import type { Clock } from '../deps.js';
import { MIN_TRANSFER_BYTES_PER_SECOND } from './peer-downloader.js';
import { PeerOffense } from './peer-score.js';
import type { PeerSwarm, TransferMessage } from './peer-swarm.js';
import { PROTOCOL_VERSION, ProtocolLimits, transferKey } from '../protocol/protocol.js';
import type { SegmentStore } from '../storage/segment-store.js';
import { TokenBucket } from './token-bucket.js';
import { UploadRateLimiter } from './upload-rate-limiter.js';

/**
 * Concurrent uploads to one peer. Our downloader never has more than 3 requests in flight per
 * peer, so a peer above this is flooding: the request is answered `absent` and costs `flood` points.
 */
const MAX_UPLOADS_PER_PEER = 4;
/** Upload service rate limit per peer (requests/s, with a burst); excess is answered `absent`. */
const REQUEST_BURST = 20;
const REQUESTS_PER_SECOND = 10;
/** Chunks queued per clock tick, so a `cancel` can stop a long upload between batches. */
const CHUNKS_PER_TICK = 4;
/**
 * Backpressure (issue 10, hole 5). The transport does not tell us what left the data channel, and
 * `send()` only queues: an upload used to count as done once queued, so a peer requesting at the
 * allowed 10/s made us queue 400 MiB in 10 s. So we count the bytes we hand to `send()` per peer
 * ("unconfirmed") until the peer shows it received them: it announces `have` of the segment (an
 * honest downloader does as soon as it stores it), or `UNCONFIRMED_RELEASE_MS` passes (by then
 * Trystero has sent the message or given up on it: its backpressure wait is 10 s). Above the
 * per-peer cap the upload waits; a peer requesting while at its cap is charged `flood`.
 */
export const MAX_UNCONFIRMED_BYTES_PER_PEER = 8 * 1024 * 1024;
export const MAX_UNCONFIRMED_BYTES_TOTAL = 32 * 1024 * 1024;
const UNCONFIRMED_RELEASE_MS = 10_000;
/** How often a paused upload looks again for room. */
const PAUSE_RETRY_MS = 100;
/**
 * Back-off: while our own player has less than this many segments buffered ahead, no new upload
 * starts (our downlink, and the CPU, go to our own playback). Uploads resume from
 * `UPLOAD_RESUME_SEGMENTS`: the gap keeps a buffer hovering at the threshold from flapping.
 * One segment, not two: a live player 3 segments behind the edge holds 2–3 and dips under 2 in
 * normal play; at 2 the simulator's live swarm (100 viewers) fell from 0.49 to 0.32 of bytes via
 * P2P (origin copies 39 → 51) with no stall either way; at 1 it stayed at 0.48.
 */
export const UPLOAD_BACK_OFF_SEGMENTS = 1;
export const UPLOAD_RESUME_SEGMENTS = 1.5;
/**
 * Under a cap, a request whose segment would not be sent in full within this long (taking turns
 * with the uploads running) is refused at once. The requester gives a transfer until its fallback
 * margin (2 s before the segment is due) and then cancels it, so later bytes are wasted uplink.
 */
export const UPLOAD_DEADLINE_MS = 4000;
/**
 * Without a cap, live segments go to at most this many peers at once (a peer with an upload in
 * flight may queue more: one data channel serves them in order). Uploads handed to the transport
 * share the uplink, and a new live segment's first holder was asked by all its neighbours at once:
 * each transfer took neighbours x longer, missed the requesters' fallback margin and was charged
 * as a stall (simulated live, 1,000 viewers, 3 min: 40 honest peers banned, `peer-too-slow` 9.8
 * copies). A refused requester takes it from a neighbour that got it meanwhile: the segment
 * spreads as a tree, not a star. Measured at 1,000 viewers: 2 peers 30.97 reachable copies, no
 * ban; 3 peers 29.96, 7 bans; 1 peer (counting segments) 167. VOD is not limited: a refused VOD
 * requester goes to the origin (simulated 4-viewer bench 1.29 -> 2.14 copies).
 */
export const MAX_PEERS_IN_FLIGHT = 2;
/** How often a backed-off uploader looks at the buffer again (to tell peers it serves again). */
const BACK_OFF_POLL_MS = 500;

export interface PeerUploaderOptions {
  swarm: PeerSwarm;
  store: SegmentStore;
  clock: Clock;
  isUploadEnabled(): boolean;
  onUploaded(upload: { peerId: string; streamId: string; segmentId: string; bytes: number }): void;
  /** A peer flooded us with requests. */
  onOffense(peerId: string, offense: PeerOffense, detail: string): void;
  /** `uploadLimitBitsPerSecond`: the cap on all uploads together; undefined = unlimited. */
  uploadLimitBitsPerSecond?: number | undefined;
  /** Segments our own player has buffered ahead; undefined while unknown (no back-off then). */
  bufferedAheadSegments?(): number | undefined;
}

interface Upload {
  peerId: string;
  streamId: string;
  segmentId: string;
  cancelled: boolean;
  timer: unknown;
  /** Bytes not sent yet. */
  remaining: number;
  /** Withdraws the chunk waiting for the rate limiter's tokens. */
  unschedule: (() => void) | undefined;
  release(): void;
}

/** Bytes of one request handed to `send()` at one tick and not confirmed yet. */
interface Unconfirmed {
  requestId: number;
  streamId: string;
  segmentId: string;
  bytes: number;
  atMs: number;
}

interface UploadJob {
  peerId: string;
  requestId: number;
  bytes: Uint8Array;
  streamId: string;
  segmentId: string;
}

/**
 * Serves peers' `request`s from the segment store only, in chunks; honours `cancel`. Under
 * `uploadLimitBitsPerSecond` chunks wait for the rate limiter, and requests it cannot serve in time
 * are refused; while our own buffer is low no upload starts. Refusing, it first tells the peers
 * with a `hello` that it does not serve (their peer selection skips it, and a requester takes the
 * `absent` that follows for a refusal rather than a lie) and sends another `hello` once it serves again.
 */
export class PeerUploader {
  readonly #options: PeerUploaderOptions;
  readonly #limiter: UploadRateLimiter;
  /**
   * Concurrent uploads under a cap: each gets its share of the rate, and below the minimum rate
   * the requester's downloader accepts (`MIN_TRANSFER_BYTES_PER_SECOND`) it would fail the
   * transfer as stalled and charge us. A request beyond this is refused at once instead.
   */
  readonly #maxConcurrent: number;
  readonly #uploads = new Map<string, Upload>();
  /** What our last `hello` told peers: whether we serve (the swarm's hello at join says true). */
  #advertised = true;
  #backedOff = false;
  /** Whether the buffer has reached `UPLOAD_RESUME_SEGMENTS` (the back-off is armed from then). */
  #bufferSeen = false;
  #backOffTimer: unknown;
  #destroyed = false;
  readonly #requestLimits = new Map<string, TokenBucket>();
  /** Bytes handed to `send()` and not confirmed, per peer: oldest first. */
  readonly #unconfirmed = new Map<string, Unconfirmed[]>();
  #unconfirmedTotal = 0;

  constructor(options: PeerUploaderOptions) {
    this.#options = options;
    this.#limiter = new UploadRateLimiter({ clock: options.clock, bitsPerSecond: options.uploadLimitBitsPerSecond });
    this.#maxConcurrent = Math.max(1, Math.floor(this.#limiter.bytesPerSecond / MIN_TRANSFER_BYTES_PER_SECOND));
  }

  handle(peerId: string, message: TransferMessage): void {
    if (message.type === 'cancel') {
      // It will not confirm what it stopped waiting for: that upload is no longer in flight.
      const entries = this.#unconfirmed.get(peerId);
      if (entries?.some((entry) => entry.requestId === message.requestId)) this.#keep(peerId, entries.filter((entry) => entry.requestId !== message.requestId));
      return this.#stop(transferKey(peerId, message.requestId));
    }
    if (message.type !== 'request') return;
    const { swarm, store, isUploadEnabled } = this.#options;
    const key = transferKey(peerId, message.requestId);
    const abuse = this.#abuse(peerId, key);
    if (abuse) this.#options.onOffense(peerId, PeerOffense.Flood, abuse);
    const stored = !abuse && isUploadEnabled() ? store.get(message.streamId, message.segmentId) : undefined;
    const entry = stored && this.#canStart(peerId, stored) ? stored : undefined;
    if (!entry) return this.#refuse(peerId, message.requestId, stored !== undefined);
    const upload: Upload = { peerId, streamId: message.streamId, segmentId: message.segmentId, cancelled: false, timer: undefined, remaining: entry.bytes.byteLength, unschedule: undefined, release: store.pin(message.streamId, message.segmentId) };
    this.#uploads.set(key, upload);
    swarm.send(peerId, { type: 'data-header', requestId: message.requestId, totalBytes: entry.bytes.byteLength });
    const job = { peerId, requestId: message.requestId, bytes: entry.bytes, streamId: message.streamId, segmentId: message.segmentId };
    if (this.#limiter.limited) this.#sendPaced(key, upload, job, 0);
    else this.#sendFrom(key, upload, job, 0);
    this.#advertise();
  }

  /**
   * `absent`; for a segment we hold, a `hello` saying we do not serve goes first, so the requester
   * takes it for a refusal and not a lie (the same ordered channel keeps the order). Still serving
   * others (this one segment would end too late), the `hello` after it says so again.
   */
  #refuse(peerId: string, requestId: number, held: boolean): void {
    const { swarm } = this.#options;
    this.#advertise();
    const busyOnce = held && this.#advertised && this.#options.isUploadEnabled();
    if (busyOnce) swarm.send(peerId, { type: 'hello', version: PROTOCOL_VERSION, uploadEnabled: false });
    swarm.send(peerId, { type: 'absent', requestId });
    if (busyOnce) swarm.send(peerId, { type: 'hello', version: PROTOCOL_VERSION, uploadEnabled: true });
  }

  /** A peer connected (the swarm greeted it with our config's `hello`): correct it while we do not serve. */
  peerJoined(peerId: string): void {
    if (this.#options.isUploadEnabled() && !this.#advertised) this.#options.swarm.send(peerId, { type: 'hello', version: PROTOCOL_VERSION, uploadEnabled: false });
  }

  /** The peer announced `have` of these segments: what we sent it of them has arrived. */
  confirm(peerId: string, streamId: string, segmentIds: readonly string[]): void {
    const entries = this.#unconfirmed.get(peerId);
    if (!entries || segmentIds.length === 0) return;
    const ids = new Set(segmentIds);
    this.#keep(peerId, entries.filter((entry) => !(entry.streamId === streamId && ids.has(entry.segmentId))));
  }

  /** Bytes handed to `send()` for this peer (or all peers) and not confirmed yet. */
  unconfirmedBytes(peerId?: string): number {
    this.#expire();
    if (peerId === undefined) return this.#unconfirmedTotal;
    let sum = 0;
    for (const entry of this.#unconfirmed.get(peerId) ?? []) sum += entry.bytes;
    return sum;
  }

  peerGone(peerId: string): void {
    this.#requestLimits.delete(peerId);
    this.#keep(peerId, []);
    for (const [key, upload] of [...this.#uploads]) if (upload.peerId === peerId) this.#stop(key);
  }

  destroy(): void {
    this.#destroyed = true;
    for (const key of [...this.#uploads.keys()]) this.#stop(key);
    this.#unconfirmed.clear();
    this.#unconfirmedTotal = 0;
    this.#limiter.destroy();
    this.#options.clock.clearTimeout(this.#backOffTimer);
    this.#backOffTimer = undefined;
  }

  #sendFrom(key: string, upload: Upload, job: UploadJob, offset: number): void {
    const { bytes } = job;
    let position = offset;
    for (let i = 0; i < CHUNKS_PER_TICK && position < bytes.byteLength && !upload.cancelled && this.#hasRoom(job.peerId); i++) {
      const end = Math.min(position + ProtocolLimits.maxChunkBytes, bytes.byteLength);
      this.#options.swarm.send(job.peerId, { type: 'data-chunk', requestId: job.requestId, offsetBytes: position, bytes: bytes.subarray(position, end) });
      this.#note(job, end - position);
      position = end;
    }
    if (upload.cancelled) return;
    if (position < bytes.byteLength) {
      const paused = !this.#hasRoom(job.peerId);
      upload.timer = this.#options.clock.setTimeout(() => this.#sendFrom(key, upload, job, position), paused ? PAUSE_RETRY_MS : 0);
      return;
    }
    this.#finish(key, job);
  }

  /** Under a cap: one chunk per grant of the rate limiter, which takes turns between uploads. */
  #sendPaced(key: string, upload: Upload, job: UploadJob, position: number): void {
    if (upload.cancelled) return;
    if (position >= job.bytes.byteLength) return this.#finish(key, job);
    if (!this.#hasRoom(job.peerId)) {
      upload.timer = this.#options.clock.setTimeout(() => this.#sendPaced(key, upload, job, position), PAUSE_RETRY_MS);
      return;
    }
    const end = Math.min(position + ProtocolLimits.maxChunkBytes, job.bytes.byteLength);
    let ran = false;
    const withdraw = this.#limiter.schedule(end - position, () => {
      ran = true;
      upload.unschedule = undefined;
      this.#options.swarm.send(job.peerId, { type: 'data-chunk', requestId: job.requestId, offsetBytes: position, bytes: job.bytes.subarray(position, end) });
      this.#note(job, end - position);
      upload.remaining = job.bytes.byteLength - end;
      this.#sendPaced(key, upload, job, end);
    });
    // Run at once (tokens were there), the send already queued the next chunk with its own withdraw.
    if (!ran) upload.unschedule = withdraw;
  }

  #finish(key: string, job: UploadJob): void {
    this.#stop(key);
    this.#options.onUploaded({ peerId: job.peerId, streamId: job.streamId, segmentId: job.segmentId, bytes: job.bytes.byteLength });
  }

  #stop(key: string): void {
    const upload = this.#uploads.get(key);
    if (!upload) return;
    upload.cancelled = true;
    this.#options.clock.clearTimeout(upload.timer);
    upload.unschedule?.();
    upload.release();
    this.#uploads.delete(key);
    this.#advertise();
  }

  /** Whether a new upload may start: our buffer is not low and the cap leaves it its share. */
  #canStart(peerId: string, segment: { bytes: Uint8Array; isLive: boolean }): boolean {
    if (segment.isLive && !this.#limiter.limited && !this.#inFlightTo(peerId) && this.#peersInFlight() >= MAX_PEERS_IN_FLIGHT) return false;
    return !this.#lowBuffer() && !this.#saturated() && this.#finishMs(segment.bytes.byteLength) <= UPLOAD_DEADLINE_MS;
  }

  /** When a new upload of `bytes` would end under the cap, taking turns with the running ones. */
  #finishMs(bytes: number): number {
    if (!this.#limiter.limited) return 0;
    let ahead = bytes;
    for (const upload of this.#uploads.values()) ahead += Math.min(upload.remaining, bytes);
    return ahead / (this.#limiter.bytesPerSecond / 1000);
  }

  #saturated(): boolean {
    return this.#limiter.limited && this.#uploads.size >= this.#maxConcurrent;
  }

  /**
   * Back-off with hysteresis; while backed off, polls the buffer so peers hear when we serve again.
   * Only once the buffer has once reached the resume level: before that the player is starting
   * (it has little to share, and what it just fetched is what a live swarm waits for from it) or
   * never holds 2 segments (a low-latency live delay, a bridge that does not measure it), and a
   * back-off would stop it serving for good.
   */
  #lowBuffer(): boolean {
    const ahead = this.#options.bufferedAheadSegments?.();
    if (ahead !== undefined && ahead >= UPLOAD_RESUME_SEGMENTS) this.#bufferSeen = true;
    this.#backedOff = this.#bufferSeen && ahead !== undefined && ahead < (this.#backedOff ? UPLOAD_RESUME_SEGMENTS : UPLOAD_BACK_OFF_SEGMENTS);
    if (this.#backedOff && this.#backOffTimer === undefined && !this.#destroyed) {
      this.#backOffTimer = this.#options.clock.setTimeout(() => {
        this.#backOffTimer = undefined;
        this.#lowBuffer();
        this.#advertise();
      }, BACK_OFF_POLL_MS);
    }
    return this.#backedOff;
  }

  /** Tells every peer, when it changed, whether we serve (their peer selection skips us while not). */
  #advertise(): void {
    if (this.#destroyed || !this.#options.isUploadEnabled()) return;
    const serving = !this.#backedOff && !this.#saturated();
    if (serving === this.#advertised) return;
    this.#advertised = serving;
    const { swarm } = this.#options;
    for (const peer of swarm.peers) swarm.send(peer.id, { type: 'hello', version: PROTOCOL_VERSION, uploadEnabled: serving });
  }

  /** Why this request is over a limit, or undefined. */
  #abuse(peerId: string, key: string): string | undefined {
    let limit = this.#requestLimits.get(peerId);
    if (!limit) this.#requestLimits.set(peerId, (limit = new TokenBucket({ clock: this.#options.clock, capacity: REQUEST_BURST, refillPerSecond: REQUESTS_PER_SECOND })));
    if (this.#uploads.has(key)) return 'repeated a request id in flight';
    if (this.#countFor(peerId) >= MAX_UPLOADS_PER_PEER) return `more than ${MAX_UPLOADS_PER_PEER} requests outstanding`;
    if (this.unconfirmedBytes(peerId) >= MAX_UNCONFIRMED_BYTES_PER_PEER) return `requests faster than it receives (${MAX_UNCONFIRMED_BYTES_PER_PEER} bytes sent, not confirmed)`;
    if (!limit.take()) return `more than ${REQUESTS_PER_SECOND} requests/s`;
    return undefined;
  }

  #hasRoom(peerId: string): boolean {
    return this.unconfirmedBytes(peerId) < MAX_UNCONFIRMED_BYTES_PER_PEER && this.#unconfirmedTotal < MAX_UNCONFIRMED_BYTES_TOTAL;
  }

  #note(job: { peerId: string; requestId: number; streamId: string; segmentId: string }, bytes: number): void {
    let entries = this.#unconfirmed.get(job.peerId);
    if (!entries) this.#unconfirmed.set(job.peerId, (entries = []));
    const last = entries[entries.length - 1];
    const atMs = this.#options.clock.now();
    // One entry per segment and tick keeps the list short (a few per segment).
    if (last && last.requestId === job.requestId && last.atMs === atMs) last.bytes += bytes;
    else entries.push({ requestId: job.requestId, streamId: job.streamId, segmentId: job.segmentId, bytes, atMs });
    this.#unconfirmedTotal += bytes;
  }

  /** Releases what was handed over long enough ago (sent or given up by the transport by now). */
  #expire(): void {
    const cutoffMs = this.#options.clock.now() - UNCONFIRMED_RELEASE_MS;
    for (const [peerId, entries] of this.#unconfirmed) {
      if (entries.length > 0 && entries[0]!.atMs <= cutoffMs) this.#keep(peerId, entries.filter((entry) => entry.atMs > cutoffMs));
    }
  }

  #keep(peerId: string, entries: Unconfirmed[]): void {
    for (const entry of this.#unconfirmed.get(peerId) ?? []) this.#unconfirmedTotal -= entry.bytes;
    for (const entry of entries) this.#unconfirmedTotal += entry.bytes;
    if (entries.length > 0) this.#unconfirmed.set(peerId, entries);
    else this.#unconfirmed.delete(peerId);
  }

  /** Peers with an upload on its way: being handed to the transport, or handed and not confirmed yet. */
  #peersInFlight(): number {
    this.#expire();
    const peers = new Set(this.#unconfirmed.keys());
    for (const upload of this.#uploads.values()) peers.add(upload.peerId);
    return peers.size;
  }

  #inFlightTo(peerId: string): boolean {
    if (this.#unconfirmed.has(peerId)) return true;
    for (const upload of this.#uploads.values()) if (upload.peerId === peerId) return true;
    return false;
  }

  #countFor(peerId: string): number {
    let count = 0;
    for (const upload of this.#uploads.values()) if (upload.peerId === peerId) count++;
    return count;
  }
}
