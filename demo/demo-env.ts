/** Where the demo's origin and tracker are (start-demo.ts passes them through Vite), and what to play. */
export const ORIGIN: string = import.meta.env.VITE_ORIGIN ?? `http://${location.hostname}:8180`;
export const TRACKER: string = import.meta.env.VITE_TRACKER ?? `ws://${location.hostname}:8190`;
export const DEFAULT_SOURCE = `${ORIGIN}/vod/hls-ts/master.m3u8`;

/** The source in the URL hash (`#src=…`), which a second tab or a viewer frame inherits. */
export function sourceFromHash(): string | undefined {
  return new URLSearchParams(location.hash.slice(1)).get('src') ?? undefined;
}

/**
 * What a viewer frame posts to the page that holds it (on start and with every stats update), so
 * the page can name it in its peer list and add its bytes to the swarm's.
 */
export interface ViewerReport {
  kind: 'p2p-demo-viewer';
  /** The frame's Trystero peer id, the id other viewers see it by; once known. */
  peerId?: string;
  httpBytes: number;
  p2pBytes: number;
}

export function isViewerReport(data: unknown): data is ViewerReport {
  const report = data as Partial<ViewerReport> | null;
  return (
    typeof report === 'object' && report !== null && report.kind === 'p2p-demo-viewer' &&
    (report.peerId === undefined || typeof report.peerId === 'string') &&
    Number.isFinite(report.httpBytes) && Number.isFinite(report.p2pBytes)
  );
}

/**
 * This page's peer id. Trystero makes one per loaded module (`selfId`), so it is the id of every
 * core in this page; the element has no API for it, and the demo only needs it to put names on
 * peer ids. Loaded on demand: the same module instance the transport uses, after it loaded it.
 */
export async function ownPeerId(): Promise<string> {
  return (await import('@trystero-p2p/core')).selfId;
}
