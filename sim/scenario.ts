/**
 * What a simulation plays: the stream, the audience (how viewers join and leave) and the network
 * they sit on. `live` and `vod` are the defaults of `npm run simulate`; `bench-live` and
 * `bench-vod` mirror the browser benchmark (bench/, README table) for the trust check.
 */

export const TrackerKind = {
  /** aquatic_ws: `peer_announce_interval` 120 s, `max_offers` 10. */
  Aquatic: 'aquatic',
  /** bittorrent-tracker server: WebSocket interval 120 s, offers forwarded up to `numwant`. */
  Bittorrent: 'bittorrent',
  /** wt-tracker: `announceInterval` 20 s, `maxOffers` 20. */
  Wt: 'wt',
} as const;
export type TrackerKind = (typeof TrackerKind)[keyof typeof TrackerKind];

export const TRACKER_LIMITS: Readonly<Record<TrackerKind, { intervalS: number; maxOffers: number }>> = Object.freeze({
  aquatic: { intervalS: 120, maxOffers: 10 },
  bittorrent: { intervalS: 120, maxOffers: 50 },
  wt: { intervalS: 20, maxOffers: 20 },
});

export interface Rendition {
  /** Bits per second (the declared size of a segment is bitrate × duration / 8). */
  bitrate: number;
  height: number;
}

/** One class of access link; a viewer draws its class by `share`. */
export interface LinkClass {
  share: number;
  upBitsPerSecond: number;
  downBitsPerSecond: number;
}

export interface Scenario {
  name: string;
  isLive: boolean;
  segmentSeconds: number;
  /** Highest first, as in a master playlist (hls.js starts on the first listed). */
  renditions: readonly Rendition[];
  /** Live: segments in the sliding playlist window. */
  liveWindowSegments: number;
  /** Target audience (concurrent viewers once everybody joined). */
  viewers: number;
  /** Virtual minutes simulated. */
  minutes: number;
  /** Joins of the first `viewers` are spread uniformly over this many seconds (0 = together). */
  joinSpreadSeconds: number;
  /** Or exactly this far apart (the browser bench: 3 s), overriding the spread. */
  joinIntervalSeconds: number | undefined;
  /** Share of the audience leaving per minute (exponential lifetimes); replaced by new arrivals. */
  leavePerMinute: number;
  /** Each viewer watches at most this long, seconds (the bench: 60), or until the end. */
  watchSeconds: number | undefined;
  links: readonly LinkClass[];
  /** Share of viewers that can connect to nobody (symmetric NAT, no TURN). */
  unreachableShare: number;
  /** One-way latency of a viewer's access link, ms (uniform in the range). */
  latencyMs: readonly [number, number];
  /** ICE + DTLS + SCTP set-up after the answer arrived, ms (uniform). */
  connectMs: readonly [number, number];
  /** The CDN's own time to first byte on top of the round trip, ms. */
  originServiceMs: number;
  tracker: TrackerKind;
  /** VOD: forward buffer target, seconds (hls.js `maxBufferLength` with P2P, and the capped baseline). */
  bufferTargetSeconds: number;
  /** hls.js `liveSyncDurationCount` default: live start this many segments behind the edge (P2P on: see `livePlayback`). */
  liveSyncSegments: number;
  /** The page set `liveSyncDurationCount` itself (`--live-sync-segments`): used as is, P2P on or off. */
  pageLiveSyncSegments?: number;
  /** Player `timeupdate` (and `updatePlayback`) period, ms. */
  timeUpdateMs: number;
  /**
   * Payloads are 1/scale of the declared size (memory); the network moves the declared size.
   * Scale > 1 declares `expectedBytes` so the core's size estimates stay right (see docs).
   */
  payloadScale: number;
  seed: number;
}

const Mbit = 1_000_000;

/** The default mix: 50 % at 10 Mbit/s up, 30 % at 3, 20 % at 1. */
export const DEFAULT_LINKS: readonly LinkClass[] = Object.freeze([
  { share: 0.5, upBitsPerSecond: 10 * Mbit, downBitsPerSecond: 100 * Mbit },
  { share: 0.3, upBitsPerSecond: 3 * Mbit, downBitsPerSecond: 30 * Mbit },
  { share: 0.2, upBitsPerSecond: 1 * Mbit, downBitsPerSecond: 10 * Mbit },
]);

const COMMON = {
  segmentSeconds: 2,
  renditions: [
    { bitrate: 800_000, height: 360 },
    { bitrate: 250_000, height: 180 },
  ],
  liveWindowSegments: 6,
  viewers: 1000,
  minutes: 10,
  joinSpreadSeconds: 120,
  joinIntervalSeconds: undefined,
  leavePerMinute: 0.05,
  watchSeconds: undefined,
  links: DEFAULT_LINKS,
  unreachableShare: 0.15,
  latencyMs: [10, 40],
  connectMs: [400, 1500],
  originServiceMs: 20,
  tracker: TrackerKind.Aquatic,
  bufferTargetSeconds: 30,
  liveSyncSegments: 3,
  timeUpdateMs: 250,
  payloadScale: 1,
  seed: 1,
} as const satisfies Omit<Scenario, 'name' | 'isLive'>;

/** Browser bench: one machine (links far above the stream), its media's two renditions, joins as in bench/scenarios.ts. */
const BENCH = {
  ...COMMON,
  renditions: [
    { bitrate: 378_000, height: 360 },
    { bitrate: 192_000, height: 180 },
  ],
  viewers: 4,
  minutes: 1.5,
  leavePerMinute: 0,
  watchSeconds: 60,
  links: [{ share: 1, upBitsPerSecond: 200 * Mbit, downBitsPerSecond: 200 * Mbit }],
  unreachableShare: 0,
  latencyMs: [0.5, 1],
  connectMs: [200, 900],
  originServiceMs: 2,
  tracker: TrackerKind.Bittorrent,
} as const satisfies Omit<Scenario, 'name' | 'isLive'>;

export const SCENARIOS = {
  live: { ...COMMON, name: 'live', isLive: true },
  vod: { ...COMMON, name: 'vod', isLive: false, joinSpreadSeconds: 600 },
  'bench-live': { ...BENCH, name: 'bench-live', isLive: true, joinSpreadSeconds: 0 },
  'bench-vod': { ...BENCH, name: 'bench-vod', isLive: false, joinSpreadSeconds: 0, joinIntervalSeconds: 3 },
} as const satisfies Record<string, Scenario>;
export type ScenarioName = keyof typeof SCENARIOS;

/** Payload scale when none is given: real sizes for small swarms, 1/64 from 100 viewers (memory). */
export function defaultPayloadScale(viewers: number): number {
  return viewers >= 100 ? 64 : 1;
}

/**
 * `timeupdate` period when none is given: a browser's 250 ms for small swarms, 1 s from 100
 * viewers (a third of all events otherwise; the core extrapolates the playhead in between, and
 * 200 viewers gave the same origin figure within 0.5 %).
 */
export function defaultTimeUpdateMs(viewers: number): number {
  return viewers >= 100 ? 1000 : 250;
}
