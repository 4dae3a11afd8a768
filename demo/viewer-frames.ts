/**
 * "Add a viewer": more viewers of the same source in this tab, each in an `<iframe>` of the demo
 * page with `?viewer`, which renders a compact viewer with its own small stats.
 *
 * Why frames and not a second `<p2p-video>` next to the first: Trystero keeps one peer id per
 * loaded module (`selfId`) and one room per app id and room id in a page (`joinRoom` returns the
 * room already joined), and drops tracker offers that carry its own id. Two cores in one page
 * would share one room and one id and could never connect to each other. A frame is its own page
 * context: its own module instances, its own id, a real second peer.
 */
import { isViewerReport } from './demo-env.ts';

export class ViewerFrames {
  readonly #container: HTMLElement;
  readonly #onChange: () => void;
  /** Peer id → viewer name, as the frames announce themselves. */
  readonly #names = new Map<string, string>();
  readonly #frames = new Map<Window, { name: string; figure: HTMLElement; httpBytes: number; p2pBytes: number }>();
  #next = 2;

  /** `onChange`: a frame was added, removed or reported. */
  constructor({ container, onChange }: { container: HTMLElement; onChange: () => void }) {
    this.#container = container;
    this.#onChange = onChange;
    addEventListener('message', this.#onMessage);
  }

  get count(): number {
    return this.#container.querySelectorAll('figure').length;
  }

  /** Bytes the viewers in frames loaded, as they last reported. */
  get totals(): { httpBytes: number; p2pBytes: number } {
    let httpBytes = 0;
    let p2pBytes = 0;
    for (const frame of this.#frames.values()) {
      httpBytes += frame.httpBytes;
      p2pBytes += frame.p2pBytes;
    }
    return { httpBytes, p2pBytes };
  }

  nameOf(peerId: string): string | undefined {
    return this.#names.get(peerId);
  }

  /** Names this page's own peer id (the page is "viewer 1"). */
  nameSelf(peerId: string): void {
    this.#names.set(peerId, 'viewer 1 (this one)');
    this.#onChange();
  }

  /** Opens one more viewer of `src` (the hash carries it into the frame). */
  add(src: string): void {
    const name = `viewer ${this.#next++}`;
    const figure = document.createElement('figure');
    figure.className = 'viewer';
    figure.dataset.viewer = name;
    figure.innerHTML = '<figcaption><span></span><button type="button" class="remove" title="Remove this viewer">Remove</button></figcaption><iframe allow="autoplay" loading="eager"></iframe>';
    figure.querySelector('span')!.textContent = name;
    const frame = figure.querySelector('iframe')!;
    frame.title = name;
    frame.src = `${location.pathname}?viewer=${encodeURIComponent(name)}#src=${encodeURIComponent(src)}`;
    figure.querySelector('button')!.addEventListener('click', () => this.#remove(figure, frame));
    this.#container.append(figure);
    // A frame's contentWindow (a WindowProxy) exists once it is in the document and stays the same across its navigation; messages come from it.
    this.#frames.set(frame.contentWindow!, { name, figure, httpBytes: 0, p2pBytes: 0 });
    this.#onChange();
  }

  destroy(): void {
    removeEventListener('message', this.#onMessage);
    for (const { figure } of this.#frames.values()) figure.remove();
    this.#frames.clear();
  }

  #remove(figure: HTMLElement, frame: HTMLIFrameElement): void {
    // Removing the frame unloads its page: its core leaves the swarm and the peers see it go.
    if (frame.contentWindow) this.#frames.delete(frame.contentWindow);
    figure.remove();
    this.#onChange();
  }

  readonly #onMessage = (event: MessageEvent): void => {
    const frame = event.source ? this.#frames.get(event.source as Window) : undefined;
    if (!frame || event.origin !== location.origin || !isViewerReport(event.data)) return;
    if (event.data.peerId !== undefined) this.#names.set(event.data.peerId, frame.name);
    frame.httpBytes = event.data.httpBytes;
    frame.p2pBytes = event.data.p2pBytes;
    this.#onChange();
  };
}
