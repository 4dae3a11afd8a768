/**
 * One `<p2p-video>` viewer on an "iPhone" page (see install-iphone-media.ts), as the test page and
 * the second-viewer frame (own module graph, so its own Trystero peer) build it.
 */
import { shim } from './install-iphone-media.js';
import '../../../../src/p2p-video.ts';
import type { P2PVideoElement } from '../../../../src/elements/p2p-video.ts';
import type { ManagedMediaSourceShim } from './managed-media-source-shim.js';

export interface MmsViewerOptions {
  src: string;
  tracker: string;
  swarmId: string;
  /** Sets the `disableremoteplayback` attribute before the source loads. */
  disableRemotePlayback?: boolean;
}

export interface MmsViewer {
  el: P2PVideoElement;
  shim: ManagedMediaSourceShim;
}

/** A muted `<p2p-video>` with P2P on the local tracker, loaded and playing. */
export async function startMmsViewer({ src, tracker, swarmId, disableRemotePlayback }: MmsViewerOptions): Promise<MmsViewer> {
  const el = document.createElement('p2p-video');
  el.setAttribute('src', src);
  el.setAttribute('trackers', tracker);
  el.setAttribute('ice-servers', '');
  el.setAttribute('swarm-id', swarmId);
  el.setAttribute('muted', '');
  el.setAttribute('playsinline', '');
  if (disableRemotePlayback) el.setAttribute('disableremoteplayback', '');
  el.style.width = '320px';
  document.body.append(el);
  await el.loadComplete;
  el.play().catch(() => undefined);
  return { el, shim };
}
