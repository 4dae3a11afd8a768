/**
 * One measured run: N viewers of one subject join a stream (staggered or together), each watches
 * for a window, and the origin's own counters say what the swarm cost. Shared by the swarm tests
 * and the benchmark.
 */
import type { SwarmHarness } from './swarm-harness.ts';
import type { SwarmSubject } from './swarm-subject-pages.ts';
import type { ViewerReport } from './swarm-viewer.ts';
import { onePlayedCopy, type PlayedCopy } from './swarm-played.ts';
import { startupTimeline, type StartupTimeline } from './swarm-startup-timeline.ts';

export interface SwarmScenarioOptions {
  harness: SwarmHarness;
  subject: SwarmSubject;
  /** Origin path of the stream, e.g. '/vod/hls-ts/master.m3u8'. */
  streamPath: string;
  viewers: number;
  /** Delay between two viewers joining, ms (0 = all together). */
  joinIntervalMs: number;
  /** How long each viewer watches from its page load, seconds (with `leaveTogether`: the last viewer). */
  watchSeconds: number;
  /** Delays between joins, ms, used in turn (overrides `joinIntervalMs`), e.g. [3000, 8000, 5000]. */
  joinDelaysMs?: readonly number[];
  /** Every viewer stays until the last one has watched `watchSeconds` (a long watch where drift shows). */
  leaveTogether?: boolean;
  /** The tracker is down when the first viewer joins and comes up this many ms later. */
  trackerLateMs?: number;
  log?: (line: string) => void;
}

/** One viewer's figures, next to its full report. */
export interface ViewerSummary {
  index: number;
  /** Segment bytes the origin sent this viewer (counted by the origin), undefined if it cannot tell. */
  originBytes: number | undefined;
  startupMs: number | undefined;
  timeline: StartupTimeline;
  /** Height of the picture over time ([ms since navigation start, px], kept when it changes) and at the end. */
  heights: [number, number][];
  finalHeight: number;
  stallCount: number;
  stallTotalMs: number;
  /** Origin requests and bytes by reason, from `el.p2p.stats.httpByReason` (or the events' `httpReason`); undefined without the field. */
  httpByReason: Record<string, { requests: number; bytes: number }> | undefined;
  watchedSeconds: number;
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
  /** Origin bytes by reason summed over viewers (p2p-video with `httpByReason`), undefined otherwise. */
  httpByReason: Record<string, { requests: number; bytes: number }> | undefined;
  /** Messages the tracker received during the run, per viewer-minute watched. */
  trackerMessagesPerViewerMinute: number | undefined;
  viewerSummaries: ViewerSummary[];
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
  const joinsAtMs = joinTimes({ viewers, joinIntervalMs, joinDelaysMs: options.joinDelaysMs });
  const endAtMs = joinsAtMs[joinsAtMs.length - 1]! + watchSeconds * 1000;
  if (options.trackerLateMs !== undefined) await harness.stopTracker();
  harness.origin.resetStats();
  const messagesBefore = harness.trackerMessages();
  const t0 = Date.now();
  const trackerUp = options.trackerLateMs === undefined ? undefined : sleep(options.trackerLateMs).then(() => harness.restartTracker());
  const running = [];
  for (const joinAtMs of joinsAtMs) {
    await sleep(t0 + joinAtMs - Date.now());
    const watchMs = options.leaveTogether ? endAtMs - joinAtMs : watchSeconds * 1000;
    running.push(watchOne({ harness, subject, src, swarmId, watchMs, log }));
  }
  const reports = await Promise.all(running);
  await trackerUp;
  const stats = harness.origin.stats();
  const messages = harness.trackerMessages();
  const trackerMessages = messages === undefined || messagesBefore === undefined ? undefined : messages - messagesBefore;
  const result = summarize({ options, reports, origin: stats, src, trackerMessages, wallMs: Date.now() - t0 });
  await harness.closeViewers();
  return result;
}

/** When each viewer joins, ms after the first. */
function joinTimes(o: { viewers: number; joinIntervalMs: number; joinDelaysMs: readonly number[] | undefined }): number[] {
  const times = [0];
  for (let i = 1; i < o.viewers; i++) {
    const delays = o.joinDelaysMs?.length ? o.joinDelaysMs : [o.joinIntervalMs];
    times.push(times[i - 1]! + delays[(i - 1) % delays.length]!);
  }
  return times;
}

async function watchOne(o: { harness: SwarmHarness; subject: SwarmSubject; src: string; swarmId: string; watchMs: number; log: (l: string) => void }): Promise<ViewerReport> {
  const opened = Date.now();
  const viewer = await o.harness.openViewer({ subject: o.subject, src: o.src, swarmId: o.swarmId });
  await sleep(opened + o.watchMs - Date.now());
  const report = await viewer.report();
  await viewer.close();
  o.log(
    `  viewer ${report.index}: startup ${fmt(report.startupMs)} ms, played to ${fmt(report.currentTime)} s, ` +
      `stalls ${report.stallCount} (${Math.round(report.stallTotalMs)} ms), errors ${report.errors.length}` +
      (report.p2p.stats ? `, p2pBytes ${report.p2p.stats.p2pBytes}, peers ${report.p2p.stats.peers}` : ''),
  );
  return report;
}

type OriginCounts = ReturnType<SwarmHarness['origin']['stats']>;

function summarize(o: {
  options: SwarmScenarioOptions;
  reports: ViewerReport[];
  origin: OriginCounts;
  src: string;
  trackerMessages: number | undefined;
  wallMs: number;
}): SwarmScenarioResult {
  const { options, reports } = o;
  const viewerSummaries = reports.map((r) => viewerSummary({ report: r, origin: o.origin, src: o.src }));
  const viewerMinutes = sum(viewerSummaries.map((v) => v.watchedSeconds)) / 60;
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
    httpByReason: sumReasons(viewerSummaries.map((v) => v.httpByReason)),
    trackerMessagesPerViewerMinute: o.trackerMessages !== undefined && viewerMinutes > 0 ? o.trackerMessages / viewerMinutes : undefined,
    viewerSummaries,
    reports,
    wallMs: o.wallMs,
  };
}

function viewerSummary(o: { report: ViewerReport; origin: OriginCounts; src: string }): ViewerSummary {
  const r = o.report;
  const fromStats = r.p2p.stats?.httpByReason as ViewerSummary['httpByReason'] | null | undefined;
  const fromEvents = r.p2p.httpByReasonFromEvents;
  return {
    index: r.index,
    originBytes: o.origin.byClient ? (o.origin.byClient[String(r.index)]?.segmentBytes ?? 0) : undefined,
    startupMs: r.startupMs,
    timeline: startupTimeline(r, o.src),
    heights: r.heights,
    finalHeight: r.videoHeight,
    stallCount: r.stallCount,
    stallTotalMs: r.stallTotalMs,
    httpByReason: fromStats ?? (fromEvents && Object.keys(fromEvents).length ? fromEvents : undefined),
    watchedSeconds: r.sinceLoadMs / 1000,
  };
}

function sumReasons(list: (ViewerSummary['httpByReason'])[]): ViewerSummary['httpByReason'] {
  const known = list.filter((x): x is NonNullable<typeof x> => x !== undefined);
  if (known.length === 0) return undefined;
  const total: NonNullable<ViewerSummary['httpByReason']> = {};
  for (const byReason of known) {
    for (const [reason, v] of Object.entries(byReason)) {
      const t = (total[reason] ??= { requests: 0, bytes: 0 });
      t.requests += v.requests;
      t.bytes += v.bytes;
    }
  }
  return total;
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const fmt = (v: number | undefined) => (v === undefined ? '—' : String(Math.round(v)));
