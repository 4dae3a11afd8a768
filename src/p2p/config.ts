import type { SegmentValidator } from './verify/segment-verifier.js';

/**
 * The core's configuration. Units are in the names. `DEFAULT_P2P_CONFIG` holds every default;
 * the element's attributes map onto these fields.
 */
export interface P2PConfig {
  /**
   * WebTorrent tracker announce URLs (`wss://…` or `ws://…`).
   * @default a small list of public WebTorrent trackers
   */
  trackers: readonly string[];
  /**
   * ICE servers (STUN/TURN). `[]` = none (peers on one LAN need none).
   * @default public STUN servers
   */
  iceServers: readonly RTCIceServerLike[];
  /**
   * Private swarm: peers must share this password (Trystero's encrypted signaling).
   * @default undefined
   */
  password: string | undefined;
  /**
   * Application namespace: only peers with the same appId meet.
   * @default 'p2p-video'
   */
  appId: string;
  /**
   * Whether this viewer serves segments to others.
   * @default true (false on metered connections, decided by the element)
   */
  uploadEnabled: boolean;
  /**
   * Cap on what this viewer uploads to all peers together, bits/s (a token bucket: sends wait,
   * nothing is dropped). Under the cap a request that would not get at least 256 kbit/s (the rate
   * below which the requester's downloader gives up on a transfer), or not end within 4 s, is
   * refused at once, so the requester goes elsewhere. Independently of the cap, no new upload
   * starts while this viewer's own buffer holds less than 1 segment ahead. At least 262144.
   * @default undefined (unlimited: a fixed figure would be wrong for both a 1 and a 100 Mbit/s uplink)
   */
  uploadLimitBitsPerSecond: number | undefined;
  /**
   * Segments starting within this many seconds of the playhead are fetched over HTTP when no
   * peer can deliver them in time.
   * @default 6
   */
  httpWindowSeconds: number;
  /**
   * How far ahead of the playhead segments are prefetched from peers, seconds.
   * @default 60
   */
  p2pWindowSeconds: number;
  /**
   * A P2P transfer that has not finished this long before the segment is needed falls back to HTTP.
   * @default 2000
   */
  p2pFallbackMarginMs: number;
  /**
   * Timeout of one P2P request without progress, ms.
   * @default 4000
   */
  p2pTimeoutMs: number;
  /**
   * Timeout of one HTTP segment request, ms.
   * @default 20000
   */
  httpTimeoutMs: number;
  /**
   * Maximum bytes held in the segment store.
   * @default 128 MiB (64 MiB on devices reporting <= 2 GB of memory)
   */
  storageLimitBytes: number;
  /**
   * Live: seconds behind the playhead after which stored segments are dropped.
   * @default 60
   */
  liveRetentionSeconds: number;
  /**
   * Maximum connected peers per swarm.
   * @default 20
   */
  maxPeers: number;
  /**
   * Interval of the `stats` event, ms.
   * @default 1000
   */
  statsIntervalMs: number;
  /**
   * Largest segment accepted from a peer, bytes.
   * @default 64 MiB
   */
  maxSegmentBytes: number;
  /**
   * Absolute URL of the origin's segment hashes (PeerTube's `segments-sha256.json` format).
   * Segments from peers whose hash does not match are rejected. Fetched from the origin only.
   * @default undefined (size and container checks only)
   */
  integrityUrl: string | undefined;
  /**
   * Share over P2P only segments something trusted vouches for (an `integrityUrl` entry): every
   * other segment is taken from the origin, however many peers have it. Without it, segments
   * without an entry pass when their container, program and timestamps match what the origin's
   * segments of the stream showed (see the README's security model).
   * @default false
   */
  requireIntegrity: boolean;
  /**
   * The operator's own check of segment bytes that came from peers: `true` accepts, `false`
   * (or a throw, or no answer within 5 s) rejects and the segment is fetched again.
   * @default undefined
   */
  validateSegment: SegmentValidator | undefined;
  /**
   * Called before every request the core sends to the origin (segments, the integrity file,
   * health probes), for origins that sign URLs, set cookies or need headers. Returns what to
   * change: another `url`, `headers` added over the core's (which hold `Range`), `credentials`.
   * A throw or rejection fails that request like a network error.
   * @default undefined (plain `fetch`, no credentials)
   */
  httpRequest: HttpRequestHook | undefined;
}

/** An origin request as the core is about to send it. */
export interface HttpRequestInfo {
  url: string;
  /** The core's headers (`Range` for a byte range or the rest of a peer prefix). */
  headers: Readonly<Record<string, string>>;
  /** The bytes asked for (end exclusive), from the `Range` header; undefined = the whole file. */
  byteRange?: { start: number; end?: number };
}

/** What `httpRequest` changes; fields left out stay as they were. */
export interface HttpRequestChanges {
  url?: string;
  /** Added over the core's headers (a `Range` given here replaces the core's). */
  headers?: Record<string, string>;
  /** As `fetch`'s: `'include'` sends cookies (the origin must allow credentialed CORS). */
  credentials?: 'omit' | 'same-origin' | 'include';
}

export type HttpRequestHook = (request: HttpRequestInfo) => HttpRequestChanges | void | Promise<HttpRequestChanges | void>;

/** Structural copy of the DOM's RTCIceServer, so the core compiles without DOM types. */
export interface RTCIceServerLike {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Public WebTorrent trackers: a first trial needs no server of its own. Never used by tests. */
export const PUBLIC_TRACKERS: readonly string[] = Object.freeze([
  'wss://tracker.webtorrent.dev',
  'wss://tracker.openwebtorrent.com',
  'wss://tracker.btorrent.xyz',
]);

/** Public STUN servers. Never used by tests. */
export const PUBLIC_ICE_SERVERS: readonly RTCIceServerLike[] = Object.freeze([
  { urls: 'stun:stun.l.google.com:19302' },
  { urls: 'stun:stun.cloudflare.com:3478' },
]);

const MiB = 1024 * 1024;

export const DEFAULT_P2P_CONFIG: Readonly<P2PConfig> = Object.freeze({
  trackers: PUBLIC_TRACKERS,
  iceServers: PUBLIC_ICE_SERVERS,
  password: undefined,
  appId: 'p2p-video',
  uploadEnabled: true,
  uploadLimitBitsPerSecond: undefined,
  httpWindowSeconds: 6,
  p2pWindowSeconds: 60,
  p2pFallbackMarginMs: 2000,
  p2pTimeoutMs: 4000,
  httpTimeoutMs: 20000,
  storageLimitBytes: 128 * MiB,
  liveRetentionSeconds: 60,
  maxPeers: 20,
  statsIntervalMs: 1000,
  maxSegmentBytes: 64 * MiB,
  integrityUrl: undefined,
  requireIntegrity: false,
  validateSegment: undefined,
  httpRequest: undefined,
});
