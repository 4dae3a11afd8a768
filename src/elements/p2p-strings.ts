/**
 * The element's own words (the P2P stats display), in English and in German: only languages
 * media-chrome translates too, so a bar never mixes two languages. Falls back to English.
 */

export interface P2PStrings {
  /** Short text of the stats display: `P2P 42%`. */
  share(percent: number): string;
  /** `3 peers`. */
  peers(count: number): string;
  /** Tooltip of the stats display. */
  summary(percent: number, peers: number): string;
}

const EN: P2PStrings = {
  share: (percent) => `P2P ${percent}%`,
  peers: (count) => `${count} ${count === 1 ? 'peer' : 'peers'}`,
  summary: (percent, peers) => `${percent}% of video from peers, ${peers} ${peers === 1 ? 'peer' : 'peers'} connected`,
};

const DE: P2PStrings = {
  share: (percent) => `P2P ${percent} %`,
  peers: (count) => `${count} Peer${count === 1 ? '' : 's'}`,
  summary: (percent, peers) => `${percent} % des Videos von Peers, ${peers} Peer${peers === 1 ? '' : 's'} verbunden`,
};

const STRINGS: Readonly<Record<string, P2PStrings>> = { en: EN, de: DE };

/** The strings for a BCP 47 language tag (`de-AT` → German), English when we have none. */
export function p2pStrings(lang: string | undefined): P2PStrings {
  const base = lang?.split('-')[0].toLowerCase() ?? 'en';
  return STRINGS[base] ?? EN;
}

/**
 * The language that applies to `element`: its own `lang` or the nearest ancestor's, looking
 * through shadow roots to their hosts, as the `:lang()` selector does; then the browser's.
 */
export function languageOf(element: Element): string {
  let node: Element | null = element;
  while (node) {
    const found: Element | null = node.closest('[lang]');
    if (found) return found.getAttribute('lang') || navigatorLanguage();
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return navigatorLanguage();
}

function navigatorLanguage(): string {
  return globalThis.navigator?.language || 'en';
}
