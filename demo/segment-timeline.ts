/**
 * Every segment the player got, in order, as a strip of blocks coloured by source (origin, peer,
 * own cache). Hovering a block says which segment, how big, from which peer or why the origin.
 */
import { formatBytes, shortPeerId } from './format.ts';
import type { TimelineEntry } from './viewer-monitor.ts';

export class SegmentTimeline {
  readonly #list: HTMLOListElement;
  readonly #nameOf: (peerId: string) => string | undefined;

  constructor({ list, nameOf }: { list: HTMLOListElement; nameOf: (peerId: string) => string | undefined }) {
    this.#list = list;
    this.#nameOf = nameOf;
  }

  render(entries: readonly TimelineEntry[]): void {
    const items = this.#list.children;
    // Entries only get appended (and the oldest dropped): reuse what is there.
    while (items.length > entries.length) items[0]!.remove();
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      const item = (items[i] as HTMLLIElement | undefined) ?? this.#list.appendChild(document.createElement('li'));
      item.className = entry.source;
      item.dataset.source = entry.source;
      if (entry.httpReason) item.dataset.reason = entry.httpReason;
      item.title = this.#describe(entry);
    }
  }

  #describe(entry: TimelineEntry): string {
    const what = `#${entry.segmentId} (${entry.streamId}) · ${formatBytes(entry.bytes)}`;
    if (entry.source === 'p2p') {
      const peer = entry.peerId === undefined ? 'a peer' : (this.#nameOf(entry.peerId) ?? `peer ${shortPeerId(entry.peerId)}`);
      return `${what} · from ${peer}`;
    }
    if (entry.source === 'cache') return `${what} · from this viewer's own store`;
    return `${what} · from the origin: ${entry.httpReason ?? 'reason not reported'}`;
  }
}
