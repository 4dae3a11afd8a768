/**
 * The slice of the web platform the core uses (every modern browser and Node >= 20 provide it),
 * typed structurally so the core compiles without the DOM lib and needs no `@types/node`. The
 * DOM's own `AbortSignal`, `fetch` and `Response` fit these types, so callers pass them unchanged.
 */

/** What the core uses of an `AbortSignal`. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface AbortControllerLike {
  readonly signal: AbortSignalLike;
  abort(): void;
}

/** What the core passes to `fetch`: `headers` is always a plain record. */
export interface FetchInit {
  headers?: object;
  signal?: AbortSignalLike | null;
}

export interface FetchBodyReader {
  read(): Promise<{ done: false; value: Uint8Array } | { done: true; value?: Uint8Array | undefined }>;
}

/** What the core reads of a `Response`. */
export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: { cancel(): Promise<void>; getReader(): FetchBodyReader } | null;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}

interface FetchPort {
  // Declared as a method so `globalThis.fetch` (whose `RequestInit` is wider) is accepted.
  fetch(url: string, init?: FetchInit): Promise<FetchResponseLike>;
}

/** `globalThis.fetch`, or a test's fake of it. */
export type FetchLike = FetchPort['fetch'];

export interface UrlLike {
  readonly href: string;
  readonly protocol: string;
  readonly host: string;
  readonly pathname: string;
}

interface PlatformGlobals {
  AbortController: new () => AbortControllerLike;
  URL: new (url: string, base?: string) => UrlLike;
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (label?: string, options?: { fatal?: boolean }) => { decode(bytes: Uint8Array): string };
  performance: { now(): number };
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  queueMicrotask(fn: () => void): void;
  console: { debug(...args: unknown[]): void; info(...args: unknown[]): void; warn(...args: unknown[]): void; error(...args: unknown[]): void };
  /** WebCrypto: only in secure contexts in browsers (a page on `http://` has none). */
  crypto?: { subtle?: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> } };
  /** Typed as present, like the DOM lib does; the verifier still checks before relying on it. */
  fetch: FetchLike;
}

/** The host's globals, read at call time (tests may replace them). */
export const platform = globalThis as unknown as PlatformGlobals;
