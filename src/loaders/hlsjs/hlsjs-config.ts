/**
 * The hls.js config with P2P on, one builder for `<p2p-video>`'s loader and `withP2P(Hls)`.
 * Imports hls.js for types only.
 */
import type { HlsConfig } from 'hls.js';
import type { HlsJsP2PBridge } from './hlsjs-p2p-bridge.js';

/**
 * hls.js settings when P2P is on. hls.js buffers `max(maxBufferLength, 8 * maxBufferSize / bitrate)`
 * seconds ahead (base-stream-controller.ts `getMaxBufferLength`, capped by `maxMaxBufferLength`);
 * with its 60 MB default that is a whole short VOD fetched over HTTP at start (measured: all 150
 * segments of a 5-minute 1 Mbit/s VOD in 10 s). Bounded here so the core, not hls.js, decides what
 * to prefetch (from peers). Any of these can be overridden through `engineConfig`.
 */
export const HLS_P2P_DEFAULTS: Readonly<Partial<HlsConfig>> = Object.freeze({
  maxBufferLength: 30,
  maxMaxBufferLength: 60,
  maxBufferSize: 0,
});

/**
 * Builds the hls.js config: P2P defaults, then the page's `engineConfig`, then our loader. The
 * page's own `fLoader` is not lost: the bridge was given it for what the core does not load.
 */
export function buildHlsConfig({ engineConfig, bridge }: { engineConfig?: Record<string, unknown>; bridge?: HlsJsP2PBridge }): Partial<HlsConfig> {
  const config: Partial<HlsConfig> = { ...(bridge ? HLS_P2P_DEFAULTS : {}), ...(engineConfig as Partial<HlsConfig>) };
  // iOS 17.1+ has only ManagedMediaSource; hls.js 1.7.1+ no longer prefers it by default.
  if (typeof globalThis.MediaSource !== 'function' && config.preferManagedMediaSource === undefined) {
    config.preferManagedMediaSource = true;
  }
  if (bridge) config.fLoader = bridge.fragmentPlugin;
  return config;
}
