/**
 * `p2p-video/shaka`: P2P segment sharing for a page that already runs Shaka Player.
 *
 * ```js
 * import shaka from 'shaka-player';
 * import { installP2P } from 'p2p-video/shaka';
 * const player = new shaka.Player();
 * const p2p = installP2P(player, { shaka, trackers: ['wss://tracker.example'] });
 * await player.attach(video); await player.load(url);
 * ```
 * Shaka is passed in, never imported; this entry pulls in neither Lit nor media-chrome.
 */
export { installP2P, ShakaP2P } from '../loaders/shaka/shaka-install-p2p.js';
export type { ShakaP2POptions } from '../loaders/shaka/shaka-install-p2p.js';
export { P2PHandle } from '../loaders/p2p-handle.js';
export type { P2POptions } from '../loaders/p2p-handle.js';
export type { HttpRequestChanges, HttpRequestHook, HttpRequestInfo, P2PConfig } from '../p2p/config.js';
export type { P2PEventMap, P2PEventName, P2PStats } from '../p2p/events.js';
