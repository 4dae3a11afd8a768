/**
 * Helpers for the loader browser tests: a muted video in the page, a loader with its events
 * recorded, polling waits that fail with a message (never a hang), plain asserts, origin faults.
 */
// @ts-expect-error served by web-test-runner's test-env plugin
import { ORIGIN, TRACKER } from '/__test-env.js';
import { createLoader } from '../../../src/loaders/engine-registry.js';
import type { EngineName, LoaderEventMap, MediaLoader, MediaLoaderOptions, PlayerError } from '../../../src/loaders/media-loader.js';

export const origin: string = ORIGIN;
export const tracker: string = TRACKER;

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Assertion failed: ${message}`);
}

export function assertEqual<T>(actual: T, expected: T, message: string): void {
  if (actual !== expected) throw new Error(`Assertion failed: ${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Polls `predicate` every 50 ms; rejects with `what` and `describe()` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, { timeoutMs = 15000, what, describe }: { timeoutMs?: number; what: string; describe?: () => string }): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${describe ? `: ${describe()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface RecordedEvent<K extends keyof LoaderEventMap = keyof LoaderEventMap> {
  type: K;
  detail: LoaderEventMap[K];
}

export interface Harness {
  loader: MediaLoader;
  video: HTMLVideoElement;
  events: RecordedEvent[];
  errors(): PlayerError[];
  /** Destroys the loader and removes the video. */
  dispose(): Promise<void>;
}

/** A new muted video plus a loader for `engine`, with every loader event recorded. Not loaded yet. */
export async function createHarness(
  engine: EngineName,
  options: { src: string; p2p?: MediaLoaderOptions['p2p']; engineConfig?: Record<string, unknown> },
): Promise<Harness> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.width = 320;
  document.body.append(video);
  const events: RecordedEvent[] = [];
  const emit: MediaLoaderOptions['emit'] = (type, detail) => events.push({ type, detail } as RecordedEvent);
  const loader = await createLoader(engine, { video, emit, ...options });
  return {
    loader,
    video,
    events,
    errors: () => events.filter((e) => e.type === 'error').map((e) => e.detail as PlayerError),
    async dispose() {
      await loader.destroy();
      video.remove();
    },
  };
}

/** Plays until `currentTime` passes `seconds`; fails fast with the loader's error if one comes. */
export async function playUntil(h: Harness, seconds: number, timeoutMs = 20000): Promise<void> {
  h.video.play().catch(() => undefined);
  await waitFor(() => h.video.currentTime > seconds || h.errors().length > 0, {
    timeoutMs,
    what: `currentTime > ${seconds}`,
    describe: () => `currentTime=${h.video.currentTime} readyState=${h.video.readyState} events=${JSON.stringify(h.events.map((e) => e.type))}`,
  });
  assertEqual(JSON.stringify(h.errors()), '[]', 'no loader error while playing');
}

/** Waits for the loader's first error and returns it. */
export async function firstError(h: Harness, timeoutMs = 20000): Promise<PlayerError> {
  await waitFor(() => h.errors().length > 0, { timeoutMs, what: 'a loader error', describe: () => `events=${JSON.stringify(h.events)}` });
  return h.errors()[0];
}

/** Sets (or clears, with null) the origin's fault. */
export async function setOriginFault(fault: Record<string, unknown> | null): Promise<void> {
  const response = await fetch(`${origin}/__origin/fault`, { method: 'POST', body: JSON.stringify(fault), headers: { 'content-type': 'application/json' } });
  assert(response.ok, `origin accepted the fault (HTTP ${response.status})`);
}
