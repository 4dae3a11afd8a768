/**
 * Loads the origin's segment hash file over HTTP (never from peers), caches it and refetches it
 * (rate-limited) when a live segment is missing from the current copy. Failures never reject:
 * they are reported once through `onWarning` and the lookup answers "unknown".
 */
import { systemClock, type Clock } from '../deps.js';
import { P2PError, P2PErrorCode } from '../errors.js';
import type { ByteRange } from '../segment.js';
import { platform, type AbortControllerLike, type FetchLike, type UrlLike } from '../util/platform.js';
import { parseIntegrityFile, type IntegrityFile } from './integrity-file.js';

export interface IntegrityManifestOptions {
  /** Absolute `http(s)://` URL of the hash file. */
  url: string;
  fetch: FetchLike;
  /**
   * Timeout of one fetch of the file, ms.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * Minimum time between two fetches of the file, ms: live refetches and retries after a failure.
   * @default 2000
   */
  minRefetchIntervalMs?: number;
  /** Times the rate limit and the fetch timeout (the core's clock, fake in tests). @default systemClock */
  clock?: Clock;
  /** Receives `integrity-file-invalid` warnings (bad URL, HTTP error, timeout, malformed file). */
  onWarning?: (error: P2PError) => void;
}

export interface HashQuery {
  url: string;
  /** `end` exclusive. */
  byteRange?: ByteRange;
  /** Live hash files grow: a missing segment triggers a (rate-limited) refetch. */
  isLive?: boolean;
}

export class IntegrityManifest {
  readonly #url: UrlLike | undefined;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  readonly #minRefetchIntervalMs: number;
  readonly #clock: Clock;
  readonly #onWarning: (error: P2PError) => void;
  #file: IntegrityFile | undefined;
  #loading: Promise<void> | undefined;
  #lastFetchMs = -Infinity;
  /** Message of the last warning reported, so a failing refetch does not repeat it. */
  #lastWarning = '';
  #invalidUrlMessage = '';
  #inflight: AbortControllerLike | undefined;
  #destroyed = false;

  constructor(options: IntegrityManifestOptions) {
    this.#fetch = options.fetch;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#minRefetchIntervalMs = options.minRefetchIntervalMs ?? 2000;
    this.#clock = options.clock ?? systemClock;
    this.#onWarning = options.onWarning ?? (() => {});
    this.#url = parseHttpUrl(options.url);
    if (this.#url === undefined) {
      // Reported on first use rather than thrown: a bad attribute degrades P2P, never playback.
      this.#invalidUrlMessage = `Integrity file URL "${options.url}" is not an absolute http(s) URL`;
    }
  }

  /**
   * The expected SHA-256 (lowercase hex) of a segment, or undefined when the file does not list it
   * or cannot be loaded. Never rejects.
   */
  async hashFor(query: HashQuery): Promise<string | undefined> {
    if (this.#url === undefined) {
      this.#warnOnce(new P2PError({ code: P2PErrorCode.IntegrityFileInvalid, message: this.#invalidUrlMessage }));
      return undefined;
    }
    if (this.#file === undefined) this.#startLoadUnlessRateLimited();
    if (this.#loading) await this.#loading;
    let hash = this.#file?.hashFor(query.url, query.byteRange);
    // Live files grow; a VOD file is complete, so only a failed load is worth retrying.
    const worthRefetch = query.isLive === true || this.#file === undefined;
    if (hash === undefined && worthRefetch && !this.#destroyed) {
      this.#startLoadUnlessRateLimited();
      if (this.#loading) await this.#loading;
      hash = this.#file?.hashFor(query.url, query.byteRange);
    }
    return hash;
  }

  /** Starts fetching the file now (at startup), so the first verification need not wait for it. */
  preload(): void {
    if (this.#url === undefined) {
      this.#warnOnce(new P2PError({ code: P2PErrorCode.IntegrityFileInvalid, message: this.#invalidUrlMessage }));
    } else if (this.#file === undefined) {
      this.#startLoadUnlessRateLimited();
    }
  }

  /** Aborts a running fetch. Safe to call twice. */
  destroy(): void {
    this.#destroyed = true;
    this.#inflight?.abort();
  }

  /** Starts a fetch unless one is running or the last one started less than the interval ago. */
  #startLoadUnlessRateLimited(): void {
    if (this.#loading !== undefined || this.#destroyed) return;
    const nowMs = this.#clock.now();
    if (nowMs - this.#lastFetchMs < this.#minRefetchIntervalMs) return;
    this.#lastFetchMs = nowMs;
    this.#loading = this.#load().finally(() => {
      this.#loading = undefined;
    });
  }

  async #load(): Promise<void> {
    try {
      const text = await this.#fetchText(this.#url!);
      // The last good copy stays in use when a refetch fails.
      this.#file = parseIntegrityFile(text, this.#url!.href);
      this.#lastWarning = '';
    } catch (error) {
      if (this.#destroyed) return;
      const href = this.#url!.href;
      const detail = error instanceof Error ? error.message : String(error);
      const warning =
        error instanceof P2PError
          ? new P2PError({ code: error.code, message: `${detail} (${href})`, status: error.status, cause: error })
          : new P2PError({
              code: P2PErrorCode.IntegrityFileInvalid,
              message: `Integrity file ${href} could not be loaded: ${detail}`,
              cause: error,
            });
      this.#warnOnce(warning);
    }
  }

  async #fetchText(url: UrlLike): Promise<string> {
    const controller = new platform.AbortController();
    this.#inflight = controller;
    let timedOut = false;
    const timer = this.#clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#timeoutMs);
    // Called unbound: `window.fetch` throws "Illegal invocation" when called as our method.
    const fetchFile = this.#fetch;
    try {
      const response = await fetchFile(url.href, { signal: controller.signal });
      if (!response.ok) {
        throw new P2PError({
          code: P2PErrorCode.IntegrityFileInvalid,
          message: `Integrity file answered HTTP ${response.status}`,
          status: response.status,
        });
      }
      return await response.text();
    } catch (error) {
      if (timedOut) {
        throw new Error(`timed out after ${this.#timeoutMs} ms`, { cause: error });
      }
      throw error;
    } finally {
      this.#clock.clearTimeout(timer);
      this.#inflight = undefined;
    }
  }

  #warnOnce(warning: P2PError): void {
    if (warning.message === this.#lastWarning) return;
    this.#lastWarning = warning.message;
    try {
      this.#onWarning(warning);
    } catch {
      // A throwing listener must not turn a lookup into a rejection.
    }
  }
}

function parseHttpUrl(url: string): UrlLike | undefined {
  try {
    const parsed = new platform.URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
