/** Small assertion and waiting helpers for the element's browser tests (no chai here). */
import '../../../src/p2p-video.ts';
import type { P2PVideoElement } from '../../../src/elements/p2p-video.ts';
import { sendMouse } from '@web/test-runner-commands';
import { ORIGIN } from '/__test-env.js';

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Assertion failed: ${message}`);
}

export function assertEqual<T>(actual: T, expected: T, message: string): void {
  if (!Object.is(actual, expected)) {
    throw new Error(`Assertion failed: ${message}: expected ${String(expected)}, got ${String(actual)}`);
  }
}

/** Polls `predicate` every 50 ms; rejects with `message` after `timeoutMs`. */
export async function waitFor(predicate: () => unknown, message: string, timeoutMs = 15000): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The next `type` event on `target`; rejects after `timeoutMs`. */
export function nextEvent<E extends Event = Event>(target: EventTarget, type: string, timeoutMs = 15000): Promise<E> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, onEvent);
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for event "${type}"`));
    }, timeoutMs);
    const onEvent = (event: Event) => {
      clearTimeout(timer);
      target.removeEventListener(type, onEvent);
      resolve(event as E);
    };
    target.addEventListener(type, onEvent);
  });
}

/**
 * media-chrome's menus reposition themselves from a ResizeObserver; Chromium then reports the
 * benign "ResizeObserver loop completed with undelivered notifications" as a window error, which
 * mocha would count as a failure. Only that message is ignored; every other error still fails.
 */
export function ignoreResizeObserverLoopErrors(): void {
  const previous = window.onerror;
  window.onerror = (message, ...rest) => {
    if (String(message).includes('ResizeObserver loop')) return true;
    return previous ? previous.call(window, message, ...rest) : false;
  };
}

/** A `<p2p-video>` with `attributes`, appended to the body. Call `cleanup()` in `afterEach`. */
export function createPlayer(attributes: Record<string, string | true>): P2PVideoElement {
  const el = document.createElement('p2p-video');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value === true ? '' : value);
  el.style.width = '640px';
  document.body.append(el);
  return el;
}

export function cleanup(): void {
  for (const el of document.querySelectorAll('p2p-video')) el.remove();
}

/** A part of the element's built-in UI, found by tag inside its shadow root. */
export function control<E extends Element = HTMLElement>(el: P2PVideoElement, selector: string): E {
  const found = el.shadowRoot?.querySelector<E>(selector);
  assert(found, `control ${selector} exists`);
  return found;
}

/** A real mouse click at the middle of `target` (through Playwright), after hovering so the bar is shown. */
export async function realClick(target: Element): Promise<void> {
  target.scrollIntoView({ block: 'center' });
  const rect = target.getBoundingClientRect();
  assert(rect.width > 0 && rect.height > 0, `${target.localName} is visible`);
  const position: [number, number] = [Math.round(rect.left + rect.width / 2), Math.round(rect.top + rect.height / 2)];
  await sendMouse({ type: 'move', position });
  // media-chrome fades the bar in on pointer activity; let the transition end.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await sendMouse({ type: 'click', position });
}

/** What the local origin (tools/origin) counted since its last reset. */
export interface OriginStats {
  manifestRequests: number;
  segmentRequests: number;
  byPath: Record<string, { requests: number }>;
}

export async function originStats(): Promise<OriginStats> {
  return (await fetch(`${ORIGIN}/__origin/stats`)).json();
}

/** Zeroes the origin's counters. */
export async function resetOrigin(): Promise<void> {
  await fetch(`${ORIGIN}/__origin/reset`, { method: 'POST' });
}
