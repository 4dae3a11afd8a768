/**
 * The demo page with `?viewer`: one more viewer, small, for a frame of the main demo page (see
 * viewer-frames.ts). A player, its own traffic and its segments by source; it reports its peer
 * id and bytes to the page holding it, so that page can name it and count it in the swarm.
 */
import type { P2PStats } from '../src/index.ts';
import { DEFAULT_SOURCE, TRACKER, ownPeerId, sourceFromHash, type ViewerReport } from './demo-env.ts';
import { formatBytes } from './format.ts';
import { SegmentTimeline } from './segment-timeline.ts';
import { ViewerMonitor } from './viewer-monitor.ts';

export function mountCompactViewer(): void {
  document.body.className = 'compact';
  document.body.innerHTML = `
    <p2p-video muted playsinline ice-servers=""></p2p-video>
    <div class="share" aria-hidden="true"><div class="share-bar"></div></div>
    <dl class="mini-stats">
      <dt>From peers</dt><dd data-field="p2pRatio">0 %</dd>
      <dt>HTTP</dt><dd data-field="httpBytes">0 B</dd>
      <dt>P2P</dt><dd data-field="p2pBytes">0 B</dd>
      <dt>Upload</dt><dd data-field="uploadBytes">0 B</dd>
      <dt>Peers</dt><dd data-field="peers">0</dd>
    </dl>
    <ol class="timeline mini"></ol>`;
  const player = document.querySelector('p2p-video')!;
  const field = (name: string) => document.querySelector<HTMLElement>(`[data-field="${name}"]`)!;
  let peerId: string | undefined;
  const report = (stats: P2PStats): void => {
    const message: ViewerReport = { kind: 'p2p-demo-viewer', httpBytes: stats.httpBytes, p2pBytes: stats.p2pBytes, ...(peerId ? { peerId } : {}) };
    if (parent !== window) parent.postMessage(message, location.origin);
  };
  player.addEventListener('p2pstats', ({ detail }: CustomEvent<P2PStats>) => {
    field('p2pRatio').textContent = `${Math.round(detail.p2pRatio * 100)} %`;
    field('httpBytes').textContent = formatBytes(detail.httpBytes);
    field('p2pBytes').textContent = formatBytes(detail.p2pBytes);
    field('uploadBytes').textContent = formatBytes(detail.uploadBytes);
    field('peers').textContent = String(detail.peers);
    document.querySelector<HTMLElement>('.share-bar')!.style.width = `${detail.p2pRatio * 100}%`;
    report(detail);
  });
  const timeline = new SegmentTimeline({ list: document.querySelector<HTMLOListElement>('.timeline')!, nameOf: () => undefined });
  // Lives as long as the frame's page: removing the frame unloads it.
  const monitor = new ViewerMonitor({ element: player, onChange: () => timeline.render(monitor.timeline) });
  player.setAttribute('trackers', TRACKER);
  player.setAttribute('src', sourceFromHash() ?? DEFAULT_SOURCE);
  player.play().catch(() => undefined); // muted autoplay; the play button still works if refused
  void ownPeerId().then((id) => {
    peerId = id;
    report(player.stats);
  });
}
