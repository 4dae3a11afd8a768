/**
 * One Shaka viewer as a page builds it: its own `shaka.Player`, its own request filter, then
 * `installP2P()` before `load()`. Used by the test page itself and by the frame that plays the
 * second viewer (a frame has its own module instances, so its own Trystero peer id).
 */
import type shakaNamespace from 'shaka-player/dist/shaka-player.dash.js';
import { installP2P, type ShakaP2P, type ShakaP2POptions } from '../../../src/integrations/shaka.js';
import { loadShaka } from '../../../src/loaders/shaka/shaka-module.js';

export interface ShakaViewer {
  player: shakaNamespace.Player;
  p2p: ShakaP2P;
  video: HTMLVideoElement;
  /** Segment requests the page's own filter saw (Shaka's own and the core's dry runs). */
  filteredSegmentRequests: string[];
}

export interface ShakaViewerOptions {
  src: string;
  p2p: Omit<ShakaP2POptions, 'shaka'>;
  /** The page's request filter adds this header (`[name, value]`) to every segment request. */
  header?: [string, string];
  /** The page's filter sets `allowCrossSiteCredentials` (Shaka's switch for cookies). */
  withCredentials?: boolean;
  /** Another filter of the page, registered after `installP2P()`. */
  lateFilter?: shakaNamespace.extern.RequestFilter;
  /** The video's `crossOrigin`. */
  crossOrigin?: string;
}

const RequestTypeSegment = 1;

export async function startShakaViewer({ src, p2p: options, header, withCredentials, lateFilter, crossOrigin }: ShakaViewerOptions): Promise<ShakaViewer> {
  const shaka = await loadShaka();
  const video = document.createElement('video');
  video.muted = true;
  video.width = 320;
  if (crossOrigin) video.crossOrigin = crossOrigin;
  document.body.append(video);
  const player = new shaka.Player();
  await player.attach(video);
  const filteredSegmentRequests: string[] = [];
  player.getNetworkingEngine()!.registerRequestFilter((type, request) => {
    if (type !== RequestTypeSegment) return;
    filteredSegmentRequests.push(request.uris[0] ?? '');
    if (header) request.headers[header[0]] = header[1];
    if (withCredentials) request.allowCrossSiteCredentials = true;
  });
  const p2p = installP2P(player, { ...options, shaka });
  if (lateFilter) player.getNetworkingEngine()!.registerRequestFilter(lateFilter);
  await player.load(src);
  video.play().catch(() => undefined);
  return { player, p2p, video, filteredSegmentRequests };
}
