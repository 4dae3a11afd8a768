/**
 * Starts the engine download for the `<p2p-video src>` elements of a page before the element's own
 * module (Lit, media-chrome: most of the bundle) is evaluated. The bundle entry calls it first, so
 * the engine chunk and the element module download side by side instead of one after the other:
 * P2P stays off the critical path of the first frame.
 *
 * Needs only the engine registry (no Lit, no DOM beyond the document it is given).
 */
import type { EngineName } from '../loaders/media-loader.js';
import { preloadEngine, selectEngine } from '../loaders/engine-registry.js';

const TAG = 'p2p-video';
const ENGINES: readonly string[] = ['hls', 'shaka', 'native'];

export interface PageSourcePreload {
  /** The `<p2p-video>` elements seen before `stop()` (in the document, or added later). */
  readonly seen: ReadonlySet<Element>;
  /** Stops watching the page for new elements. Safe to call twice. */
  stop(): void;
}

/**
 * Preloads the engine of every `<p2p-video src>` in `root` now, and of those added (or given a
 * `src`) until `stop()`: a page script that creates the element right after the bundle's
 * `<script type="module">` runs before the element module is ready, and its element is caught too.
 */
export function watchPageSources(root: Document): PageSourcePreload {
  const seen = new Set<Element>();
  const preloaded = new Set<string>();
  const consider = (el: Element): void => {
    seen.add(el);
    const src = el.getAttribute('src');
    if (!src || deferred(el)) return;
    const engine = el.getAttribute('engine');
    const forced = engine !== null && ENGINES.includes(engine) ? (engine as EngineName) : undefined;
    const name = selectEngine({ src, forced });
    const withP2P = !el.hasAttribute('nop2p');
    const key = `${name} ${withP2P}`;
    if (preloaded.has(key)) return;
    preloaded.add(key);
    void preloadEngine(name, withP2P);
  };
  const scan = (node: ParentNode): void => {
    if (node instanceof Element && node.localName === TAG) consider(node);
    for (const el of node.querySelectorAll(TAG)) consider(el);
  };
  scan(root);
  const observer = typeof MutationObserver === 'function' ? new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') {
        if (record.target instanceof Element && record.target.localName === TAG) consider(record.target);
        continue;
      }
      for (const node of record.addedNodes) if (node instanceof Element) scan(node);
    }
  }) : undefined;
  observer?.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['src', 'preload', 'loading'] });
  return {
    seen,
    stop: () => observer?.disconnect(),
  };
}

/** `preload="none"` (without autoplay) and `loading="lazy"` load nothing yet, not even the engine module (see load-gate.ts). */
function deferred(el: Element): boolean {
  const preloadNone = el.getAttribute('preload')?.toLowerCase() === 'none' && !el.hasAttribute('autoplay');
  return preloadNone || el.getAttribute('loading')?.toLowerCase() === 'lazy';
}
