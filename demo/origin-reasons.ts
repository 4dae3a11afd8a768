/**
 * Origin bytes by reason (`stats.httpByReason`): every byte the origin served this viewer has a
 * reason, so every one can be argued with. A bar per reason that occurred, widest first.
 */
import { formatBytes } from './format.ts';
import type { P2PStats } from '../src/index.ts';

/** What each reason means, in a few words (the reasons themselves are in src/p2p/http/http-reason.ts). */
const EXPLAINED: Record<string, string> = {
  startup: 'first segments, before any peer',
  'not-connected': 'no peer connected',
  'no-peer-has-it': 'no peer announced it',
  'rendition-not-held': 'no peer holds this rendition',
  deadline: 'too little time for a peer',
  'peer-failed': 'a peer transfer failed',
  'peer-too-slow': 'a peer was too slow',
  'verification-refetch': 'peer bytes failed verification',
  'live-elected': 'elected to fetch the live edge for the swarm',
};

export class OriginReasons {
  readonly #list: HTMLElement;

  constructor(list: HTMLElement) {
    this.#list = list;
  }

  render(stats: P2PStats): void {
    const rows = Object.entries(stats.httpByReason)
      .filter(([, count]) => count.bytes > 0)
      .sort(([, a], [, b]) => b.bytes - a.bytes);
    if (rows.length === 0) {
      this.#list.innerHTML = '<p class="empty">Nothing from the origin yet.</p>';
      return;
    }
    const total = rows.reduce((sum, [, count]) => sum + count.bytes, 0);
    this.#list.replaceChildren(
      ...rows.map(([reason, count]) => {
        const row = document.createElement('div');
        row.className = 'reason';
        row.dataset.reason = reason;
        row.dataset.bytes = String(count.bytes);
        row.title = `${EXPLAINED[reason] ?? reason}: ${count.requests} request${count.requests === 1 ? '' : 's'}`;
        row.innerHTML = '<span class="name"></span><span class="bytes"></span><span class="bar"><span></span></span>';
        row.querySelector('.name')!.textContent = reason;
        row.querySelector('.bytes')!.textContent = `${formatBytes(count.bytes)} · ${Math.round((count.bytes / total) * 100)} %`;
        row.querySelector<HTMLElement>('.bar > span')!.style.width = `${(count.bytes / total) * 100}%`;
        return row;
      }),
    );
  }
}
