/**
 * Turns `<p2p-video>`'s P2P attributes into the core's `Partial<P2PConfig>`.
 */
import type { P2PConfig, RTCIceServerLike } from '../p2p/config.js';

/** The P2P attributes as the element holds them (`null` = attribute absent). */
export interface P2PAttributes {
  trackers: string | null;
  iceServers: string | null;
  password: string | null;
  noUpload: boolean;
  /** `integrity` attribute: URL of the origin's `segments-sha256.json`, relative to the page. */
  integrity?: string | null;
}

/**
 * Merges the attributes over `config.p2p`. Attributes that are absent leave `base` (and then the
 * core's defaults) alone; a present but empty `ice-servers` means "no ICE servers".
 */
export function buildP2PConfig(attributes: P2PAttributes, base: Partial<P2PConfig> = {}): Partial<P2PConfig> {
  const config: Partial<P2PConfig> = { ...base };
  if (attributes.trackers !== null) config.trackers = splitList(attributes.trackers);
  if (attributes.iceServers !== null) config.iceServers = parseIceServers(attributes.iceServers);
  if (attributes.password !== null && attributes.password !== '') config.password = attributes.password;
  if (attributes.noUpload || isMeteredConnection()) config.uploadEnabled = false;
  if (attributes.integrity) config.integrityUrl = resolveUrl(attributes.integrity);
  return config;
}

/** `"stun:a:3478 turn:user:pass@b:3478"` → RTCIceServer list; the credentials move out of the URL. */
export function parseIceServers(value: string): RTCIceServerLike[] {
  return splitList(value).map((entry) => {
    const match = /^(turns?):([^:@]+):([^@]*)@(.+)$/.exec(entry);
    if (!match) return { urls: entry };
    const [, scheme, username, credential, hostPort] = match;
    return { urls: `${scheme}:${hostPort}`, username: decodeURIComponent(username), credential: decodeURIComponent(credential) };
  });
}

/** Relative to the document, like any URL attribute; left as written when unparsable (the core then reports it). */
function resolveUrl(value: string): string {
  try {
    return new URL(value, globalThis.document?.baseURI).href;
  } catch {
    return value;
  }
}

function splitList(value: string): string[] {
  return value.split(/\s+/).filter((item) => item !== '');
}

interface NetworkInformationLike {
  saveData?: boolean;
  type?: string;
}

/** Viewers who pay per byte (data saver on, or on a cellular network) do not upload. */
export function isMeteredConnection(): boolean {
  const connection = (globalThis.navigator as { connection?: NetworkInformationLike } | undefined)?.connection;
  return connection?.saveData === true || connection?.type === 'cellular';
}
