/** Prints a pair of runs (P2P on, P2P off) as a table. */
import type { ReasonCopies, SimulationSummary } from './sim-metrics.ts';

const ROWS: ReadonlyArray<readonly [keyof SimulationSummary, string, (value: number) => string]> = [
  ['sessions', 'viewer sessions', String],
  ['originBytes', 'origin bytes', (v) => `${(v / 1e6).toFixed(1)} MB`],
  ['oneCopyBytes', 'one played copy', (v) => `${(v / 1e6).toFixed(1)} MB`],
  ['copies', 'origin ÷ one copy', (v) => v.toFixed(2)],
  ['copiesReachable', '… of reachable viewers', (v) => v.toFixed(2)],
  ['copiesUnreachable', '… of unreachable viewers', (v) => v.toFixed(2)],
  ['unreachableSessions', 'unreachable sessions', String],
  ['p2pShare', 'P2P share of bytes', (v) => `${(v * 100).toFixed(1)} %`],
  ['liveDelaySeconds', 'live delay behind the edge', (v) => (v === undefined ? '—' : `${v} s`)],
  ['startupMsP50', 'start-up p50', (v) => `${v} ms`],
  ['startupMsP95', 'start-up p95', (v) => `${v} ms`],
  ['neverStarted', 'never started', String],
  ['stallsPerViewerHour', 'stalls / viewer-hour', (v) => v.toFixed(2)],
  ['rebufferRatio', 'rebuffer ratio', (v) => `${(v * 100).toFixed(2)} %`],
  ['uploadToDownloadP95', 'upload ÷ download p95', (v) => v.toFixed(2)],
  ['maxUplinkUse', 'max uplink use (10 s)', (v) => `${(v * 100).toFixed(0)} %`],
  ['trackerMessagesPerViewerMinute', 'tracker msgs / viewer-min', (v) => v.toFixed(1)],
  ['peakTrackerMessagesPerSecond', 'tracker peak msgs / s', String],
  ['loadErrors', 'fragment load errors', String],
  ['bans', 'honest peers banned', String],
  ['coreWarnings', 'core warnings', String],
  ['wallS', 'wall time', (v) => `${v} s`],
  ['cpuS', 'CPU time', (v) => `${v} s`],
];

const row = (label: string, on: string, off: string) => `| ${label.padEnd(26)} | ${on.padStart(12)} | ${off.padStart(12)} |`;

/** The P2P run's origin copies by `HttpReason`, reachable and unreachable viewers side by side. */
function reasonTable(p2p: SimulationSummary): string[] {
  const reasons = [...new Set([...Object.keys(p2p.originByReason), ...Object.keys(p2p.originByReasonUnreachable)])];
  const cell = (count: ReasonCopies | undefined) => (count ? `${count.copies.toFixed(2)} (${count.requests})` : '');
  return [
    '',
    'P2P on, origin ÷ one copy by HTTP reason (requests)',
    row('reason', 'reachable', 'unreachable'),
    `|${'-'.repeat(28)}|${'-'.repeat(13)}:|${'-'.repeat(13)}:|`,
    ...reasons.map((reason) => row(reason, cell(p2p.originByReason[reason]), cell(p2p.originByReasonUnreachable[reason]))),
  ];
}

export function formatTable(p2p: SimulationSummary, http: SimulationSummary | undefined): string {
  const header = `${p2p.scenario}: ${p2p.viewers} viewers, ${p2p.minutes} virtual minutes`;
  const lines = ROWS.map(([key, label, format]) => row(label, format(p2p[key] as number), http ? format(http[key] as number) : ''));
  return [header, row('metric', 'P2P on', 'P2P off'), `|${'-'.repeat(28)}|${'-'.repeat(13)}:|${'-'.repeat(13)}:|`, ...lines, ...reasonTable(p2p)].join('\n');
}
