/**
 * The benchmark's scenarios: which stream, how viewers join, which subjects, and which of them is
 * the baseline the others are compared with.
 */
import type { SwarmSubject } from '../tools/swarm/swarm-subject-pages.ts';

export interface BenchScenario {
  name: string;
  description: string;
  streamPath: string;
  /** Delay between two viewers joining, ms (0 = together). */
  joinIntervalMs: number;
  /** First subject is the baseline. */
  subjects: readonly SwarmSubject[];
}

export const BENCH_SCENARIOS: readonly BenchScenario[] = [
  {
    name: 'vod-hls',
    description: 'HLS VOD (MPEG-TS), a viewer joins every 3 s',
    streamPath: '/vod/hls-ts/master.m3u8',
    joinIntervalMs: 3000,
    subjects: ['baseline-hls', 'p2p-video', 'pml'],
  },
  {
    name: 'live-hls',
    description: 'HLS live (MPEG-TS, sliding window), viewers join together',
    streamPath: '/live/hls-ts/master.m3u8',
    joinIntervalMs: 0,
    subjects: ['baseline-hls', 'p2p-video', 'pml'],
  },
  {
    name: 'vod-dash',
    description: 'DASH VOD, a viewer joins every 3 s',
    streamPath: '/vod/dash/manifest.mpd',
    joinIntervalMs: 3000,
    subjects: ['baseline-shaka', 'p2p-video'],
  },
];

export const DEFAULT_VIEWER_COUNTS: readonly number[] = [4, 8];
/** @default 60 seconds each viewer watches */
export const DEFAULT_WATCH_SECONDS = 60;
