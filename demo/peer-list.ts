/** The peers of one viewer: who they are, whether still connected, and the bytes each way. */
import { formatBytes, shortPeerId } from './format.ts';
import type { PeerTraffic } from './viewer-monitor.ts';

export class PeerList {
  readonly #body: HTMLTableSectionElement;
  readonly #nameOf: (peerId: string) => string | undefined;

  /** `nameOf`: a readable name for a peer id (the demo's own viewers announce theirs), if known. */
  constructor({ body, nameOf }: { body: HTMLTableSectionElement; nameOf: (peerId: string) => string | undefined }) {
    this.#body = body;
    this.#nameOf = nameOf;
  }

  render(peers: readonly PeerTraffic[]): void {
    if (peers.length === 0) {
      this.#body.innerHTML = '<tr class="empty"><td colspan="3">No peers yet: add a viewer.</td></tr>';
      return;
    }
    this.#body.replaceChildren(...peers.map((peer) => this.#row(peer)));
  }

  #row(peer: PeerTraffic): HTMLTableRowElement {
    const row = document.createElement('tr');
    row.dataset.peer = peer.peerId;
    row.dataset.received = String(peer.receivedBytes);
    row.dataset.sent = String(peer.sentBytes);
    row.classList.toggle('gone', !peer.connected);
    const name = this.#nameOf(peer.peerId);
    const who = document.createElement('td');
    who.title = `${peer.peerId}${peer.connected ? '' : ' (disconnected)'}`;
    who.innerHTML = '<span class="dot"></span><code></code>';
    who.querySelector('code')!.textContent = name ? `${name} · ${shortPeerId(peer.peerId)}` : shortPeerId(peer.peerId);
    row.append(who, cell(formatBytes(peer.receivedBytes), 'received'), cell(formatBytes(peer.sentBytes), 'sent'));
    return row;
  }
}

function cell(text: string, className: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.className = className;
  td.textContent = text;
  return td;
}
