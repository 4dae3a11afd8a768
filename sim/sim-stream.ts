/**
 * The simulated stream: renditions, segment ids/URLs/times, when live segments are published,
 * and stand-in payloads. A payload is a run of valid MPEG-TS packets (so the real container check
 * runs on every segment from a peer) of 1/`payloadScale` of the declared size; the network and
 * the origin move the declared size.
 */
import type { Scenario } from './scenario.ts';
import type { SegmentInfo, StreamInfo } from '../src/p2p/segment.ts';
import { renditionKey } from '../src/p2p/swarm-id.ts';

const TS_PACKET_BYTES = 188;
/** Live: the media sequence at the live edge when the simulation starts. */
const LIVE_FIRST_EDGE = 1000;
export const ORIGIN_HOST = 'https://origin.sim';

export class SimStream {
  readonly scenario: Scenario;
  readonly streams: readonly StreamInfo[];
  readonly manifestUrl: string;
  readonly #payloads = new Map<string, Uint8Array>();
  readonly #segmentMs: number;

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    this.#segmentMs = scenario.segmentSeconds * 1000;
    this.manifestUrl = `${ORIGIN_HOST}/${scenario.isLive ? 'live' : 'vod'}/master.m3u8`;
    this.streams = scenario.renditions.map((rendition) => ({
      id: renditionKey({ type: 'main', bitrate: rendition.bitrate, height: rendition.height, width: Math.round((rendition.height * 16) / 9), codecs: 'avc1.4d401e,mp4a.40.2' }),
      type: 'main' as const,
      isLive: scenario.isLive,
    }));
  }

  /** VOD: segments in the whole stream (as long as the simulation). */
  get vodSegmentCount(): number {
    return Math.ceil((this.scenario.minutes * 60) / this.scenario.segmentSeconds) + 1;
  }

  /** Live: the newest published media sequence at `nowMs`. */
  liveEdge(nowMs: number): number {
    return LIVE_FIRST_EDGE + Math.floor(nowMs / this.#segmentMs);
  }

  /** Live: when segment `seq` appears in the origin's playlist, ms. */
  publishedAtMs(seq: number): number {
    return (seq - LIVE_FIRST_EDGE) * this.#segmentMs;
  }

  /** The playlist of a rendition at `nowMs`: VOD all segments, live the sliding window. */
  playlist(rendition: number, nowMs: number): SegmentInfo[] {
    if (!this.scenario.isLive) return Array.from({ length: this.vodSegmentCount }, (_, seq) => this.segment(rendition, seq));
    const edge = this.liveEdge(nowMs);
    const first = edge - this.scenario.liveWindowSegments + 1;
    return Array.from({ length: this.scenario.liveWindowSegments }, (_, i) => this.segment(rendition, first + i));
  }

  segment(rendition: number, seq: number): SegmentInfo {
    const info: SegmentInfo = {
      id: String(seq),
      url: `${ORIGIN_HOST}/${rendition}/${seq}.ts`,
      startTime: seq * this.scenario.segmentSeconds,
      duration: this.scenario.segmentSeconds,
    };
    // Scaled payloads: the core's estimates need the size (its default for an unknown size is 1 MiB).
    if (this.scenario.payloadScale > 1) info.expectedBytes = this.payloadBytes(rendition);
    return info;
  }

  /** Stand-in bytes of one segment (real size / payloadScale). */
  payloadBytes(rendition: number): number {
    const declared = (this.scenario.renditions[rendition]!.bitrate * this.scenario.segmentSeconds) / 8;
    return Math.max(1, Math.round(declared / this.scenario.payloadScale / TS_PACKET_BYTES)) * TS_PACKET_BYTES;
  }

  /** Bytes a segment weighs on the network (what one copy costs). */
  wireBytes(rendition: number): number {
    return this.payloadBytes(rendition) * this.scenario.payloadScale;
  }

  payload(rendition: number, seq: number): Uint8Array {
    const key = `${rendition}/${seq}`;
    let bytes = this.#payloads.get(key);
    if (!bytes) {
      bytes = makeTsPayload(this.payloadBytes(rendition), seq);
      this.#payloads.set(key, bytes);
    }
    return bytes;
  }

  /** Parses one of our segment URLs. */
  parseUrl(url: string): { rendition: number; seq: number } | undefined {
    const match = /^https:\/\/origin\.sim\/(\d+)\/(\d+)\.ts$/.exec(url);
    if (!match) return undefined;
    const rendition = Number(match[1]);
    return rendition < this.streams.length ? { rendition, seq: Number(match[2]) } : undefined;
  }
}

/** MPEG-TS packets: sync byte, PID 0x100, payload only, continuity counter; the body marks the segment. */
function makeTsPayload(bytes: number, seq: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let offset = 0, cc = 0; offset < bytes; offset += TS_PACKET_BYTES, cc = (cc + 1) & 0x0f) {
    out[offset] = 0x47;
    out[offset + 1] = 0x01;
    out[offset + 2] = 0x00;
    out[offset + 3] = 0x10 | cc;
    out[offset + 4] = seq & 0xff;
    out[offset + 5] = (seq >> 8) & 0xff;
  }
  return out;
}
