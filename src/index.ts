/**
 * Package entry: the element classes and types, without registering anything.
 * Import `p2p-video/define` (or the `p2p-video.js` bundle) to register the tags.
 */
export { P2PVideoElement } from './elements/p2p-video.js';
export type { P2PVideoConfig, StreamType } from './elements/p2p-video.js';
export { P2PStatsDisplay } from './elements/p2p-stats-display.js';
export { EMPTY_P2P_STATS } from './elements/events.js';
export type { P2PPeerEventDetail, P2PSegmentLoadDetail, P2PWarningDetail } from './elements/events.js';
export type { EngineName, PlayerError, Rendition, MediaLoader, P2PWarningCode } from './loaders/media-loader.js';
export { LoaderWarningCode, MediaErrorCode, PlayerErrorDetail } from './loaders/media-loader.js';
export type { P2PConfig, RTCIceServerLike } from './p2p/config.js';
export { DEFAULT_P2P_CONFIG } from './p2p/config.js';
export type { P2PStats } from './p2p/events.js';
