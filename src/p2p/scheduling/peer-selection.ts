import type { PeerSwarm, RemotePeer } from '../peers/peer-swarm.js';
import type { SegmentInfo, SegmentRequest } from '../segment.js';
import { expectedTransferMs } from '../util/transfer-time.js';

/** Requests in flight to one peer (the uploader on the other side answers `absent` above 4). */
export const MAX_DOWNLOADS_PER_PEER = 3;

/**
 * The best peer to ask for a segment: it announced the segment, uploads, is not busy and has not
 * failed this segment before; least busy first, then fastest.
 */
export function pickPeer(options: { swarm: PeerSwarm; streamId: string; segmentId: string; exclude: ReadonlySet<string>; failed?: ReadonlySet<string> }): RemotePeer | undefined {
  const { swarm, streamId, segmentId, exclude, failed } = options;
  // One pass keeping the best (the first of equals, as a stable sort would): asked per segment
  // and per prefetch, a copy and sort of every peer was ~4 % of the simulator's profile.
  let best: RemotePeer | undefined;
  for (const peer of swarm.peers) {
    if (!peer.uploadEnabled || exclude.has(peer.id) || failed?.has(peer.id) || peer.activeDownloads >= MAX_DOWNLOADS_PER_PEER) continue;
    if (!peer.have.get(streamId)?.has(segmentId)) continue;
    if (!best || peer.activeDownloads < best.activeDownloads || (peer.activeDownloads === best.activeDownloads && (peer.bytesPerMs ?? 0) > (best.bytesPerMs ?? 0))) best = peer;
  }
  return best;
}

/** Expected time to get a segment from a peer, ms (`segment.expectedBytes`: see `expectedSegmentBytes`). */
export function expectedP2PMs(peer: RemotePeer, segment: Pick<SegmentInfo, 'expectedBytes'>): number {
  return expectedTransferMs({ bytesPerMs: peer.bytesPerMs, expectedBytes: segment.expectedBytes });
}

/**
 * Bytes to expect of a segment when timing a transfer: the manifest's size, else the largest
 * stored segment of its stream. A timing guess only, never a size check. HLS gives no sizes, and
 * the 1 MiB assumed for an unknown one made a 200 KB segment look five times too slow for a
 * 3 Mbit/s peer: `deadline` was the simulator's largest origin reason when it ran real sizes.
 */
export function expectedSegmentBytes(request: SegmentRequest, store: { largestSegmentBytes(streamId: string): number | undefined }): number | undefined {
  return request.segment.expectedBytes ?? store.largestSegmentBytes(request.stream.id);
}
