import { LitElement, css, html } from 'lit';
import type { PropertyDeclarations } from 'lit';
import type { P2PStats } from '../p2p/events.js';
import { EMPTY_P2P_STATS } from './events.js';
import { languageOf, p2pStrings } from './p2p-strings.js';

/**
 * A media-chrome-style control showing the share of video bytes that came from peers and the
 * number of connected peers. Inside `<p2p-video>` it follows its host; in your own
 * `<media-controller>` bar it follows the `slot="media"` element; or set `stats` yourself.
 *
 * @tag p2p-stats-display
 * @attr {string} lang - Language of its text (English or German; others show English). Default: the nearest ancestor's `lang`, as for any element.
 * @csspart share - The P2P percentage.
 * @csspart peers - The peer count.
 * @cssprop [--media-text-color=rgb(238 238 238)] - Text color (media-chrome's).
 * @cssprop [--media-control-background=rgb(20 20 30 / .7)] - Background (media-chrome's).
 * @cssprop [--media-font-size=14px] - Font size (media-chrome's).
 * @cssprop [--p2p-stats-accent=#7ee2a8] - Color of the percentage when peers deliver bytes.
 */
export class P2PStatsDisplay extends LitElement {
  static override properties: PropertyDeclarations = {
    stats: { attribute: false },
  };

  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.4em;
      box-sizing: border-box;
      padding: var(--media-control-padding, 10px);
      background: var(--media-control-background, rgb(20 20 30 / 0.7));
      color: var(--media-text-color, var(--media-primary-color, rgb(238 238 238)));
      font: var(--media-font, var(--media-font-weight, normal) var(--media-font-size, 14px) / var(--media-text-content-height, var(--media-control-height, 24px)) var(--media-font-family, helvetica neue, segoe ui, roboto, arial, sans-serif));
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }
    :host([hidden]) { display: none; }
    [part='share'].active { color: var(--p2p-stats-accent, #7ee2a8); }
  `;

  /** The numbers shown; updated from the followed element's `p2pstats` events. */
  declare stats: P2PStats;
  #source: EventTarget | null = null;

  constructor() {
    super();
    this.stats = EMPTY_P2P_STATS;
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#source = findSource(this);
    this.#source?.addEventListener('p2pstats', this.#onStats);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#source?.removeEventListener('p2pstats', this.#onStats);
    this.#source = null;
  }

  readonly #onStats = (event: Event): void => {
    this.stats = (event as CustomEvent<P2PStats>).detail;
  };

  override render() {
    const percent = Math.round(this.stats.p2pRatio * 100);
    const peers = this.stats.peers;
    const strings = p2pStrings(languageOf(this));
    // No live region: a screen reader announcing this every second would drown the video out.
    return html`<span title=${strings.summary(percent, peers)}>
      <span part="share" class=${percent > 0 ? 'active' : ''}>${strings.share(percent)}</span>
      <span part="peers">· ${strings.peers(peers)}</span>
    </span>`;
  }
}

/** The element whose `p2pstats` events this display follows. */
function findSource(display: HTMLElement): EventTarget | null {
  const root = display.getRootNode();
  if (root instanceof ShadowRoot && root.host.localName === 'p2p-video') return root.host;
  return display.closest('media-controller')?.querySelector(':scope > [slot=media]') ?? null;
}

declare global {
  interface HTMLElementTagNameMap {
    'p2p-stats-display': P2PStatsDisplay;
  }
}
