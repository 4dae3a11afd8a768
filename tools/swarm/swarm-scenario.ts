/**
 * One measured run: N viewers of one subject join a stream (staggered or together), each watches
 * for a window, and the origin's own counters say what the swarm cost. Shared by the swarm tests
 * and the benchmark.
 */
import type { SwarmHarness } from './swarm-harness.ts';
import type { SwarmSubject } from './swarm-subject-pages.ts';
import type { ViewerReport } from './swarm-viewer.ts';
import { onePlayedCopy, type PlayedCopy } from './swarm-played.ts';

export interface SwarmScenarioOptions {
  harness: SwarmHarness;
  subject: SwarmSubject;
  /** Origin path of the stream, e.g. '/vod/hls-ts/master.m3u8'. */
  streamPath: string;
  viewers: number;
  /** Delay between two viewers joining, ms (0 = all together). */
  joinIntervalMs: number;
  /** How long each viewer watches from its page load, seconds. */
  watchSeconds: number;
  log?: (line: string) => void;
}

export interface SwarmScenarioResult {
  subject: SwarmSubject;
  streamPath: string;
  viewers: number;
  joinIntervalMs: number;
  watchSeconds: number;
  /** Counted by the origin while this scenario ran. */
  origin: { segmentBytes: number; segmentRequests: number; manifestBytes: number };
  played: PlayedCopy;
  /** origin segment bytes ÷ one played copy (1 = each played byte left the origin once). */
  originRatio: number;
  startupMs: { median: number | undefined; max: number | undefined; missing: number };
  stalls: { count: number; totalMs: number };
  errors: number;
  /** Bytes by source as the players reported them (p2p-video / pml), summed over viewers. */
  bySource: Record<string, number>;
  reports: ViewerReport[];
  wallMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export async function runSwarmScenario(options: SwarmScenarioOptions): Promise<SwarmScenarioResult> {
  const { harness, subject, streamPath, viewers, joinIntervalMs, watchSeconds } = options;
  const log = options.log ?? (() => {});
  if (!Number.isInteger(viewers) || viewers < 1) throw new Error(`viewers must be a positive integer, got ${viewers}`);
  if (!(watchSeconds > 0)) throw new Error(`watchSeconds must be > 0, got ${watchSeconds}`);
  const swarmId = harness.freshSwarmId(`${subject}-${viewers}`);
  const src = harness.streamUrl(streamPath);
  harness.origin.resetStats();
  const t0 = Date.now();
  const running = [];
  for (let i = 0; i < viewers; i++) {
    await sleep(t0 + i * joinIntervalMs - Date.now());
    running.push(watchOne({ harness, subject, src, swarmId, watchSeconds, log }));
  }
  const reports = await Promise.all(running);
  const stats = harness.origin.stats();
  const result = summarize({ options, reports, origin: stats, wallMs: Date.now() - t0 });
  await harness.closeViewers();
  return result;
}

async function watchOne(o: { harness: SwarmHarness; subject: SwarmSubject; src: string; swarmId: string; watchSeconds: number; log: (l: string) => void }): Promise<ViewerReport> {
  const opened = Date.now();
  const viewer = await o.harness.openViewer({ subject: o.subject, src: o.src, swarmId: o.swarmId });
  await sleep(opened + o.watchSeconds * 1000 - Date.now());
  const report = await viewer.report();
  await viewer.close();
  o.log(
    `  viewer ${report.index}: startup ${fmt(report.startupMs)} ms, played to ${report.currentTime.toFixed(1)} s, ` +
      `stalls ${report.stallCount} (${Math.round(report.stallTotalMs)} ms), errors ${report.errors.length}` +
      (report.p2p.stats ? `, p2pBytes ${report.p2p.stats.p2pBytes}, peers ${report.p2p.stats.peers}` : ''),
  );
  return report;
}

function summarize(o: {
  options: SwarmScenarioOptions;
  reports: ViewerReport[];
  origin: { segmentBytes: number; segmentRequests: number; manifestBytes: number };
  wallMs: number;
}): SwarmScenarioResult {
  const { options, reports } = o;
  const played = onePlayedCopy(reports);
  const startups = reports.map((r) => r.startupMs).filter((v): v is number => v !== undefined);
  const bySource: Record<string, number> = {};
  for (const r of reports) {
    for (const [source, s] of Object.entries(r.p2p.bySource)) bySource[source] = (bySource[source] ?? 0) + s.bytes;
  }
  return {
    subject: options.subject,
    streamPath: options.streamPath,
    viewers: options.viewers,
    joinIntervalMs: options.joinIntervalMs,
    watchSeconds: options.watchSeconds,
    origin: { segmentBytes: o.origin.segmentBytes, segmentRequests: o.origin.segmentRequests, manifestBytes: o.origin.manifestBytes },
    played,
    originRatio: played.bytes > 0 ? o.origin.segmentBytes / played.bytes : Number.NaN,
    startupMs: { median: median(startups), max: startups.length ? Math.max(...startups) : undefined, missing: reports.length - startups.length },
    stalls: { count: sum(reports.map((r) => r.stallCount)), totalMs: sum(reports.map((r) => r.stallTotalMs)) },
    errors: sum(reports.map((r) => r.errors.length)),
    bySource,
    reports,
    wallMs: o.wallMs,
  };
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const fmt = (v: number | undefined) => (v === undefined ? '—' : String(Math.round(v)));
