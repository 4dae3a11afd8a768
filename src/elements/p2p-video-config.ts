/** The types of `<p2p-video>`'s `config` and `streamType`. */
import type { P2PConfig } from '../p2p/config.js';

/** `el.config`: settings that have no attribute. */
export interface P2PVideoConfig {
  /** P2P core settings; the P2P attributes win over these. */
  p2p?: Partial<P2PConfig>;
  /** hls.js config, passed through as-is. */
  hls?: Record<string, unknown>;
  /** Shaka Player `configure()` object, passed through as-is. */
  shaka?: Record<string, unknown>;
}

/** `el.streamType`, as media-chrome reads it. */
export type StreamType = 'live' | 'on-demand';

export const EMPTY_CONFIG: P2PVideoConfig = Object.freeze({});
