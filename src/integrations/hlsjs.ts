/**
 * `p2p-video/hlsjs`: P2P segment sharing for a page that already runs hls.js.
 *
 * ```js
 * import Hls from 'hls.js';
 * import { withP2P } from 'p2p-video/hlsjs';
 * const hls = new (withP2P(Hls))({ p2p: { trackers: ['wss://tracker.example'] } });
 * ```
 * hls.js is passed in, never imported; this entry pulls in neither Lit nor media-chrome.
 */
export { withP2P } from '../loaders/hlsjs/hlsjs-with-p2p.js';
export type { HlsP2PClass, HlsP2PConfig, HlsWithP2P } from '../loaders/hlsjs/hlsjs-with-p2p.js';
export { P2PHandle } from '../loaders/p2p-handle.js';
export type { P2POptions } from '../loaders/p2p-handle.js';
export type { HttpRequestChanges, HttpRequestHook, HttpRequestInfo, P2PConfig } from '../p2p/config.js';
export type { P2PEventMap, P2PEventName, P2PStats } from '../p2p/events.js';
