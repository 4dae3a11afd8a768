/**
 * The benchmark's scenarios: which stream, how many viewers and how they join, how long they watch,
 * which subjects, and which of them is the baseline the others are compared with.
 */
import type { SwarmSubject } from '../tools/swarm/swarm-subject-pages.ts';

export interface BenchScenario {
  name: string;
  description: string;
  streamPath: string;
  viewers: number;
  /** Delays between two joins, ms, used in turn ([0] = together). */
  joinDelaysMs: readonly number[];
  /** Seconds each viewer watches (with `leaveTogether`: the last one). */
  watchSeconds: number;
  /** `--quick`: shorter watches, so one scenario runs in a few minutes. */
  quickWatchSeconds: number;
  leaveTogether?: boolean;
  /** The tracker comes up this long after the first viewer joined. */
  trackerLateMs?: number;
  /** First subject is the baseline. */
  subjects: readonly SwarmSubject[];
}

const VOD_HLS = '/vod/hls-ts/master.m3u8';
const LIVE_HLS = '/live/hls-ts/master.m3u8';
const VOD_DASH = '/vod/dash/manifest.mpd';
const HLS_SUBJECTS: readonly SwarmSubject[] = ['baseline-hls', 'p2p-video', 'pml'];
const DASH_SUBJECTS: readonly SwarmSubject[] = ['baseline-shaka', 'p2p-video'];
/** 3–8 s apart, in a fixed order so every run and subject sees the same joins. */
const STAGGERED_MS = [3000, 8000, 5000, 4000, 7000, 6000, 3000];

export const BENCH_SCENARIOS: readonly BenchScenario[] = [
  { name: 'alone-vod-hls', description: 'HLS VOD (MPEG-TS), one viewer alone', streamPath: VOD_HLS, viewers: 1, joinDelaysMs: [0], watchSeconds: 30, quickWatchSeconds: 15, subjects: HLS_SUBJECTS },
  { name: 'alone-live-hls', description: 'HLS live, one viewer alone', streamPath: LIVE_HLS, viewers: 1, joinDelaysMs: [0], watchSeconds: 30, quickWatchSeconds: 15, subjects: HLS_SUBJECTS },
  { name: 'alone-vod-dash', description: 'DASH VOD, one viewer alone', streamPath: VOD_DASH, viewers: 1, joinDelaysMs: [0], watchSeconds: 30, quickWatchSeconds: 15, subjects: DASH_SUBJECTS },
  { name: 'vod-hls-4', description: 'HLS VOD, 4 viewers joining 3–8 s apart', streamPath: VOD_HLS, viewers: 4, joinDelaysMs: STAGGERED_MS, watchSeconds: 60, quickWatchSeconds: 25, subjects: HLS_SUBJECTS },
  { name: 'vod-hls-8', description: 'HLS VOD, 8 viewers joining 3–8 s apart', streamPath: VOD_HLS, viewers: 8, joinDelaysMs: STAGGERED_MS, watchSeconds: 60, quickWatchSeconds: 25, subjects: HLS_SUBJECTS },
  { name: 'live-hls-4', description: 'HLS live, 4 viewers joining 2 s apart', streamPath: LIVE_HLS, viewers: 4, joinDelaysMs: [2000], watchSeconds: 60, quickWatchSeconds: 25, subjects: HLS_SUBJECTS },
  { name: 'live-hls-8', description: 'HLS live, 8 viewers joining 2 s apart', streamPath: LIVE_HLS, viewers: 8, joinDelaysMs: [2000], watchSeconds: 60, quickWatchSeconds: 25, subjects: HLS_SUBJECTS },
  { name: 'vod-dash-4', description: 'DASH VOD, 4 viewers joining 3–8 s apart', streamPath: VOD_DASH, viewers: 4, joinDelaysMs: STAGGERED_MS, watchSeconds: 60, quickWatchSeconds: 25, subjects: DASH_SUBJECTS },
  { name: 'vod-dash-8', description: 'DASH VOD, 8 viewers joining 3–8 s apart', streamPath: VOD_DASH, viewers: 8, joinDelaysMs: STAGGERED_MS, watchSeconds: 60, quickWatchSeconds: 25, subjects: DASH_SUBJECTS },
  {
    name: 'tracker-late',
    description: 'HLS VOD, 4 viewers joining 3–8 s apart, the tracker up 15 s after the first',
    streamPath: VOD_HLS,
    viewers: 4,
    joinDelaysMs: STAGGERED_MS,
    watchSeconds: 60,
    quickWatchSeconds: 35,
    trackerLateMs: 15000,
    subjects: HLS_SUBJECTS,
  },
  {
    name: 'long-watch',
    description: 'HLS VOD, 4 viewers 5 s apart watching together until the last has watched',
    streamPath: VOD_HLS,
    viewers: 4,
    joinDelaysMs: [5000],
    watchSeconds: 150,
    quickWatchSeconds: 40,
    leaveTogether: true,
    subjects: HLS_SUBJECTS,
  },
];

/** @default 3 runs of each scenario; the table reports the median */
export const DEFAULT_RUNS = 3;
