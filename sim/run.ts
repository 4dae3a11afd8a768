/**
 * `npm run simulate -- --viewers 1000 --stream live --minutes 10 [--json] [--seed N] …`
 * Runs the scenario with the real P2P core, then with P2P off, and prints both.
 */
import { parseArgs } from 'node:util';
import { formatTable } from './report-table.ts';
import { SCENARIOS, TrackerKind, defaultPayloadScale, defaultTimeUpdateMs, type Scenario, type ScenarioName } from './scenario.ts';
import { runSimulation } from './swarm-simulation.ts';
import type { P2PConfig } from '../src/p2p/config.ts';

const USAGE = `npm run simulate -- [--stream live|vod|bench-live|bench-vod] [--viewers N] [--minutes M] [--seed N] [--json]
  [--join-spread-s S] [--join-interval-s S] [--leave-per-minute F] [--watch-s S] [--unreachable F]
  [--connect-ms MIN-MAX] [--tracker aquatic|bittorrent|wt] [--payload-scale K] [--timeupdate-ms MS] [--no-baseline] [--quiet]
  [--max-peers N] [--p2p-window-s S] [--http-window-s S] [--live-retention-s S] [--live-sync-segments N]`;

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} must be a number >= 0, got ${JSON.stringify(value)}`);
  return parsed;
}

function range(value: string, name: string): readonly [number, number] {
  const [min, max] = value.split('-').map((part) => number(part, name)!);
  if (min === undefined || max === undefined || max < min) throw new Error(`${name} must be MIN-MAX, got ${JSON.stringify(value)}`);
  return [min, max];
}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      stream: { type: 'string', default: 'live' }, viewers: { type: 'string' }, minutes: { type: 'string' }, seed: { type: 'string' },
      json: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false }, 'no-baseline': { type: 'boolean', default: false },
      'join-spread-s': { type: 'string' }, 'join-interval-s': { type: 'string' }, 'leave-per-minute': { type: 'string' }, 'watch-s': { type: 'string' },
      unreachable: { type: 'string' }, tracker: { type: 'string' }, 'payload-scale': { type: 'string' }, 'timeupdate-ms': { type: 'string' },
      'connect-ms': { type: 'string' }, 'max-peers': { type: 'string' }, 'p2p-window-s': { type: 'string' }, 'http-window-s': { type: 'string' }, 'live-retention-s': { type: 'string' },
      'live-sync-segments': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!(values.stream! in SCENARIOS)) throw new Error(`--stream must be one of ${Object.keys(SCENARIOS).join(', ')}`);
  if (values.tracker !== undefined && !Object.values(TrackerKind).includes(values.tracker as TrackerKind)) throw new Error('--tracker must be aquatic, bittorrent or wt');
  const base: Scenario = SCENARIOS[values.stream as ScenarioName];
  const viewers = number(values.viewers, '--viewers') ?? base.viewers;
  const pick = <T>(value: T | undefined, fallback: T) => (value === undefined ? fallback : value);
  const scenario: Scenario = {
    ...base,
    viewers: Math.max(1, Math.round(viewers)),
    minutes: pick(number(values.minutes, '--minutes'), base.minutes),
    seed: pick(number(values.seed, '--seed'), base.seed),
    joinSpreadSeconds: pick(number(values['join-spread-s'], '--join-spread-s'), base.joinSpreadSeconds),
    joinIntervalSeconds: pick(number(values['join-interval-s'], '--join-interval-s'), base.joinIntervalSeconds),
    leavePerMinute: pick(number(values['leave-per-minute'], '--leave-per-minute'), base.leavePerMinute),
    watchSeconds: pick(number(values['watch-s'], '--watch-s'), base.watchSeconds),
    unreachableShare: pick(number(values.unreachable, '--unreachable'), base.unreachableShare),
    tracker: pick(values.tracker as TrackerKind | undefined, base.tracker),
    payloadScale: pick(number(values['payload-scale'], '--payload-scale'), defaultPayloadScale(viewers)),
    timeUpdateMs: pick(number(values['timeupdate-ms'], '--timeupdate-ms'), defaultTimeUpdateMs(viewers)),
    pageLiveSyncSegments: number(values['live-sync-segments'], '--live-sync-segments'),
    connectMs: values['connect-ms'] === undefined ? base.connectMs : range(values['connect-ms'], '--connect-ms'),
  };
  const config: Partial<P2PConfig> = {};
  const maxPeers = number(values['max-peers'], '--max-peers');
  if (maxPeers !== undefined) config.maxPeers = maxPeers;
  const p2pWindow = number(values['p2p-window-s'], '--p2p-window-s');
  if (p2pWindow !== undefined) config.p2pWindowSeconds = p2pWindow;
  const httpWindow = number(values['http-window-s'], '--http-window-s');
  if (httpWindow !== undefined) config.httpWindowSeconds = httpWindow;
  const retention = number(values['live-retention-s'], '--live-retention-s');
  if (retention !== undefined) config.liveRetentionSeconds = retention;
  return { scenario, config, json: values.json!, quiet: values.quiet!, baseline: !values['no-baseline'] };
}

async function main(): Promise<void> {
  const { scenario, config, json, quiet, baseline } = parse(process.argv.slice(2));
  // Progress goes to stderr, so `--json` still prints one line on stdout.
  const onProgress = quiet ? undefined : (line: string) => console.error(`simulate: ${line}`);
  const p2p = await runSimulation({ scenario, p2p: true, config, onProgress });
  const http = baseline ? await runSimulation({ scenario, p2p: false, onProgress }) : undefined;
  if (json) console.log(JSON.stringify({ ...p2p, p2pOff: http }));
  else console.log(formatTable(p2p, http));
}

main().catch((error: unknown) => {
  console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exit(2);
});
