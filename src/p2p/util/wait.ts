import type { Clock } from '../deps.js';
import type { AbortSignalLike } from './platform.js';

export type Settled<T> = { kind: 'done'; value: T } | { kind: 'failed'; error: unknown } | { kind: 'timeout' };

export function abortError(message = 'The segment load was aborted'): Error {
  const error = new Error(message);
  error.name = 'AbortError';
  return error;
}

/**
 * Waits for `promise` without ever throwing its failure: resolves `done`/`failed`, or `timeout`
 * after `timeoutMs` (when given). Rejects with an AbortError when `signal` aborts first.
 */
export function settle<T>(promise: Promise<T>, options: { clock: Clock; signal?: AbortSignalLike; timeoutMs?: number }): Promise<Settled<T>> {
  const { clock, signal, timeoutMs } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    let timer: unknown;
    const cleanup = () => {
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      cleanup();
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined) {
      timer = clock.setTimeout(() => {
        cleanup();
        resolve({ kind: 'timeout' });
      }, timeoutMs);
    }
    promise.then(
      (value) => {
        cleanup();
        resolve({ kind: 'done', value });
      },
      (error: unknown) => {
        cleanup();
        resolve({ kind: 'failed', error });
      },
    );
  });
}

/** Concatenates byte arrays. */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.byteLength === 0) return b;
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}

/** Concatenates chunks whose lengths add up to `totalBytes`. */
export function concatChunks(chunks: readonly Uint8Array[], totalBytes: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]!.byteLength === totalBytes) return chunks[0]!;
  const out = new Uint8Array(totalBytes);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
