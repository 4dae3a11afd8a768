import type { P2PConfig } from '../config.js';
import type { Clock, Logger } from '../deps.js';
import { P2PError, P2PErrorCode } from '../errors.js';
import { PeerDownloader, type SegmentVerifier } from '../peers/peer-downloader.js';
import type { P2PEventMap, P2PEventName } from '../events.js';
import type { PeerOffense } from '../peers/peer-score.js';
import { PeerSwarm, type PeerSwarmHandlers, type RemotePeer } from '../peers/peer-swarm.js';
import { PeerUploader } from '../peers/peer-uploader.js';
import { plausibleSegmentBytes } from '../peers/segment-size-bound.js';
import { PROTOCOL_VERSION } from '../protocol/protocol.js';
import { ProtocolCodec } from '../protocol/protocol-codec.js';
import type { SegmentStore } from '../storage/segment-store.js';
import { segmentKey } from '../segment.js';
import type { SwarmConnection } from '../transport/transport.js';
import type { AvailabilityWaiters } from './availability-waiters.js';
import type { PeerDiscipline } from './peer-discipline.js';
import type { Prefetcher } from './prefetcher.js';
import type { StreamRegistry } from './stream-registry.js';
import type { TrafficCounters } from './traffic-counters.js';

/** The peer side of one core: membership and announcements, downloads, uploads. */
export interface PeerSide {
  swarm: PeerSwarm;
  downloader: PeerDownloader;
  uploader: PeerUploader;
}

export interface PeerSideOptions {
  connection: SwarmConnection;
  config: Readonly<P2PConfig>;
  clock: Clock;
  logger: Logger;
  verify: SegmentVerifier;
  store: SegmentStore;
  emit: <K extends P2PEventName>(name: K, payload: P2PEventMap[K]) => void;
  /** Scores and bans misbehaving peers, counts rejected bytes. */
  discipline: PeerDiscipline;
  counters: TrafficCounters;
  registry: StreamRegistry;
  /** Demands waiting for segments a peer now announces are woken. */
  waiters: AvailabilityWaiters;
  /** Runs when a peer connects or announces segments. */
  prefetcher: Prefetcher;
  onPeerConnected(peer: RemotePeer): void;
}

/** Wires a joined swarm connection to the store, the scores and the scheduler's callbacks. */
export function connectPeerSide(options: PeerSideOptions): PeerSide {
  const { config, clock, logger, store, emit, discipline, counters, registry } = options;
  const onOffense = (peerId: string, offense: PeerOffense, detail: string): void => discipline.offense(peerId, offense, detail);
  // The swarm's handlers reach the downloader and uploader, which need the swarm: set just below.
  const side: Partial<PeerSide> = {};
  counters.countTrackerMessages(options.connection);
  const swarm = new PeerSwarm({
    connection: options.connection,
    codec: new ProtocolCodec({ maxSegmentBytes: config.maxSegmentBytes }),
    clock,
    logger,
    maxPeers: config.maxPeers,
    uploadEnabled: config.uploadEnabled,
    holdings: () => new Map(store.streamIds().map((id) => [id, store.segmentIds(id)])),
    handlers: swarmHandlers(options, side, onOffense),
  });
  const downloader = new PeerDownloader({
    swarm,
    clock,
    p2pTimeoutMs: config.p2pTimeoutMs,
    verify: options.verify,
    onRejected: ({ transfer, bytes, reason, offense }) => discipline.rejected({ ...transfer, bytes, reason, offense }),
    onOffense,
    onVerified: (peerId) => discipline.scores.reward(peerId),
    maxSegmentBytes: (streamId) =>
      plausibleSegmentBytes({ largestOfStream: store.largestSegmentBytes(streamId), largestOfAny: store.largestSegmentBytes(), maxSegmentBytes: config.maxSegmentBytes }),
  });
  const uploader = new PeerUploader({
    swarm,
    store,
    clock,
    isUploadEnabled: () => config.uploadEnabled,
    uploadLimitBitsPerSecond: config.uploadLimitBitsPerSecond,
    bufferedAheadSegments: () => registry.bufferedAheadSegments(),
    onUploaded: ({ peerId, streamId, segmentId, bytes }) => {
      counters.record({ kind: 'upload', bytes });
      const stream = registry.stream(streamId);
      if (stream) emit('segmentUploaded', { stream, segmentId, peerId, bytes });
    },
    onOffense,
  });
  Object.assign(side, { swarm, downloader, uploader });
  return { swarm, downloader, uploader };
}

/** What the swarm reports: membership, announcements, transfer messages, misbehaviour. */
function swarmHandlers(options: PeerSideOptions, side: Partial<PeerSide>, onOffense: PeerSwarmHandlers['offense']): PeerSwarmHandlers {
  const { emit, discipline, waiters, prefetcher } = options;
  const onWarning = (error: P2PError): void => emit('warning', { error });
  return {
    peerConnected: (peer) => {
      options.onPeerConnected(peer);
      side.uploader?.peerJoined(peer.id);
      emit('peerConnected', { peerId: peer.id });
      prefetcher.schedule();
    },
    peerDisconnected: (peerId, reason) => {
      side.downloader?.peerGone(peerId);
      side.uploader?.peerGone(peerId);
      discipline.scores.left(peerId);
      emit('peerDisconnected', { peerId, reason });
    },
    availabilityChanged: (peerId, streamId, added) => {
      side.uploader?.confirm(peerId, streamId, added);
      for (const id of added) waiters.wake(segmentKey(streamId, id));
      // Only news the prefetcher can use: a segment of what we play that we do not hold (every
      // neighbour announces each segment it gets; a pump per announcement was ~10 % of a simulation).
      if (streamId === options.registry.activeStreamId && added.some((id) => !options.store.has(streamId, id))) prefetcher.schedule();
    },
    transferMessage: (peerId, message) => {
      if (message.type === 'request' || message.type === 'cancel') side.uploader?.handle(peerId, message);
      else side.downloader?.handle(peerId, message);
    },
    offense: onOffense,
    unsupportedVersion: (peerId, version) => {
      const message = `Peer ${peerId} speaks protocol version ${version}, we speak ${PROTOCOL_VERSION}: dropped`;
      onWarning(new P2PError({ code: P2PErrorCode.UnsupportedProtocolVersion, message }));
    },
    warning: (warning) => onWarning(new P2PError({ code: warning.code, message: warning.message })),
  };
}
