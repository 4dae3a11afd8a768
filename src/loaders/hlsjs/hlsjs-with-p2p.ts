/**
 * `withP2P(Hls)`: P2P for a page that runs hls.js itself. Returns a subclass (the page's `Hls`
 * is not modified) whose constructor takes a `p2p` option; everything else is the page's hls.js
 * config, as given. It reuses what `<p2p-video>`'s hls.js loader uses: `P2PSession`,
 * `HlsJsP2PBridge` and its fragment plugin, `buildHlsConfig()`.
 *
 * Precedence: fragments and init segments of video/audio levels load through the core, which
 * applies the page's `xhrSetup`/`fetchSetup` (and `p2p.httpRequest` after them) to its origin
 * fetches; the page's own `fLoader` gets what the core does not load (LL-HLS parts, subtitles,
 * everything when the core cannot start). Playlists are hls.js' business, untouched.
 */
import type Hls from 'hls.js';
import type { HlsConfig, MediaAttachingData } from 'hls.js';
import { P2PHandle, type P2POptions } from '../p2p-handle.js';
import { buildHlsConfig } from './hlsjs-config.js';
import type { HttpLoaderClass } from './hlsjs-fragment-plugin.js';
import { HlsJsP2PBridge } from './hlsjs-p2p-bridge.js';
import { hlsRequestSetup } from './hlsjs-request-setup.js';

/** The config of a `withP2P(Hls)` instance: hls.js' own, plus `p2p` (absent or `false` = plain hls.js). */
export type HlsP2PConfig = Partial<HlsConfig> & { p2p?: P2POptions | false };

/** An instance: the hls.js instance, plus `p2p` (undefined without P2P). */
export type HlsWithP2P<H extends Hls = Hls> = H & { readonly p2p: P2PHandle | undefined };

/** The class `withP2P()` returns: the statics of the page's `Hls` (Events, isSupported, …), and a constructor taking `p2p`. */
export type HlsP2PClass<T extends typeof Hls> = Omit<T, 'prototype'> & {
  new (config?: HlsP2PConfig): HlsWithP2P<InstanceType<T>>;
  prototype: HlsWithP2P<InstanceType<T>>;
};

/** Bridges by instance: a `#private` field could not be read by overrides hls.js' constructor may call. */
const bridges = new WeakMap<Hls, HlsJsP2PBridge>();

function mediaOf(data: HTMLMediaElement | MediaAttachingData): HTMLMediaElement | undefined {
  return (data as MediaAttachingData)?.media ?? (data as HTMLMediaElement | undefined);
}

export function withP2P<T extends typeof Hls>(HlsClass: T): HlsP2PClass<T> {
  const Base = HlsClass as typeof Hls;
  class HlsP2P extends Base {
    readonly p2p: P2PHandle | undefined;

    constructor({ p2p, ...hlsConfig }: HlsP2PConfig = {}) {
      const handle = p2p ? new P2PHandle({ options: p2p, engineRequestSetup: hlsRequestSetup(hlsConfig) }) : undefined;
      const bridge = handle && new HlsJsP2PBridge({ session: handle.session, httpLoader: hlsConfig.fLoader as HttpLoaderClass | undefined });
      super(bridge ? buildHlsConfig({ engineConfig: hlsConfig, bridge }) : hlsConfig);
      this.p2p = handle;
      if (bridge) {
        bridges.set(this, bridge);
        bridge.attach(this);
      }
    }

    override attachMedia(data: HTMLMediaElement | MediaAttachingData): void {
      super.attachMedia(data);
      this.p2p?.session.attachVideo(mediaOf(data));
    }

    override detachMedia(): void {
      super.detachMedia();
      this.p2p?.session.attachVideo(undefined);
    }

    override loadSource(url: string): void {
      super.loadSource(url);
      // After hls.js has sent the manifest request: the core never delays it.
      this.p2p?.setSource(url);
    }

    /** Also ends the P2P session (leaves the swarm; the core's own teardown is not awaited). */
    override destroy(): void {
      bridges.get(this)?.destroy();
      bridges.delete(this);
      super.destroy();
      void this.p2p?.destroy();
    }
  }
  return HlsP2P as unknown as HlsP2PClass<T>;
}
