/**
 * How far behind the live edge hls.js plays a live stream with P2P on. A new live segment must
 * reach every viewer from the few that fetched it, before each needs it less the core's fallback
 * margin; with hls.js's 3 target durations and 2 s segments that left about a second, and at
 * scale most viewers went to the origin (simulated, 200 live viewers × 3 min: reachable viewers'
 * origin copies 31.4 at 3 segments behind, 15.1 at 5). P2P Media Loader plays as far back as the
 * playlist allows (up to 120 s) for the same reason.
 *
 * Imports hls.js for types only.
 */
import type Hls from 'hls.js';

/**
 * Seconds of the live delay beyond two target durations (the one being played and the one
 * listed meanwhile): the core's 2 s fallback margin plus 4 s for the segment to cross the swarm.
 */
export const P2P_LIVE_SLACK_SECONDS = 6;

/**
 * The live delay with P2P on: two target durations plus `P2P_LIVE_SLACK_SECONDS` (10 s for 2 s
 * segments), never less than the engine's own (`engineDelaySeconds`: hls.js's 3 target
 * durations, or the playlist's HOLD-BACK) and never within a target duration of the window's start.
 */
export function p2pLiveDelaySeconds(input: { targetDurationSeconds: number; windowSeconds: number; engineDelaySeconds: number }): number {
  const { targetDurationSeconds: target, windowSeconds, engineDelaySeconds } = input;
  const wanted = 2 * target + P2P_LIVE_SLACK_SECONDS;
  return Math.max(engineDelaySeconds, Math.min(wanted, windowSeconds - target));
}

/**
 * Lengthens hls.js's live delay to `p2pLiveDelaySeconds` for this instance. hls.js picks a live
 * stream's first fragment inside its own LEVEL_LOADED handler, before any listener added after
 * `new Hls()` runs, so the delay cannot be set from an event: `config.liveSyncDuration`, which only
 * hls.js's latency controller reads, becomes a getter of the current playlist. Left alone when the
 * page chose a latency (`liveSyncDuration` / `liveSyncDurationCount` in its config), for low-latency
 * HLS (`lowLatencyMode` with parts), when the playlist sets HOLD-BACK (hls.js then uses that) and
 * for VOD; `hls.targetLatency = seconds` still sets it.
 */
export function lengthenLiveDelay(hls: Hls): void {
  if (hls.userConfig.liveSyncDuration !== undefined || hls.userConfig.liveSyncDurationCount !== undefined) return;
  let chosen: number | undefined;
  Object.defineProperty(hls.config, 'liveSyncDuration', {
    configurable: true,
    enumerable: true,
    get: (): number | undefined => chosen ?? p2pDelayOf(hls),
    set: (seconds: number | undefined) => {
      chosen = seconds;
    },
  });
}

function p2pDelayOf(hls: Hls): number | undefined {
  const details = hls.latestLevelDetails;
  if (!details?.live || (hls.config.lowLatencyMode && details.partTarget)) return undefined;
  const target = details.targetduration;
  return p2pLiveDelaySeconds({ targetDurationSeconds: target, windowSeconds: details.totalduration, engineDelaySeconds: hls.config.liveSyncDurationCount * target });
}
