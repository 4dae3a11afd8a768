/**
 * A live stream on the fake clock for the election tests: 2 s segments, each listed by every
 * viewer when it ends (viewers reload their playlist at their own phase), players 4 segments
 * behind the edge, so a new segment is due ~6 s after it is listed. Each viewer asks for every
 * segment as soon as it lists it, like hls.js at the live edge, and we record the slack: seconds
 * between the segment arriving and the player reaching it.
 */
import type { P2PCore } from '../../../../src/p2p/p2p-core.ts';
import type { SegmentInfo, StreamInfo } from '../../../../src/p2p/segment.ts';
import { ProtocolCodec } from '../../../../src/p2p/protocol/protocol-codec.ts';
import type { Harness } from '../../../fakes/core-harness.ts';

export const SEGMENT_S = 2;
/** Media seconds between the playhead and the live edge's newest segment start + duration. */
const LIVE_DELAY_S = 8;
const codec = new ProtocolCodec({ maxSegmentBytes: 64 * 1024 * 1024 });

export const liveA: StreamInfo = { id: 'main|640x360|800000|avc1', type: 'main', isLive: true };
export const liveB: StreamInfo = { id: 'main|320x180|250000|avc1', type: 'main', isLive: true };

/** Segments 1..count of a stream (segment i starts at media time 2(i-1)). */
export function liveList(stream: StreamInfo, count: number): SegmentInfo[] {
  return Array.from({ length: count }, (_, i) => ({
    id: String(i + 1),
    url: `https://origin.test/${stream === liveA ? 'hi' : 'lo'}/seg${i + 1}.ts`,
    startTime: i * SEGMENT_S,
    duration: SEGMENT_S,
  }));
}

export interface Viewer {
  name: string;
  core: P2PCore;
  /** Ms after each 2 s tick at which this viewer reloads its playlist. */
  phaseMs: number;
  /** Which stream it plays at segment `n` (default: `liveA`). */
  streamAt?: (n: number) => StreamInfo;
  /** Slack per segment id of the stream it played, seconds. */
  slack: Map<string, number>;
  sources: Map<string, string>;
}

/** A raw peer that announces `loading` of every new segment of `stream` and never sends a byte. */
export function liar(harness: Harness, stream: StreamInfo): { announce(n: number): void } {
  const connection = harness.network.connect('swarm-1', 'L');
  const peers = new Set<string>();
  connection.onPeerJoin((peerId) => peers.add(peerId));
  connection.onPeerLeave((peerId) => peers.delete(peerId));
  return {
    announce(n: number) {
      for (const peerId of peers) connection.send(peerId, codec.encode({ type: 'loading', streamId: stream.id, segmentIds: [String(n)] }));
    },
  };
}

/**
 * Plays segments `from`..`to` live: at each tick the newest segment `n` is listed by each viewer
 * at its phase and requested at once. `onTick(n)` runs when segment `n` appears at the origin.
 */
export async function playLive(options: { harness: Harness; viewers: Viewer[]; from: number; to: number; onTick?: (n: number) => void }): Promise<void> {
  const { harness, viewers, from, to } = options;
  const startMs = harness.clock.now() - from * SEGMENT_S * 1000;
  const playheadAt = (wallMs: number) => (wallMs - startMs) / 1000 - LIVE_DELAY_S;
  const pending: Array<Promise<void>> = [];
  const streamOf = (viewer: Viewer, n: number) => viewer.streamAt?.(n) ?? liveA;
  // Players report their position at each playlist reload, with the buffer up to the edge.
  const report = (viewer: Viewer) => viewer.core.updatePlayback({ currentTime: playheadAt(harness.clock.now()), playbackRate: 1, paused: false, bufferedAhead: LIVE_DELAY_S - SEGMENT_S });
  for (let n = from; n <= to; n++) {
    options.onTick?.(n);
    let elapsed = 0;
    for (const viewer of [...viewers].sort((a, b) => a.phaseMs - b.phaseMs)) {
      await harness.clock.advance(viewer.phaseMs - elapsed);
      elapsed = viewer.phaseMs;
      report(viewer);
      const stream = streamOf(viewer, n);
      const list = liveList(stream, n);
      viewer.core.setStreamSegments(stream, list);
      const segment = list[n - 1]!;
      pending.push(
        viewer.core.loadSegment({ stream, segment }).then((response) => {
          viewer.sources.set(segment.id, response.source);
          if (stream === liveA) viewer.slack.set(segment.id, segment.startTime - playheadAt(harness.clock.now()));
        }),
      );
    }
    await harness.clock.advance(SEGMENT_S * 1000 - elapsed);
  }
  await harness.clock.advance(10_000);
  await Promise.all(pending);
}

export function viewer(harness: Harness, name: string, phaseMs = 0, streamAt?: (n: number) => StreamInfo): Viewer {
  return { name, core: harness.core(name), phaseMs, streamAt, slack: new Map(), sources: new Map() };
}

/** Segments whose slack fell to the fallback margin (plus the expected transfer), i.e. below `limitS`. */
export function nearMargin(v: Viewer, limitS = 3.5): number {
  return [...v.slack.values()].filter((s) => s < limitS).length;
}
