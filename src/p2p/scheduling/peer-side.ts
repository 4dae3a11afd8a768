import type { P2PConfig } from '../config.js';
import type { Clock, Logger } from '../deps.js';
import { P2PError, P2PErrorCode } from '../errors.js';
import { PeerDownloader, type SegmentVerifier } from '../peers/peer-downloader.js';
import { PeerOffense, type PeerScores } from '../peers/peer-score.js';
import { PeerSwarm, type DisconnectReason, type RemotePeer } from '../peers/peer-swarm.js';
import { PeerUploader } from '../peers/peer-uploader.js';
import { PROTOCOL_VERSION } from '../protocol/protocol.js';
import { ProtocolCodec } from '../protocol/protocol-codec.js';
import type { SegmentStore } from '../storage/segment-store.js';
import type { SwarmConnection } from '../transport/transport.js';

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
  scores: PeerScores;
  onPeerConnected(peer: RemotePeer): void;
  onPeerDisconnected(peerId: string, reason: DisconnectReason): void;
  /** A peer announced new segments of a stream. */
  onAvailable(streamId: string, segmentIds: readonly string[]): void;
  onOffense(peerId: string, offense: PeerOffense, detail: string): void;
  onRejected(rejection: { peerId: string; streamId: string; segmentId: string; bytes: number; reason: string; offense: PeerOffense }): void;
  onUploaded(upload: { peerId: string; streamId: string; segmentId: string; bytes: number }): void;
  onWarning(error: P2PError): void;
}

/** Wires a joined swarm connection to the store, the scores and the scheduler's callbacks. */
export function connectPeerSide(options: PeerSideOptions): PeerSide {
  const { config, clock, logger, store, scores } = options;
  let downloader: PeerDownloader | undefined;
  let uploader: PeerUploader | undefined;
  const swarm = new PeerSwarm({
    connection: options.connection,
    codec: new ProtocolCodec({ maxSegmentBytes: config.maxSegmentBytes }),
    clock,
    logger,
    maxPeers: config.maxPeers,
    uploadEnabled: config.uploadEnabled,
    holdings: () => new Map(store.streamIds().map((id) => [id, store.segmentIds(id)])),
    handlers: {
      peerConnected: (peer) => options.onPeerConnected(peer),
      peerDisconnected: (peerId, reason) => {
        downloader?.peerGone(peerId);
        uploader?.peerGone(peerId);
        scores.left(peerId);
        options.onPeerDisconnected(peerId, reason);
      },
      availabilityChanged: (peerId, streamId, added) => {
        uploader?.confirm(peerId, streamId, added);
        options.onAvailable(streamId, added);
      },
      transferMessage: (peerId, message) => {
        if (message.type === 'request' || message.type === 'cancel') uploader?.handle(peerId, message);
        else downloader?.handle(peerId, message);
      },
      offense: options.onOffense,
      unsupportedVersion: (peerId, version) => {
        const message = `Peer ${peerId} speaks protocol version ${version}, we speak ${PROTOCOL_VERSION}: dropped`;
        options.onWarning(new P2PError({ code: P2PErrorCode.UnsupportedProtocolVersion, message }));
      },
      warning: (warning) => options.onWarning(new P2PError({ code: warning.code, message: warning.message })),
    },
  });
  downloader = new PeerDownloader({
    swarm,
    clock,
    p2pTimeoutMs: config.p2pTimeoutMs,
    verify: options.verify,
    onRejected: ({ transfer, bytes, reason, offense }) => options.onRejected({ ...transfer, bytes, reason, offense }),
    onOffense: options.onOffense,
    onVerified: (peerId) => scores.reward(peerId),
  });
  uploader = new PeerUploader({
    swarm,
    store,
    clock,
    isUploadEnabled: () => config.uploadEnabled,
    onUploaded: options.onUploaded,
    onOffense: options.onOffense,
  });
  return { swarm, downloader, uploader };
}
