/**
 * Turns scenario runs into the benchmark's figures: per subject the median over runs, in copies of
 * what the swarm played (1.0 = each played byte left the origin once), next to the baseline.
 */
import { median, type SwarmScenarioResult } from '../tools/swarm/swarm-scenario.ts';

/** One row: a subject in a scenario, medians over its runs. */
export interface BenchRow {
  scenario: string;
  viewers: number;
  subject: string;
  runs: number;
  originSegmentBytes: number | undefined;
  /** Origin bytes ÷ one copy of what was played, at the rendition the baseline played (same run). */
  copiesOfBaselineRendition: number | undefined;
  /** Origin bytes ÷ one copy of what this subject's swarm played, at its own renditions. */
  copiesOwnRendition: number | undefined;
  /** Mean start-up over viewers (navigation start → first `playing`). */
  startupMeanMs: number | undefined;
  startupMaxMs: number | undefined;
  startupRatioToBaseline: number | undefined;
  neverPlayed: number;
  stallCount: number | undefined;
  stallTotalMs: number | undefined;
  errors: number;
  trackerMessagesPerViewerMinute: number | undefined;
  /** Summed over viewers, median run; undefined when the player does not report reasons. */
  httpByReason: Record<string, { requests: number; bytes: number }> | undefined;
}

/** `runs[subject][i]` is run i of that subject; run i of every subject shares its conditions. */
export function benchRows(o: { scenario: string; baseline: string; runs: Map<string, SwarmScenarioResult[]> }): BenchRow[] {
  const baseRuns = o.runs.get(o.baseline) ?? [];
  const rows: BenchRow[] = [];
  for (const [subject, runs] of o.runs) {
    if (runs.length === 0) continue;
    const vsBaseline = runs.map((r, i) => copiesOfBaselineRendition(r, baseRuns[i]));
    const startups = runs.map(meanStartup);
    const baseStartup = median(baseRuns.map(meanStartup).filter(isNumber));
    const startupMean = median(startups.filter(isNumber));
    const middle = medianRun(runs);
    rows.push({
      scenario: o.scenario,
      viewers: runs[0]!.viewers,
      subject,
      runs: runs.length,
      originSegmentBytes: median(runs.map((r) => r.origin.segmentBytes)),
      copiesOfBaselineRendition: median(vsBaseline.filter(isNumber)),
      copiesOwnRendition: median(runs.map((r) => r.originRatio).filter(Number.isFinite)),
      startupMeanMs: startupMean,
      startupMaxMs: median(runs.map((r) => r.startupMs.max).filter(isNumber)),
      startupRatioToBaseline: subject !== o.baseline && startupMean !== undefined && baseStartup ? startupMean / baseStartup : undefined,
      neverPlayed: Math.max(...runs.map((r) => r.startupMs.missing)),
      stallCount: median(runs.map((r) => r.stalls.count)),
      stallTotalMs: median(runs.map((r) => r.stalls.totalMs)),
      errors: Math.max(...runs.map((r) => r.errors)),
      trackerMessagesPerViewerMinute: median(runs.map((r) => r.trackerMessagesPerViewerMinute).filter(isNumber)),
      httpByReason: middle.httpByReason,
    });
  }
  return rows;
}

/** Origin bytes over what this run played, priced at the baseline run's bytes per played second. */
function copiesOfBaselineRendition(run: SwarmScenarioResult, base: SwarmScenarioResult | undefined): number | undefined {
  if (!base || base.played.mediaSeconds <= 0 || run.played.mediaSeconds <= 0) return undefined;
  const baselineBytesPerSecond = base.played.bytes / base.played.mediaSeconds;
  return run.origin.segmentBytes / (run.played.mediaSeconds * baselineBytesPerSecond);
}

function meanStartup(run: SwarmScenarioResult): number | undefined {
  const values = run.viewerSummaries.map((v) => v.startupMs).filter(isNumber);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
}

/** The run whose origin ratio is the median one (for per-viewer detail and reasons). */
export function medianRun(runs: SwarmScenarioResult[]): SwarmScenarioResult {
  const sorted = [...runs].sort((a, b) => (a.originRatio || 0) - (b.originRatio || 0));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

const HEADER =
  '| subject | runs | origin MB | ÷ copy (baseline rendition) | ÷ copy (own rendition) | mean start-up ms | start-up ÷ baseline | max start-up ms | stalls (n, ms) | errors | tracker msgs / viewer-min | origin bytes by reason |';
const RULE = '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|';

export function markdownTable(o: { title: string; rows: BenchRow[] }): string {
  const lines = [`### ${o.title}`, '', HEADER, RULE];
  for (const row of o.rows) {
    const never = row.neverPlayed ? ` (${row.neverPlayed} never)` : '';
    lines.push(
      `| ${row.subject} | ${row.runs} | ${mb(row.originSegmentBytes)} | ${num(row.copiesOfBaselineRendition)} | ${num(row.copiesOwnRendition)} | ` +
        `${ms(row.startupMeanMs)}${never} | ${num(row.startupRatioToBaseline)} | ${ms(row.startupMaxMs)} | ${ms(row.stallCount)}, ${ms(row.stallTotalMs)} | ` +
        `${row.errors} | ${num(row.trackerMessagesPerViewerMinute, 1)} | ${reasons(row)} |`,
    );
  }
  return lines.join('\n');
}

/** `p2p-video` reports reasons; the plain players fetch everything over HTTP for no reason we could name. */
function reasons(row: BenchRow): string {
  if (!row.httpByReason) return row.subject === 'p2p-video' ? 'n/a' : dash;
  const entries = Object.entries(row.httpByReason).filter(([, v]) => v.requests > 0 || v.bytes > 0);
  if (entries.length === 0) return 'none';
  return entries
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([reason, v]) => `${reason} ${mb(v.bytes)} MB/${v.requests}`)
    .join(', ');
}

const dash = '—';
const isNumber = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);
export const mb = (bytes: number | undefined) => (bytes === undefined ? dash : (bytes / 1e6).toFixed(2));
export const ms = (v: number | undefined) => (v === undefined ? dash : String(Math.round(v)));
const num = (v: number | undefined, digits = 2) => (v === undefined || !Number.isFinite(v) ? dash : v.toFixed(digits));
