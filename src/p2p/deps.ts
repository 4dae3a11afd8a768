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

export interface ConsoleLoggerOptions {
  /** Put before every message, e.g. `'[p2p]'`. */
  prefix: string;
  /** Asked at each debug/info message: whether it is printed (warnings and errors always are). */
  verbose: () => boolean;
}

/** Logs to the console with a prefix; debug and info only while `verbose()` says so (`<p2p-video debug>`). */
export function createConsoleLogger({ prefix, verbose }: ConsoleLoggerOptions): Logger {
  return Object.freeze({
    debug: (...args: unknown[]) => {
      if (verbose()) platform.console.debug(prefix, ...args);
    },
    info: (...args: unknown[]) => {
      if (verbose()) platform.console.info(prefix, ...args);
    },
    warn: (...args: unknown[]) => platform.console.warn(prefix, ...args),
    error: (...args: unknown[]) => platform.console.error(prefix, ...args),
  });
}

/** Debug/info are silent, warnings and errors go to the console. */
export const quietConsoleLogger: Logger = createConsoleLogger({ prefix: '[p2p]', verbose: () => false });
