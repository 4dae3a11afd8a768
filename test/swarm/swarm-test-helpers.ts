/**
 * Shared steps of the swarm tests (not a test file itself): a harness per test file, and the
 * "late viewer" run — a first viewer plays alone, a second joins a few seconds later.
 */
import { after, before } from 'node:test';
import { SwarmHarness } from '../../tools/swarm/swarm-harness.ts';
import type { SwarmSubject } from '../../tools/swarm/swarm-subject-pages.ts';
import type { ViewerReport } from '../../tools/swarm/swarm-viewer.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Starts one harness for the file's tests and stops it after them. */
export function useSwarmHarness(): () => SwarmHarness {
  let harness: SwarmHarness | undefined;
  before(async () => {
    harness = await SwarmHarness.start({ log: (line) => console.log(line) });
  });
  after(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error('swarm harness not started');
    return harness;
  };
}

export interface LateViewerRun {
  first: ViewerReport;
  second: ViewerReport;
  /** Segment bytes the origin served during the whole run. */
  originSegmentBytes: number;
}

/**
 * Viewer 1 opens, viewer 2 opens `lateByMs` later, both watch until `totalMs` after viewer 1
 * opened; the origin's counter covers exactly this run.
 */
export async function runLateViewer(o: {
  harness: SwarmHarness;
  subject: SwarmSubject;
  streamPath: string;
  lateByMs: number;
  totalMs: number;
}): Promise<LateViewerRun> {
  const { harness } = o;
  const swarmId = harness.freshSwarmId('late-viewer');
  const src = harness.streamUrl(o.streamPath);
  harness.origin.resetStats();
  const t0 = Date.now();
  const first = await harness.openViewer({ subject: o.subject, src, swarmId });
  await first.waitForPlaying(15000);
  await sleep(t0 + o.lateByMs - Date.now());
  const second = await harness.openViewer({ subject: o.subject, src, swarmId });
  await second.waitForPlaying(15000);
  await sleep(t0 + o.totalMs - Date.now());
  const reports = { first: await first.report(), second: await second.report() };
  const originSegmentBytes = harness.origin.stats().segmentBytes;
  await harness.closeViewers();
  return { ...reports, originSegmentBytes };
}

/** Segment bytes a viewer says it took from the origin and from peers (`el.stats`). */
export function p2pStats(report: ViewerReport): { httpBytes: number; p2pBytes: number; peers: number } {
  const stats = report.p2p.stats as { httpBytes?: number; p2pBytes?: number; peers?: number } | undefined;
  return { httpBytes: stats?.httpBytes ?? 0, p2pBytes: stats?.p2pBytes ?? 0, peers: stats?.peers ?? 0 };
}

/** One line for the test log: what a viewer experienced. */
export function describeViewer(name: string, report: ViewerReport): string {
  const s = p2pStats(report);
  return (
    `${name}: start-up ${Math.round(report.startupMs ?? -1)} ms, at ${report.currentTime.toFixed(1)} s, ` +
    `stalls ${report.stallCount} (${Math.round(report.stallTotalMs)} ms), errors ${report.errors.length}, ` +
    `http ${s.httpBytes} B, p2p ${s.p2pBytes} B, peers ${report.p2p.peerConnects} connected` +
    (report.p2p.bySource.p2p ? `, first P2P segment at ${Math.round(report.p2p.bySource.p2p.firstAtMs)} ms` : '') +
    (report.errors.length ? `; errors: ${report.errors.map((e) => e.message).join(' | ')}` : '') +
    (report.pageErrors.length ? `; page errors: ${report.pageErrors.map((e) => e.message).join(' | ')}` : '')
  );
}
