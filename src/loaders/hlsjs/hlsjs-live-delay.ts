/**
 * How far behind the live edge hls.js plays a live stream with P2P on. A new live segment must
 * reach every viewer from the few that fetched it, before each needs it less the core's fallback
 * margin; with hls.js's 3 target durations and 2 s segments that left about a second, and at
 * scale most viewers went to the origin (simulated, 200 live viewers × 3 min: reachable viewers'
 * origin copies 31.4 at 3 segments behind, 15.1 at 5, 12.1 with plain hls.js's forward buffer). P2P Media Loader plays as far back as the
 * playlist allows (up to 120 s) for the same reason.
 *
 * Imports hls.js for types only.
 */
import type Hls from 'hls.js';
import { HLS_P2P_DEFAULTS } from './hlsjs-config.js';

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
 * The live forward buffer with P2P on: plain hls.js's, its own delay less a target duration (4 s
 * for 2 s segments, so 4–6 s buffered), at least one target duration.
 */
export function p2pLiveBufferSeconds(input: { targetDurationSeconds: number; engineDelaySeconds: number }): number {
  return Math.max(input.targetDurationSeconds, input.engineDelaySeconds - input.targetDurationSeconds);
}

/**
 * Lengthens hls.js's live delay to `p2pLiveDelaySeconds` for this instance, and keeps its live
 * forward buffer where plain hls.js's is (its own delay less a target duration: 4–6 s ahead for
 * 2 s segments): the segments between that and the edge are the swarm's to fetch (the core's P2P
 * prefetch), not the origin's; a viewer alone fetches no more than plain hls.js would, and a
 * viewer that stops leaves no more unplayed bytes behind.
 *
 * hls.js picks a live stream's first fragment inside its own LEVEL_LOADED handler, before any
 * listener added after `new Hls()` runs, so neither can be set from an event: `config.liveSyncDuration`
 * (read only by hls.js's latency controller) and `config.maxBufferLength` become getters of the
 * current playlist. Left alone when the page chose a latency (`liveSyncDuration` /
 * `liveSyncDurationCount` in its config: then the buffer too), for low-latency HLS
 * (`lowLatencyMode` with parts), when the playlist sets HOLD-BACK (hls.js then uses that) and for
 * VOD; `hls.targetLatency = seconds` and a page's own `maxBufferLength` (other than the P2P
 * default, `HLS_P2P_DEFAULTS`) still set them.
 */
export function lengthenLiveDelay(hls: Hls): void {
  if (hls.userConfig.liveSyncDuration !== undefined || hls.userConfig.liveSyncDurationCount !== undefined) return;
  let chosenDelay: number | undefined;
  Object.defineProperty(hls.config, 'liveSyncDuration', {
    configurable: true,
    enumerable: true,
    get: (): number | undefined => chosenDelay ?? p2pDelayOf(hls),
    set: (seconds: number | undefined) => {
      chosenDelay = seconds;
    },
  });
  // The page's own buffer length (anything but the P2P default it got from us) is its choice.
  if (hls.userConfig.maxBufferLength !== HLS_P2P_DEFAULTS.maxBufferLength) return;
  let buffer = hls.config.maxBufferLength;
  Object.defineProperty(hls.config, 'maxBufferLength', {
    configurable: true,
    enumerable: true,
    get: (): number => {
      const ahead = liveBufferOf(hls);
      return ahead === undefined ? buffer : Math.min(buffer, ahead);
    },
    set: (seconds: number) => {
      buffer = seconds;
    },
  });
}

/** The live playlist's target duration and hls.js's own delay, or undefined where the P2P delay does not apply. */
function liveTiming(hls: Hls): { target: number; engineDelaySeconds: number; windowSeconds: number } | undefined {
  const details = hls.latestLevelDetails;
  if (!details?.live || details.holdBack > 0 || (hls.config.lowLatencyMode && details.partTarget)) return undefined;
  const target = details.targetduration;
  return { target, engineDelaySeconds: hls.config.liveSyncDurationCount * target, windowSeconds: details.totalduration };
}

function p2pDelayOf(hls: Hls): number | undefined {
  const timing = liveTiming(hls);
  return timing && p2pLiveDelaySeconds({ targetDurationSeconds: timing.target, windowSeconds: timing.windowSeconds, engineDelaySeconds: timing.engineDelaySeconds });
}

function liveBufferOf(hls: Hls): number | undefined {
  const timing = liveTiming(hls);
  return timing && p2pLiveBufferSeconds({ targetDurationSeconds: timing.target, engineDelaySeconds: timing.engineDelaySeconds });
}
