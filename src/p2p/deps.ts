/** The core's ports to the outside world besides the transport: time and logging. */
import { platform } from './util/platform.js';

/** Milliseconds, `performance.now()`-style. Fake in unit tests. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** The real clock: `performance.now()` and the global timers. */
export const systemClock: Clock = Object.freeze({
  now: () => platform.performance.now(),
  setTimeout: (fn: () => void, ms: number) => platform.setTimeout(fn, ms),
  clearTimeout: (id: unknown) => platform.clearTimeout(id),
});

const noop = () => {};

/** Debug/info are silent, warnings and errors go to the console. */
export const quietConsoleLogger: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: (...args: unknown[]) => platform.console.warn('[p2p]', ...args),
  error: (...args: unknown[]) => platform.console.error('[p2p]', ...args),
});
