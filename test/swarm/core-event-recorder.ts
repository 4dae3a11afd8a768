/**
 * Records, inside a `<p2p-video>` swarm page, what the swarm probe does not: the core's
 * `peerConnected`/`peerBanned`/`segmentRejected` events and every `p2psegmentload` with its peer
 * id. Install right after `openViewer()`; the element creates its core lazily, so the recorder
 * hooks it when it appears (and again if it is replaced).
 */
import type { SwarmViewer } from '../../tools/swarm/swarm-viewer.ts';

export interface RecordedCoreEvent {
  name: string;
  /** ms since the page's navigation start. */
  atMs: number;
  peerId?: string;
  reason?: string;
  bytes?: number;
  source?: string;
  segmentId?: string;
}

// Plain JS evaluated in the page (no bundler): keep it self-contained.
const INSTALL = `(() => {
  if (window.__coreEvents) return;
  const events = (window.__coreEvents = []);
  const el = window.__player;
  const push = (name, p = {}) =>
    events.push({ name, atMs: performance.now(), peerId: p.peerId, reason: p.reason, bytes: p.bytes ?? p.byteLength, source: p.source, segmentId: p.segmentId });
  el.addEventListener('p2psegmentload', (e) => push('segmentLoad', e.detail || {}));
  let hooked;
  setInterval(() => {
    const core = el.p2p;
    if (!core || core === hooked) return;
    hooked = core;
    for (const name of ['peerConnected', 'peerDisconnected', 'peerBanned', 'segmentRejected']) core.on(name, (p) => push(name, p || {}));
  }, 20);
})()`;

/** Starts recording in the viewer's page. */
export async function recordCoreEvents(viewer: SwarmViewer): Promise<void> {
  await viewer.page.waitForFunction('window.__player !== undefined', undefined, { timeout: 10_000 });
  await viewer.page.evaluate(INSTALL);
}

/** Everything recorded so far (empty if the page is gone). */
export async function coreEvents(viewer: SwarmViewer): Promise<RecordedCoreEvent[]> {
  if (viewer.closed) return [];
  return (await viewer.page.evaluate('window.__coreEvents ?? []').catch(() => [])) as RecordedCoreEvent[];
}

/** Polls `check` against the recorded events until it returns a value, or throws naming `what`. */
export async function waitForCoreEvent<T>(o: {
  viewer: SwarmViewer;
  check: (events: RecordedCoreEvent[]) => T | undefined;
  what: string;
  timeoutMs: number;
}): Promise<T> {
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    const events = await coreEvents(o.viewer);
    const found = o.check(events);
    if (found !== undefined) return found;
    if (Date.now() > deadline) {
      throw new Error(`viewer ${o.viewer.index}: no ${o.what} within ${o.timeoutMs} ms; events ${JSON.stringify(events.filter((e) => e.name !== 'segmentLoad'))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
