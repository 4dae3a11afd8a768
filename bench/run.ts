/**
 * `npm run bench`: origin traffic, start-up and stalls of real swarms (one Chromium, a local origin
 * and tracker) for plain players, <p2p-video> and P2P Media Loader, all in one run on this machine.
 *
 *   npm run bench -- [--scenario NAME]... [--runs 3] [--quick] [--subjects baseline-hls,p2p-video,pml]
 *
 * Each scenario runs in its own process under `flock /tmp/browser.lock` (other engineers' browser
 * tests interleave between scenarios; `--no-lock` skips it). Writes bench/results/latest.{md,json}.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SwarmHarness } from '../tools/swarm/swarm-harness.ts';
import { REPO_ROOT, ensurePmlBundle } from '../tools/swarm/swarm-pml-bundle.ts';
import { runSwarmScenario, type SwarmScenarioResult } from '../tools/swarm/swarm-scenario.ts';
import { isSwarmSubject, type SwarmSubject } from '../tools/swarm/swarm-subject-pages.ts';
import { BENCH_SCENARIOS, DEFAULT_RUNS, type BenchScenario } from './scenarios.ts';
import { benchRows, markdownTable, medianRun, type BenchRow } from './report-table.ts';
import { viewerDetailTable } from './viewer-detail.ts';

const LONG_MEDIA_DIR = join(REPO_ROOT, '.cache/media-long');
const LONG_MEDIA_SECONDS = 300;
const RESULTS_DIR = join(REPO_ROOT, 'bench/results');
const BROWSER_LOCK = '/tmp/browser.lock';

interface BenchOptions {
  scenarios: BenchScenario[];
  subjects: SwarmSubject[] | undefined;
  runs: number;
  quick: boolean;
  lock: boolean;
  /** Internal: run one scenario in this process and write its results here. */
  childOut: string | undefined;
}

function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string', multiple: true },
      subjects: { type: 'string' },
      runs: { type: 'string' },
      quick: { type: 'boolean' },
      'no-lock': { type: 'boolean' },
      'child-out': { type: 'string' },
    },
    strict: true,
  });
  const names = (values.scenario ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  const subjects = values.subjects?.split(',').map((s) => {
    if (!isSwarmSubject(s.trim())) throw new Error(`--subjects: unknown subject '${s}'`);
    return s.trim() as SwarmSubject;
  });
  return {
    scenarios: names.length ? names.map(findScenario) : [...BENCH_SCENARIOS],
    subjects,
    runs: values.runs ? positiveInt(values.runs, '--runs') : DEFAULT_RUNS,
    quick: values.quick ?? false,
    lock: !values['no-lock'],
    childOut: values['child-out'],
  };
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

const subjectsOf = (scenario: BenchScenario, only: SwarmSubject[] | undefined) => scenario.subjects.filter((s) => !only || only.includes(s));

/** Child: every subject × run of one scenario, runs interleaved so load hits all subjects alike. */
async function runOneScenario(scenario: BenchScenario, options: BenchOptions): Promise<Record<string, SwarmScenarioResult[]>> {
  const harness = await SwarmHarness.start({ mediaDir: LONG_MEDIA_DIR, log: (line) => console.log(line) });
  const runs: Record<string, SwarmScenarioResult[]> = {};
  try {
    for (let run = 0; run < options.runs; run++) {
      for (const subject of subjectsOf(scenario, options.subjects)) {
        console.log(`\n${scenario.name} run ${run + 1}/${options.runs} — ${subject}`);
        try {
          const result = await runSwarmScenario({
            harness,
            subject,
            streamPath: scenario.streamPath,
            viewers: scenario.viewers,
            joinIntervalMs: scenario.joinDelaysMs[0] ?? 0,
            joinDelaysMs: scenario.joinDelaysMs,
            watchSeconds: options.quick ? scenario.quickWatchSeconds : scenario.watchSeconds,
            leaveTogether: scenario.leaveTogether,
            trackerLateMs: scenario.trackerLateMs,
            log: (line) => console.log(line),
          });
          console.log(`  origin ${(result.origin.segmentBytes / 1e6).toFixed(2)} MB, ${result.originRatio.toFixed(2)} × one played copy`);
          (runs[subject] ??= []).push(slim(result));
        } catch (error) {
          console.log(`  FAILED: ${error instanceof Error ? error.message : String(error)}`);
          await harness.closeViewers();
          if (scenario.trackerLateMs !== undefined) await harness.restartTracker().catch(() => undefined);
        }
      }
    }
  } finally {
    await harness.close();
  }
  return runs;
}

/** Per-segment lists and resource timing make the JSON huge; the figures are in the summaries. */
function slim(result: SwarmScenarioResult): SwarmScenarioResult {
  return { ...result, reports: result.reports.map((r) => ({ ...r, segments: [], resources: [] })) };
}

/** Parent: each scenario in a child process holding the browser lock for that scenario only. */
function spawnScenario(scenario: BenchScenario, options: BenchOptions): Record<string, SwarmScenarioResult[]> | undefined {
  const out = join(tmpdir(), `bench-${process.pid}-${scenario.name}.json`);
  const args = ['--import', 'tsx', join(REPO_ROOT, 'bench/run.ts'), '--scenario', scenario.name, '--runs', String(options.runs), '--child-out', out];
  if (options.quick) args.push('--quick');
  if (options.subjects) args.push('--subjects', options.subjects.join(','));
  const [command, commandArgs] = options.lock ? ['flock', [BROWSER_LOCK, process.execPath, ...args]] : [process.execPath, args];
  const child = spawnSync(command, commandArgs, { stdio: 'inherit', cwd: REPO_ROOT });
  if (child.status !== 0 || !existsSync(out)) {
    console.log(`bench: scenario ${scenario.name} failed (exit ${child.status})`);
    return undefined;
  }
  const runs = JSON.parse(readFileSync(out, 'utf8')) as Record<string, SwarmScenarioResult[]>;
  rmSync(out, { force: true });
  return runs;
}

function commitMeasured(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', 'src'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted src changes` : head;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.childOut) {
    const runs = await runOneScenario(options.scenarios[0]!, options);
    writeFileSync(options.childOut, JSON.stringify(runs));
    return;
  }
  const wanted = new Set(options.scenarios.flatMap((s) => subjectsOf(s, options.subjects)));
  const distDir = process.env.P2P_VIDEO_DIST ?? join(REPO_ROOT, 'dist');
  if (wanted.has('p2p-video') && !existsSync(join(distDir, 'p2p-video.js'))) {
    throw new Error(`${distDir}/p2p-video.js is missing: run \`npm run build\` first (or pass --subjects without p2p-video)`);
  }
  ensureLongMedia();
  if (wanted.has('pml')) await ensurePmlBundle();
  const started = Date.now();
  const commit = commitMeasured();
  const rows: BenchRow[] = [];
  const sections: string[] = [];
  const details: string[] = [];
  const all: Record<string, Record<string, SwarmScenarioResult[]>> = {};
  for (const scenario of options.scenarios) {
    const runs = spawnScenario(scenario, options);
    if (!runs) {
      sections.push(`### ${scenario.description}\n\n**failed** (see the log)`);
      continue;
    }
    all[scenario.name] = runs;
    const scenarioRows = benchRows({ scenario: scenario.name, baseline: scenario.subjects[0]!, runs: new Map(Object.entries(runs)) });
    rows.push(...scenarioRows);
    const watch = options.quick ? scenario.quickWatchSeconds : scenario.watchSeconds;
    sections.push(markdownTable({ title: `${scenario.name}: ${scenario.description}, ${watch} s watched (baseline: ${scenario.subjects[0]})`, rows: scenarioRows }));
    for (const [subject, list] of Object.entries(runs)) {
      if (list.length) details.push(viewerDetailTable({ title: `${scenario.name} — ${subject} (median run)`, run: medianRun(list) }));
    }
  }
  const markdown = [
    `## Benchmark (${new Date().toISOString()}, commit ${commit}, ${options.runs} run(s) each${options.quick ? ', --quick' : ''}, ${Math.round((Date.now() - started) / 1000)} s)`,
    '',
    'Origin bytes are counted by the origin. "÷ copy": origin segment bytes over one copy of every segment the swarm played ' +
      '(1.0 is the limit; N plain viewers cost about N). "baseline rendition" prices the played seconds at the bytes per second ' +
      'the baseline played in the same run, so a subject that plays a lower rendition gains nothing from it. Medians over runs.',
    '',
    ...sections.flatMap((s) => [s, '']),
    '## Per viewer',
    '',
    ...details.flatMap((s) => [s, '']),
  ].join('\n');
  console.log(`\n${markdown}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const date = new Date().toISOString();
  writeFileSync(join(RESULTS_DIR, 'latest.json'), JSON.stringify({ date, commit, options: { ...options, scenarios: options.scenarios.map((s) => s.name) }, rows, runs: all }, null, 2));
  writeFileSync(join(RESULTS_DIR, 'latest.md'), markdown);
  console.log(`bench: wrote bench/results/latest.json and bench/results/latest.md`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
