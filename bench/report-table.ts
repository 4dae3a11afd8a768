/**
 * Turns scenario results into the benchmark's figures and a markdown table per scenario × viewers.
 */
import type { SwarmScenarioResult } from '../tools/swarm/swarm-scenario.ts';

/** One row of the table: a subject in a scenario, compared with the scenario's baseline. */
export interface BenchRow {
  scenario: string;
  viewers: number;
  subject: string;
  originSegmentBytes: number;
  playedCopyBytes: number;
  /** origin bytes ÷ one played copy. */
  originRatio: number;
  /** 1 − ratio ÷ baseline ratio (normalised by what each run played); undefined for the baseline itself or without one. */
  savingVsBaseline: number | undefined;
  /** 1 − 1/N: every played byte leaving the origin once, against N baseline viewers. */
  bestSaving: number;
  savingOfBest: number | undefined;
  startupMedianMs: number | undefined;
  startupMaxMs: number | undefined;
  startupNeverPlayed: number;
  startupRatioToBaseline: number | undefined;
  stallCount: number;
  stallTotalMs: number;
  errors: number;
  p2pBytes: number;
}

export function benchRows(options: { scenario: string; results: SwarmScenarioResult[]; baseline: string }): BenchRow[] {
  const base = options.results.find((r) => r.subject === options.baseline);
  return options.results.map((r) => {
    const isBase = r === base;
    const saving = base && !isBase && base.originRatio > 0 ? 1 - r.originRatio / base.originRatio : undefined;
    const bestSaving = 1 - 1 / r.viewers;
    const ratioStartup =
      base && !isBase && base.startupMs.median && r.startupMs.median !== undefined ? r.startupMs.median / base.startupMs.median : undefined;
    return {
      scenario: options.scenario,
      viewers: r.viewers,
      subject: r.subject,
      originSegmentBytes: r.origin.segmentBytes,
      playedCopyBytes: r.played.bytes,
      originRatio: r.originRatio,
      savingVsBaseline: saving,
      bestSaving,
      savingOfBest: saving !== undefined && bestSaving > 0 ? saving / bestSaving : undefined,
      startupMedianMs: r.startupMs.median,
      startupMaxMs: r.startupMs.max,
      startupNeverPlayed: r.startupMs.missing,
      startupRatioToBaseline: ratioStartup,
      stallCount: r.stalls.count,
      stallTotalMs: r.stalls.totalMs,
      errors: r.errors,
      p2pBytes: r.bySource.p2p ?? 0,
    };
  });
}

const HEADER =
  '| subject | origin MB | ÷ 1 played copy | saving vs baseline | best (1−1/N) | % of best | start-up median / max ms | start-up ÷ baseline | stalls (n, ms) | errors | P2P MB (player-reported) |';
const RULE = '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';

export function markdownTable(options: { title: string; rows: BenchRow[] }): string {
  const lines = [`### ${options.title}`, '', HEADER, RULE];
  for (const row of options.rows) {
    const startup = `${ms(row.startupMedianMs)} / ${ms(row.startupMaxMs)}${row.startupNeverPlayed ? ` (${row.startupNeverPlayed} never)` : ''}`;
    lines.push(
      `| ${row.subject} | ${mb(row.originSegmentBytes)} | ${num(row.originRatio)} | ${pct(row.savingVsBaseline)} | ${pct(row.bestSaving)} | ` +
        `${pct(row.savingOfBest)} | ${startup} | ${num(row.startupRatioToBaseline)} | ${row.stallCount}, ${ms(row.stallTotalMs)} | ` +
        `${row.errors} | ${mb(row.p2pBytes)} |`,
    );
  }
  return lines.join('\n');
}

const dash = '—';
const mb = (bytes: number) => (bytes / 1e6).toFixed(2);
const ms = (v: number | undefined) => (v === undefined ? dash : String(Math.round(v)));
const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? dash : v.toFixed(2));
const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? dash : `${(v * 100).toFixed(0)} %`);
