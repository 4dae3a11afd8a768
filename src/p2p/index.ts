/** Public API of the P2P core: the facade and its types. */
export { P2PCore } from './p2p-core.js';
export type { P2PCoreOptions, P2PDeps, Clock, Logger } from './p2p-core.js';
export { P2PError, P2PErrorCode, isAbortError } from './errors.js';
export type { P2PErrorOptions } from './errors.js';
export { DEFAULT_P2P_CONFIG } from './config.js';
export type { P2PConfig, RTCIceServerLike, HttpRequestHook, HttpRequestInfo, HttpRequestChanges } from './config.js';
export { deriveSwarmId, renditionKey } from './swarm-id.js';
export type { RenditionProperties } from './swarm-id.js';
export type { P2PEventMap, P2PEventName, P2PEventListener, P2PStats } from './events.js';
export { HttpReason } from './http/http-reason.js';
export type { HttpReasonCount } from './http/http-reason.js';
export type * from './segment.js';
export type { Transport, SwarmConnection, TransportWarning } from './transport/transport.js';
export type { SegmentVerifier } from './peers/peer-downloader.js';
