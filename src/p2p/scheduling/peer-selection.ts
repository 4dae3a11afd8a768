import type { PeerSwarm, RemotePeer } from '../peers/peer-swarm.js';
import type { SegmentInfo } from '../segment.js';
import { expectedTransferMs } from '../util/transfer-time.js';

/** Requests in flight to one peer (the uploader on the other side answers `absent` above 4). */
export const MAX_DOWNLOADS_PER_PEER = 3;

/**
 * The best peer to ask for a segment: it announced the segment, uploads, is not busy and has not
 * failed this segment before; least busy first, then fastest.
 */
export function pickPeer(options: { swarm: PeerSwarm; streamId: string; segmentId: string; exclude: ReadonlySet<string>; failed?: ReadonlySet<string> }): RemotePeer | undefined {
  const { swarm, streamId, segmentId, exclude, failed } = options;
  const candidates = [...swarm.peers].filter(
    (peer) => peer.uploadEnabled && !exclude.has(peer.id) && !failed?.has(peer.id) && peer.activeDownloads < MAX_DOWNLOADS_PER_PEER && peer.have.get(streamId)?.has(segmentId),
  );
  candidates.sort((a, b) => a.activeDownloads - b.activeDownloads || (b.bytesPerMs ?? 0) - (a.bytesPerMs ?? 0));
  return candidates[0];
}

/** Expected time to get a segment from a peer, ms. */
export function expectedP2PMs(peer: RemotePeer, segment: SegmentInfo): number {
  return expectedTransferMs({ bytesPerMs: peer.bytesPerMs, expectedBytes: segment.expectedBytes });
}
