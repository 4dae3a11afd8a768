/** Fault injection for the local origin: what a test can break, and checking what it asked for. */

/** Applies to segments (anything not .m3u8/.mpd) unless `match` is given. */
export interface OriginFault {
  /** Answer matching requests with this HTTP status (200–599) instead of the content. */
  status?: number;
  /** Substring of the request path the fault applies to. Default: every segment, no manifest. */
  match?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Send this many body bytes, then cut the connection (mid-body). */
  dropAfterBytes?: number;
  /** Answer without CORS headers (the browser then rejects the response). */
  noCors?: boolean;
  /** Refuse (403) matching requests without this header, `"name: value"` or just `"name"` (a CDN that needs auth). */
  requireHeader?: string;
  /**
   * Refuse (403) matching requests without this cookie, `"name=value"` or just `"name"` (a CDN
   * that authorizes by cookie). While set, every answer has credentialed CORS (the request's
   * `Origin` echoed, `Access-Control-Allow-Credentials: true`): a `*` would make the browser drop
   * the answer to a request sent with credentials. Set the cookie with `/__origin/set-cookie`.
   */
  requireCookie?: string;
}

const KEYS = new Set(['status', 'match', 'delayMs', 'dropAfterBytes', 'noCors', 'requireHeader', 'requireCookie']);

/** Returns the fault as given, or throws a TypeError that says what is wrong with it. */
export function validateFault(value: unknown): OriginFault | null {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`fault must be an object or null, got ${JSON.stringify(value)}`);
  }
  const fault = value as Record<string, unknown>;
  for (const key of Object.keys(fault)) {
    if (!KEYS.has(key)) throw new TypeError(`fault has unknown field "${key}" (known: ${[...KEYS].join(', ')})`);
  }
  if (fault.status !== undefined && !(Number.isInteger(fault.status) && (fault.status as number) >= 200 && (fault.status as number) <= 599)) {
    throw new TypeError(`fault.status must be an integer HTTP status 200–599, got ${JSON.stringify(fault.status)}`);
  }
  if (fault.match !== undefined && (typeof fault.match !== 'string' || fault.match === '')) {
    throw new TypeError(`fault.match must be a non-empty string, got ${JSON.stringify(fault.match)}`);
  }
  for (const key of ['delayMs', 'dropAfterBytes'] as const) {
    const n = fault[key];
    if (n !== undefined && !(typeof n === 'number' && Number.isInteger(n) && n >= 0)) {
      throw new TypeError(`fault.${key} must be a non-negative integer, got ${JSON.stringify(n)}`);
    }
  }
  if (fault.noCors !== undefined && typeof fault.noCors !== 'boolean') {
    throw new TypeError(`fault.noCors must be a boolean, got ${JSON.stringify(fault.noCors)}`);
  }
  if (fault.requireHeader !== undefined && (typeof fault.requireHeader !== 'string' || !/^[\w-]+(:.*)?$/.test(fault.requireHeader))) {
    throw new TypeError(`fault.requireHeader must be "name" or "name: value", got ${JSON.stringify(fault.requireHeader)}`);
  }
  if (fault.requireCookie !== undefined && (typeof fault.requireCookie !== 'string' || !/^[\w-]+(=[^;\s]*)?$/.test(fault.requireCookie))) {
    throw new TypeError(`fault.requireCookie must be "name" or "name=value", got ${JSON.stringify(fault.requireCookie)}`);
  }
  return { ...(fault as OriginFault) };
}

/** True when `fault.requireHeader` is set and `headers` (Node's, lower-case names) lack it. */
export function missingRequiredHeader(fault: OriginFault, headers: Record<string, string | string[] | undefined>): boolean {
  if (!fault.requireHeader) return false;
  const [name, ...rest] = fault.requireHeader.split(':');
  const actual = headers[name.trim().toLowerCase()];
  if (actual === undefined) return true;
  return rest.length > 0 && String(actual) !== rest.join(':').trim();
}

/** True when `fault.requireCookie` is set and the `Cookie` header lacks it (or has another value). */
export function missingRequiredCookie(fault: OriginFault, cookieHeader: string | undefined): boolean {
  if (!fault.requireCookie) return false;
  const [name, ...rest] = fault.requireCookie.split('=');
  const cookies = new Map((cookieHeader ?? '').split(';').map((pair) => {
    const [key, ...value] = pair.trim().split('=');
    return [key, value.join('=')] as const;
  }));
  if (!cookies.has(name)) return true;
  return rest.length > 0 && cookies.get(name) !== rest.join('=');
}

/** True for manifests (.m3u8, .mpd); everything else the origin serves counts as a segment. */
export function isManifestPath(pathname: string): boolean {
  return /\.(m3u8|mpd)$/i.test(pathname);
}

/** Whether `fault` applies to a media request for `pathname`. */
export function faultApplies(fault: OriginFault | null, pathname: string): fault is OriginFault {
  if (!fault) return false;
  return fault.match !== undefined ? pathname.includes(fault.match) : !isManifestPath(pathname);
}
