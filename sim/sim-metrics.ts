/** The numbers a run is judged by, from per-viewer reports and the origin's and tracker's counters. */
import type { ViewerPlan } from './audience.ts';
import type { PeerNetwork } from './peer-network.ts';
import type { Scenario } from './scenario.ts';
import type { SimOrigin } from './sim-origin.ts';
import type { PlaybackReport } from './sim-player.ts';
import type { SimStream } from './sim-stream.ts';
import type { SimTracker } from './sim-tracker.ts';
import type { HttpReasonCount } from '../src/p2p/http/http-reason.ts';

export interface ViewerReport {
  plan: ViewerPlan;
  leftMs: number;
  playback: PlaybackReport;
  /** Payload bytes (the core's counters, or the plain player's). */
  httpBytes: number;
  p2pBytes: number;
  uploadBytes: number;
  peers: number;
  bans: number;
  peakUplinkUse: number;
  /** Segment bytes the origin sent this viewer (wire bytes, counted by the origin). */
  originBytes: number;
  /** The core's origin requests and payload bytes by `HttpReason`. */
  httpByReason: Record<string, HttpReasonCount>;
}

/** Origin requests and copies (wire bytes ÷ one played copy) of one `HttpReason`. */
export interface ReasonCopies {
  requests: number;
  copies: number;
}

export interface SimulationSummary {
  scenario: string;
  p2p: boolean;
  viewers: number;
  minutes: number;
  /** Viewers who ever joined (churn replaces leavers). */
  sessions: number;
  /** Segment bytes the origin sent, counted by the origin. */
  originBytes: number;
  /** One copy of every segment any viewer played (at the rendition it played). */
  oneCopyBytes: number;
  /** originBytes / oneCopyBytes: 1.0 is the limit. */
  copies: number;
  /** Sessions whose viewer cannot connect to anyone (symmetric NAT, no TURN). */
  unreachableSessions: number;
  /** The origin bytes of reachable viewers alone ÷ one copy: what the core can act on. */
  copiesReachable: number;
  /** The origin bytes of unreachable viewers ÷ one copy (each costs one copy of what it watches). */
  copiesUnreachable: number;
  /** Reachable viewers' origin traffic by why the core went to the origin (its `httpByReason`). */
  originByReason: Record<string, ReasonCopies>;
  /** The same for unreachable viewers. */
  originByReasonUnreachable: Record<string, ReasonCopies>;
  p2pShare: number;
  /** Live: how far behind the edge players start, s (P2P on plays further back: `livePlayback`). */
  liveDelaySeconds?: number;
  startupMsP50: number;
  startupMsP95: number;
  neverStarted: number;
  stallsPerViewerHour: number;
  rebufferRatio: number;
  /** 95th percentile over viewers of uploaded / downloaded bytes. */
  uploadToDownloadP95: number;
  /** Highest share of a viewer's uplink used in any 10 s window. */
  maxUplinkUse: number;
  /** Messages the tracker received (announces, answers, leaves) per minute a viewer was present. */
  trackerMessagesPerViewerMinute: number;
  /** The busiest second's messages received by the tracker. */
  peakTrackerMessagesPerSecond: number;
  /** Messages received by the tracker, by kind (as tools/tracker counts them). */
  trackerMessagesByKind: Record<string, number>;
  /** Fragment loads that failed (the player retried). */
  loadErrors: number;
  /** Honest peers banned by some core (stalls, absents under load). */
  bans: number;
  coreWarnings: number;
  peerMessages: number;
  wallS: number;
  /** CPU seconds of this process during the run (the machine is shared: wall time varies). */
  cpuS: number;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Sums the cores' `httpByReason` (payload bytes) into wire bytes ÷ one copy, reasons with traffic only. */
function copiesByReason(reports: readonly ViewerReport[], options: { payloadScale: number; oneCopyBytes: number }): Record<string, ReasonCopies> {
  const totals = new Map<string, HttpReasonCount>();
  for (const report of reports) {
    for (const [reason, count] of Object.entries(report.httpByReason)) {
      const total = totals.get(reason) ?? { requests: 0, bytes: 0 };
      total.requests += count.requests;
      total.bytes += count.bytes;
      totals.set(reason, total);
    }
  }
  const result: Record<string, ReasonCopies> = {};
  const sorted = [...totals].filter(([, count]) => count.requests > 0).sort((a, b) => b[1].bytes - a[1].bytes);
  for (const [reason, count] of sorted) {
    const copies = options.oneCopyBytes === 0 ? 0 : (count.bytes * options.payloadScale) / options.oneCopyBytes;
    result[reason] = { requests: count.requests, copies: round(copies, 2) };
  }
  return result;
}

export function summarize(run: {
  scenario: Scenario;
  p2p: boolean;
  reports: readonly ViewerReport[];
  stream: SimStream;
  origin: SimOrigin;
  tracker: SimTracker;
  network: PeerNetwork;
  played: ReadonlySet<string>;
  logs: { warnings: number; errors: number };
  wallS: number;
  cpuS: number;
}): SimulationSummary {
  const { scenario, reports, stream, origin, tracker } = run;
  let oneCopyBytes = 0;
  for (const key of run.played) oneCopyBytes += stream.wireBytes(Number(key.split('/')[0]));
  const started = reports.filter((r) => r.playback.startupMs !== undefined);
  const sum = (pick: (r: ViewerReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  const watchedMs = sum((r) => r.playback.playedMs + r.playback.stalledMs);
  const httpBytes = sum((r) => r.httpBytes);
  const p2pBytes = sum((r) => r.p2pBytes);
  const presentMinutes = sum((r) => (r.leftMs - r.plan.joinMs) / 60_000);
  const reachable = reports.filter((r) => r.plan.reachable);
  const unreachable = reports.filter((r) => !r.plan.reachable);
  const copiesOf = (group: readonly ViewerReport[]) => round(oneCopyBytes === 0 ? 0 : group.reduce((total, r) => total + r.originBytes, 0) / oneCopyBytes, 2);
  const scale = { payloadScale: scenario.payloadScale, oneCopyBytes };
  const ratios = reports.filter((r) => r.httpBytes + r.p2pBytes > 0).map((r) => r.uploadBytes / (r.httpBytes + r.p2pBytes));
  return {
    scenario: scenario.name,
    p2p: run.p2p,
    viewers: scenario.viewers,
    minutes: scenario.minutes,
    sessions: reports.length,
    originBytes: origin.bytes,
    oneCopyBytes,
    copies: round(oneCopyBytes === 0 ? 0 : origin.bytes / oneCopyBytes, 2),
    unreachableSessions: unreachable.length,
    copiesReachable: copiesOf(reachable),
    copiesUnreachable: copiesOf(unreachable),
    originByReason: copiesByReason(reachable, scale),
    originByReasonUnreachable: copiesByReason(unreachable, scale),
    p2pShare: round(httpBytes + p2pBytes === 0 ? 0 : p2pBytes / (httpBytes + p2pBytes), 3),
    startupMsP50: Math.round(percentile(started.map((r) => r.playback.startupMs!), 50)),
    startupMsP95: Math.round(percentile(started.map((r) => r.playback.startupMs!), 95)),
    neverStarted: reports.length - started.length,
    stallsPerViewerHour: round(watchedMs === 0 ? 0 : sum((r) => r.playback.stalls) / (watchedMs / 3_600_000), 2),
    rebufferRatio: round(watchedMs === 0 ? 0 : sum((r) => r.playback.stalledMs) / watchedMs, 4),
    uploadToDownloadP95: round(percentile(ratios, 95), 2),
    maxUplinkUse: round(Math.max(0, ...reports.map((r) => r.peakUplinkUse)), 2),
    trackerMessagesPerViewerMinute: round(presentMinutes === 0 ? 0 : tracker.messagesReceived / presentMinutes, 2),
    peakTrackerMessagesPerSecond: tracker.peakMessagesPerSecond,
    trackerMessagesByKind: { ...tracker.messagesByKind },
    loadErrors: sum((r) => r.playback.loadErrors),
    bans: sum((r) => r.bans),
    coreWarnings: run.logs.warnings + run.logs.errors,
    peerMessages: run.network.messages,
    wallS: round(run.wallS, 1),
    cpuS: round(run.cpuS, 1),
  };
}
