/**
 * `npm run bench`: origin traffic, start-up and stalls of real swarms (one Chromium, a local origin
 * and tracker) for plain players, <p2p-video> and P2P Media Loader, all in one run on this machine.
 *
 *   npm run bench -- [--scenario vod-hls,live-hls,vod-dash] [--viewers 4,8]
 *                    [--subjects baseline-hls,p2p-video,pml,baseline-shaka] [--watch-seconds 60]
 *
 * Writes bench/results/latest.json and bench/results/latest.md (gitignored).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SwarmHarness } from '../tools/swarm/swarm-harness.ts';
import { REPO_ROOT, ensurePmlBundle } from '../tools/swarm/swarm-pml-bundle.ts';
import { runSwarmScenario, type SwarmScenarioResult } from '../tools/swarm/swarm-scenario.ts';
import { isSwarmSubject, type SwarmSubject } from '../tools/swarm/swarm-subject-pages.ts';
import { BENCH_SCENARIOS, DEFAULT_VIEWER_COUNTS, DEFAULT_WATCH_SECONDS, type BenchScenario } from './scenarios.ts';
import { benchRows, markdownTable, type BenchRow } from './report-table.ts';

const LONG_MEDIA_DIR = join(REPO_ROOT, '.cache/media-long');
const LONG_MEDIA_SECONDS = 300;
const RESULTS_DIR = join(REPO_ROOT, 'bench/results');

interface BenchOptions {
  scenarios: BenchScenario[];
  viewerCounts: number[];
  subjects: SwarmSubject[] | undefined;
  watchSeconds: number;
}

function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: { scenario: { type: 'string' }, viewers: { type: 'string' }, subjects: { type: 'string' }, 'watch-seconds': { type: 'string' } },
    strict: true,
  });
  const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
  const names = list(values.scenario);
  const scenarios = names ? names.map(findScenario) : [...BENCH_SCENARIOS];
  const viewerCounts = (list(values.viewers) ?? DEFAULT_VIEWER_COUNTS.map(String)).map((v) => positiveInt(v, '--viewers'));
  const subjects = list(values.subjects)?.map((s) => {
    if (!isSwarmSubject(s)) throw new Error(`--subjects: unknown subject '${s}'`);
    return s;
  });
  const watchSeconds = values['watch-seconds'] ? positiveInt(values['watch-seconds'], '--watch-seconds') : DEFAULT_WATCH_SECONDS;
  return { scenarios, viewerCounts, subjects, watchSeconds };
}

function findScenario(name: string): BenchScenario {
  const found = BENCH_SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`--scenario: unknown '${name}' (known: ${BENCH_SCENARIOS.map((s) => s.name).join(', ')})`);
  return found;
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a positive integer, got '${value}'`);
  return n;
}

/** The committed sample is 40 s; a meaningful watch window needs the longer one. */
function ensureLongMedia(): void {
  if (existsSync(join(LONG_MEDIA_DIR, 'hls-ts/master.m3u8')) && existsSync(join(LONG_MEDIA_DIR, 'dash/manifest.mpd'))) return;
  console.log(`bench: generating a ${LONG_MEDIA_SECONDS} s sample in .cache/media-long (ffmpeg, a few minutes)…`);
  execFileSync(join(REPO_ROOT, 'scripts/make-samples.sh'), ['--duration', String(LONG_MEDIA_SECONDS), '--out', LONG_MEDIA_DIR], { stdio: 'inherit' });
}

async function runScenario(o: { harness: SwarmHarness; scenario: BenchScenario; viewers: number; subjects: SwarmSubject[]; watchSeconds: number }) {
  const results: SwarmScenarioResult[] = [];
  const failures: { subject: string; error: string }[] = [];
  for (const subject of o.subjects) {
    console.log(`\n${o.scenario.name} × ${o.viewers} viewers — ${subject}`);
    try {
      const result = await runSwarmScenario({
        harness: o.harness,
        subject,
        streamPath: o.scenario.streamPath,
        viewers: o.viewers,
        joinIntervalMs: o.scenario.joinIntervalMs,
        watchSeconds: o.watchSeconds,
        log: (line) => console.log(line),
      });
      console.log(`  origin ${(result.origin.segmentBytes / 1e6).toFixed(2)} MB, ${result.originRatio.toFixed(2)} × one played copy`);
      results.push(result);
    } catch (error) {
      console.log(`  FAILED: ${error instanceof Error ? error.message : String(error)}`);
      failures.push({ subject, error: String(error) });
      await o.harness.closeViewers();
    }
  }
  return { results, failures };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const wanted = new Set(options.scenarios.flatMap((s) => s.subjects).filter((s) => !options.subjects || options.subjects.includes(s)));
  const distDir = process.env.P2P_VIDEO_DIST ?? join(REPO_ROOT, 'dist');
  if (wanted.has('p2p-video') && !existsSync(join(distDir, 'p2p-video.js'))) {
    throw new Error(`${distDir}/p2p-video.js is missing: run \`npm run build\` first (or pass --subjects without p2p-video)`);
  }
  ensureLongMedia();
  if (wanted.has('pml')) await ensurePmlBundle();
  const started = Date.now();
  const harness = await SwarmHarness.start({ mediaDir: LONG_MEDIA_DIR, log: (line) => console.log(line) });
  const rows: BenchRow[] = [];
  const sections: string[] = [];
  const runs: unknown[] = [];
  try {
    for (const scenario of options.scenarios) {
      const subjects = scenario.subjects.filter((s) => !options.subjects || options.subjects.includes(s));
      if (subjects.length === 0) continue;
      for (const viewers of options.viewerCounts) {
        const { results, failures } = await runScenario({ harness, scenario, viewers, subjects, watchSeconds: options.watchSeconds });
        const scenarioRows = benchRows({ scenario: scenario.name, results, baseline: scenario.subjects[0]! });
        rows.push(...scenarioRows);
        const title = `${scenario.description}: ${viewers} viewers, ${options.watchSeconds} s each (baseline: ${scenario.subjects[0]})`;
        const failed = failures.map((f) => `\n\n**${f.subject} failed:** ${f.error}`).join('');
        sections.push(markdownTable({ title, rows: scenarioRows }) + failed);
        runs.push({ scenario: scenario.name, viewers, failures, results: results.map(withoutSegmentLists) });
      }
    }
  } finally {
    await harness.close();
  }
  const markdown = [
    `## Benchmark (${new Date().toISOString()}, ${Math.round((Date.now() - started) / 1000)} s)`,
    '',
    'Origin bytes are counted by the origin. "÷ 1 played copy": origin segment bytes over the bytes of one copy of every segment some viewer played. ' +
      'Saving vs baseline compares those ratios (so runs that played slightly more are not penalised); best = 1 − 1/N.',
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
  console.log(`\n${markdown}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), options: { ...options, scenarios: options.scenarios.map((s) => s.name) }, rows, runs }, null, 2));
  writeFileSync(join(RESULTS_DIR, 'latest.md'), markdown);
  console.log(`bench: wrote bench/results/latest.json and bench/results/latest.md`);
}

/** Per-segment lists make the JSON huge; the figures are in the rows and summaries. */
function withoutSegmentLists(result: SwarmScenarioResult) {
  return { ...result, reports: result.reports.map(({ segments, ...rest }) => ({ ...rest, segmentsLoaded: segments.length })) };
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
