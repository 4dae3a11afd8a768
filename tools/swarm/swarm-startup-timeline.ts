/**
 * The start-up milestones of one viewer, read from what its page recorded: resource timing (when a
 * request left and its response ended, as the browser saw it) and the probe's marks. All times are
 * ms since the page's navigation start, so every subject is measured on the same clock.
 */
import type { ProbeReport, ResourceEntry } from './swarm-viewer.ts';

export interface StartupTimeline {
  /** `customElements.whenDefined('p2p-video')` resolved (`<p2p-video>` only). */
  elementDefinedMs: number | undefined;
  /** The player engine's script (hls.js / Shaka / P2P Media Loader bundle) finished downloading. */
  engineModuleLoadedMs: number | undefined;
  /** The P2P core's chunk finished downloading (`<p2p-video>` only). */
  p2pModuleLoadedMs: number | undefined;
  /** The page saw the player instance (`el.engine`, or the page created it). */
  engineCreatedMs: number | undefined;
  /** The first manifest request (HLS master playlist / DASH MPD) left. */
  manifestRequestedMs: number | undefined;
  /** The first media playlist request left (HLS only). */
  playlistRequestedMs: number | undefined;
  /** The first media segment request (not an init segment) left. */
  firstSegmentRequestedMs: number | undefined;
  /** That request's response ended. */
  firstSegmentReceivedMs: number | undefined;
  /** The first `seeking` (the player's start position, e.g. the live edge). */
  firstSeekingMs: number | undefined;
  /** The first `playing`. */
  playingMs: number | undefined;
}

export const STARTUP_MILESTONES = [
  'elementDefinedMs',
  'engineModuleLoadedMs',
  'p2pModuleLoadedMs',
  'engineCreatedMs',
  'manifestRequestedMs',
  'playlistRequestedMs',
  'firstSegmentRequestedMs',
  'firstSegmentReceivedMs',
  'firstSeekingMs',
  'playingMs',
] as const satisfies readonly (keyof StartupTimeline)[];

/** Script URLs that carry a player engine, per subject page (see swarm-subject-pages.ts). */
const ENGINE_SCRIPT = /\/(hls\.mjs|shaka-player\.[\w.]+\.js|pml\.js|hls-[\w-]+\.js|shaka-[\w-]+\.js)$/;
const P2P_SCRIPT = /\/p2p-core-[\w-]+\.js$/;
const MANIFEST = /\.(m3u8|mpd)$/i;
const SEGMENT = /\.(ts|m4s|mp4|m4a|m4v|aac|mp3|webm)$/i;
const INIT_SEGMENT = /(^|[/-])init[\w-]*\.(m4s|mp4)$/i;

export function startupTimeline(report: Pick<ProbeReport, 'resources' | 'marks' | 'firstPlayingMs'>, streamUrl: string): StartupTimeline {
  const streamOrigin = new URL(streamUrl).origin;
  const resources = [...report.resources].sort((a, b) => a.startMs - b.startMs);
  const fromOrigin = resources.filter((r) => sameOrigin(r.url, streamOrigin));
  const manifests = fromOrigin.filter((r) => MANIFEST.test(pathOf(r.url)));
  const firstSegment = fromOrigin.find((r) => SEGMENT.test(pathOf(r.url)) && !INIT_SEGMENT.test(pathOf(r.url)));
  const marks = report.marks;
  return {
    elementDefinedMs: marks['element-defined'],
    engineModuleLoadedMs: firstEnd(resources.filter((r) => ENGINE_SCRIPT.test(pathOf(r.url)))),
    p2pModuleLoadedMs: firstEnd(resources.filter((r) => P2P_SCRIPT.test(pathOf(r.url)))),
    engineCreatedMs: marks['engine-created'],
    manifestRequestedMs: manifests[0]?.startMs,
    // The first manifest is the master (HLS) or the MPD; a second distinct .m3u8 is a media playlist.
    playlistRequestedMs: manifests.find((r) => /\.m3u8$/i.test(pathOf(r.url)) && pathOf(r.url) !== pathOf(manifests[0]!.url))?.startMs,
    firstSegmentRequestedMs: firstSegment?.startMs,
    firstSegmentReceivedMs: firstSegment?.endMs,
    firstSeekingMs: earliest(marks['media-seeking'], marks['video-seeking']),
    playingMs: report.firstPlayingMs,
  };
}

function firstEnd(entries: ResourceEntry[]): number | undefined {
  return entries.length ? Math.min(...entries.map((e) => e.endMs)) : undefined;
}

function earliest(...values: (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? Math.min(...known) : undefined;
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
