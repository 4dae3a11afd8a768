/**
 * One simulated run: N real `P2PCore`s (or plain players with P2P off) on one virtual clock, a
 * simulated network, tracker and origin, viewers joining and leaving as planned.
 */
import { AccessLink } from './access-link.ts';
import { planAudience, type ViewerPlan } from './audience.ts';
import { PeerNetwork } from './peer-network.ts';
import { CoreLoader, HttpOnlyLoader, type PlayerLoader } from './player-loaders.ts';
import { TRACKER_LIMITS, type Scenario } from './scenario.ts';
import { SeededRandom } from './seeded-random.ts';
import { SimClock } from './sim-clock.ts';
import { summarize, type SimulationSummary, type ViewerReport } from './sim-metrics.ts';
import { SimOrigin } from './sim-origin.ts';
import { SimPlayer } from './sim-player.ts';
import { SimStream } from './sim-stream.ts';
import { SimTracker } from './sim-tracker.ts';
import { SimTransport, type SignalingWorld } from './sim-transport.ts';
import { DEFAULT_P2P_CONFIG, type P2PConfig } from '../src/p2p/config.ts';
import type { Logger } from '../src/p2p/deps.ts';
import { P2PCore } from '../src/p2p/p2p-core.ts';
import { p2pLiveBufferSeconds, p2pLiveDelaySeconds } from '../src/loaders/hlsjs/hlsjs-live-delay.ts';

export interface SimulationOptions {
  scenario: Scenario;
  p2p: boolean;
  /** Core config overrides (what the lead tunes). */
  config?: Partial<P2PConfig>;
  /** Progress lines (virtual minute, viewers, wall seconds). */
  onProgress?: (line: string) => void;
  /** Sees every viewer report before the summary (diagnostics). */
  debugReports?: (reports: readonly ViewerReport[]) => void;
}

interface Viewer {
  plan: ViewerPlan;
  link: AccessLink;
  player: SimPlayer;
  loader: PlayerLoader;
}

/**
 * Live: segments behind the edge a player starts at, and seconds it buffers ahead at most. The
 * page's own delay when it chose one; else hls.js's, which the element lengthens with P2P on
 * while keeping hls.js's forward buffer (`lengthenLiveDelay`, hlsjs-live-delay.ts).
 */
export function livePlayback(scenario: Scenario, p2p: boolean): { startSegments: number; bufferSeconds: number } {
  const seconds = scenario.segmentSeconds;
  const engineDelaySeconds = scenario.liveSyncSegments * seconds;
  if (scenario.pageLiveSyncSegments !== undefined) return { startSegments: scenario.pageLiveSyncSegments, bufferSeconds: scenario.bufferTargetSeconds };
  if (!p2p) return { startSegments: scenario.liveSyncSegments, bufferSeconds: scenario.bufferTargetSeconds };
  const delay = p2pLiveDelaySeconds({ targetDurationSeconds: seconds, windowSeconds: scenario.liveWindowSegments * seconds, engineDelaySeconds });
  return { startSegments: Math.round(delay / seconds), bufferSeconds: Math.min(scenario.bufferTargetSeconds, p2pLiveBufferSeconds({ targetDurationSeconds: seconds, engineDelaySeconds })) };
}

/** Counts what the cores log, silently (a run with 1,000 cores must not print per segment). */
function countingLogger(counts: { warnings: number; errors: number }): Logger {
  const noop = () => {};
  return { debug: noop, info: noop, warn: (...args: unknown[]) => { counts.warnings++; if (process.env.SIM_DEBUG && counts.warnings < 15) console.error("warn", ...args); }, error: () => void counts.errors++ };
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
}

function traceLogger(clock: SimClock, id: string): Logger {
  const line = (...args: unknown[]) => console.error(`${id} ${clock.now().toFixed(0)} core`, ...args.map((a) => (a instanceof Error ? a.message : a)));
  return { debug: line, info: line, warn: line, error: line };
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationSummary> {
  const { scenario } = options;
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const clock = new SimClock();
  const random = new SeededRandom(scenario.seed + 1);
  const stream = new SimStream(scenario);
  const origin = new SimOrigin({ clock, stream, serviceMs: scenario.originServiceMs });
  const limits = TRACKER_LIMITS[scenario.tracker];
  const tracker = new SimTracker({ clock, random, intervalS: limits.intervalS, maxOffers: limits.maxOffers });
  const network = new PeerNetwork({ clock, payloadScale: scenario.payloadScale });
  const world: SignalingWorld = { clock, random, network, tracker, connectMs: scenario.connectMs, connections: new Map() };
  const logs = { warnings: 0, errors: 0 };
  const logger = countingLogger(logs);
  const config: Partial<P2PConfig> = {
    trackers: ['wss://tracker.sim/announce'],
    iceServers: [],
    // Scaled payloads: the store holds as many segments as it would at full size.
    storageLimitBytes: Math.floor(DEFAULT_P2P_CONFIG.storageLimitBytes / scenario.payloadScale),
    ...options.config,
  };
  const played = new Set<string>();
  const live = livePlayback(scenario, options.p2p);
  const present = new Map<string, Viewer>();
  const reports: ViewerReport[] = [];
  const endMs = scenario.minutes * 60_000;

  const join = (plan: ViewerPlan) => {
    const link = new AccessLink(plan);
    const fetch = origin.fetchFor(link);
    const loader: PlayerLoader = options.p2p
      ? new CoreLoader(new P2PCore({ swarmId: stream.manifestUrl, config, deps: { transport: new SimTransport({ world, viewerId: plan.id, link }), clock, fetch, logger: process.env.SIM_TRACE === plan.id ? traceLogger(clock, plan.id) : logger } }))
      : new HttpOnlyLoader({ fetch, clock });
    const trace = process.env.SIM_TRACE === plan.id ? (line: string) => console.error(`${plan.id} ${line}`) : undefined;
    const player = new SimPlayer({ clock, scenario, stream, origin, link, loader, played, trace, liveStartSegments: live.startSegments, liveBufferSeconds: live.bufferSeconds });
    present.set(plan.id, { plan, link, player, loader });
    player.start();
  };
  const leave = (viewer: Viewer) => {
    viewer.player.stop();
    present.delete(viewer.plan.id);
    reports.push({ plan: viewer.plan, leftMs: Math.min(clock.now(), endMs), playback: viewer.player.report, ...viewer.loader.counters(), originBytes: viewer.link.originBytes, peakUplinkUse: viewer.link.peakUplinkUse() });
    void viewer.loader.destroy();
  };
  for (const plan of planAudience(scenario)) {
    clock.setTimeout(() => join(plan), plan.joinMs);
    if (plan.leaveMs < endMs) clock.setTimeout(() => { const viewer = present.get(plan.id); if (viewer) leave(viewer); }, plan.leaveMs);
  }
  for (let minute = 1; minute * 60_000 <= endMs + 59_999; minute++) {
    await clock.runUntil(Math.min(minute * 60_000, endMs), (error) => { logs.errors++; console.error('sim: a timer threw', error); });
    options.onProgress?.(`${options.p2p ? 'p2p' : 'http'} minute ${Math.min(minute, scenario.minutes)}: ${present.size} viewers, tracker ${tracker.size}, ${((performance.now() - wallStart) / 1000).toFixed(1)} s wall`);
  }
  for (const viewer of [...present.values()]) leave(viewer);
  await clock.runUntil(endMs);
  options.debugReports?.(reports);
  const summary = summarize({ scenario, p2p: options.p2p, reports, stream, origin, tracker, network, played, logs, wallS: (performance.now() - wallStart) / 1000, cpuS: cpuSecondsSince(cpuStart) });
  return scenario.isLive ? { ...summary, liveDelaySeconds: live.startSegments * scenario.segmentSeconds } : summary;
}
