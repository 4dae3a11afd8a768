import { DEFAULT_P2P_CONFIG, type P2PConfig } from './config.js';
import { P2PError, P2PErrorCode } from './errors.js';
import { MIN_TRANSFER_BYTES_PER_SECOND } from './peers/peer-downloader.js';
import { platform } from './util/platform.js';

type NumberKey = { [K in keyof P2PConfig]: P2PConfig[K] extends number ? K : never }[keyof P2PConfig];

/** Lower bounds of numeric fields (inclusive). */
const MINIMUMS: Record<NumberKey, number> = {
  httpWindowSeconds: 0,
  p2pWindowSeconds: 0,
  p2pFallbackMarginMs: 0,
  p2pTimeoutMs: 1,
  httpTimeoutMs: 1,
  storageLimitBytes: 0,
  liveRetentionSeconds: 0,
  maxPeers: 0,
  statsIntervalMs: 10,
  maxSegmentBytes: 1,
};

const OPTIONAL_KEYS = new Set(['password', 'integrityUrl', 'validateSegment', 'httpRequest', 'uploadLimitBitsPerSecond']);

/**
 * The lowest upload cap: a peer's downloader fails a transfer slower than this as stalled (and
 * charges us), so a lower cap could serve nobody. `uploadEnabled: false` is the way to upload nothing.
 */
export const MIN_UPLOAD_LIMIT_BITS_PER_SECOND = MIN_TRANSFER_BYTES_PER_SECOND * 8;

function invalid(message: string): P2PError {
  return new P2PError({ code: P2PErrorCode.InvalidConfig, message: `Invalid P2P config: ${message}` });
}

/** Merges `overrides` over the defaults and checks every field; throws `P2PError('invalid-config')`. */
export function resolveConfig(overrides: Partial<P2PConfig> = {}): Readonly<P2PConfig> {
  if (overrides === null || typeof overrides !== 'object') throw invalid('config must be an object');
  const unknown = Object.keys(overrides).filter((key) => !(key in DEFAULT_P2P_CONFIG));
  if (unknown.length > 0) throw invalid(`unknown field(s) ${unknown.join(', ')}`);
  const defined = Object.fromEntries(Object.entries(overrides).filter(([key, value]) => value !== undefined || OPTIONAL_KEYS.has(key)));
  const config: P2PConfig = { ...DEFAULT_P2P_CONFIG, ...defined };
  for (const [key, minimum] of Object.entries(MINIMUMS) as Array<[NumberKey, number]>) {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum) {
      throw invalid(`${key} must be a finite number >= ${minimum}, got ${String(value)}`);
    }
  }
  if (!Array.isArray(config.trackers)) throw invalid('trackers must be a list of ws:// or wss:// URLs');
  const badTracker = config.trackers.find((url) => !isUrlOf(url, /^wss?:$/));
  if (badTracker !== undefined) throw invalid(`trackers must be ws:// or wss:// URLs, got ${JSON.stringify(badTracker)}`);
  if (!Array.isArray(config.iceServers) || config.iceServers.some((server) => !server || (typeof server.urls !== 'string' && !Array.isArray(server.urls)))) {
    throw invalid('iceServers must be a list of { urls } objects');
  }
  const badIce = config.iceServers.flatMap((server) => [server.urls].flat()).find((url) => typeof url !== 'string' || !ICE_URL.test(url));
  if (badIce !== undefined) throw invalid(`iceServers URLs must be stun:, turn: or turns: URLs, got ${JSON.stringify(badIce)}`);
  if (typeof config.appId !== 'string' || config.appId === '') throw invalid('appId must be a non-empty string');
  if (config.password !== undefined && typeof config.password !== 'string') throw invalid('password must be a string');
  if (config.integrityUrl !== undefined && !isHttpUrl(config.integrityUrl)) throw invalid(`integrityUrl must be an absolute http(s) URL, got ${String(config.integrityUrl)}`);
  if (config.validateSegment !== undefined && typeof config.validateSegment !== 'function') throw invalid('validateSegment must be a function');
  if (config.httpRequest !== undefined && typeof config.httpRequest !== 'function') throw invalid('httpRequest must be a function');
  if (typeof config.uploadEnabled !== 'boolean') throw invalid('uploadEnabled must be a boolean');
  checkUploadLimit(config.uploadLimitBitsPerSecond);
  if (typeof config.requireIntegrity !== 'boolean') throw invalid('requireIntegrity must be a boolean');
  return Object.freeze({ ...config, trackers: Object.freeze([...config.trackers]), iceServers: Object.freeze([...config.iceServers]) });
}

function checkUploadLimit(value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < MIN_UPLOAD_LIMIT_BITS_PER_SECOND) {
    const hint = typeof value === 'number' && value >= 0 && value < MIN_UPLOAD_LIMIT_BITS_PER_SECOND ? ' (to upload nothing, set uploadEnabled: false)' : '';
    throw invalid(`uploadLimitBitsPerSecond must be undefined (unlimited) or a finite number >= ${MIN_UPLOAD_LIMIT_BITS_PER_SECOND}, got ${String(value)}${hint}`);
  }
}

/** RFC 7064/7065 URIs: `stun:host[:port]`, `turn(s):host[:port][?transport=udp|tcp]`. */
const ICE_URL = /^(stun|stuns|turn|turns):[^\s/?#]+(\?transport=(udp|tcp))?$/;

function isUrlOf(value: unknown, protocol: RegExp): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new platform.URL(value);
    return protocol.test(url.protocol) && url.host !== '';
  } catch {
    return false;
  }
}

function isHttpUrl(value: unknown): boolean {
  return isUrlOf(value, /^https?:$/);
}
