/**
 * The self-registering entry: `<script type="module" src=".../p2p-video.js">` and use the tag.
 * Engines (hls.js, Shaka) load lazily, only when a source needs them.
 *
 * This module is kept tiny on purpose. It first starts the engine download for the page's
 * `<p2p-video src>` elements (and for those a later page script adds), and only then imports the
 * element module (Lit, media-chrome: most of the bundle), so the engine chunk, its own imports and
 * the element module are all requested in one round instead of a waterfall.
 *
 * The element module is awaited (top-level await), so `import { P2PVideoElement } from
 * '.../p2p-video.js'` still resolves with the tag defined. Scripts of the page that do not import
 * this module run while it loads, as they do for any lazily defined custom element: wait for
 * `customElements.whenDefined('p2p-video')` before calling the element's methods there.
 */
import { watchPageSources } from './elements/page-source-preload.js';
import { adoptPropertiesSetBeforeUpgrade } from './elements/pre-upgrade-properties.js';

const watching = typeof document === 'undefined' ? undefined : watchPageSources(document);
const element = await import('./elements/bundle-element.js');
// Called, not only imported: see defineElements().
element.defineElements();
watching?.stop();
if (watching) adoptPropertiesSetBeforeUpgrade(watching.seen);

export const { P2PVideoElement, P2PStatsDisplay, EMPTY_P2P_STATS, LoaderWarningCode, MediaErrorCode, PlayerErrorDetail, DEFAULT_P2P_CONFIG } = element;
// The classes are types too (as in `index.ts`): re-declared, since a destructured constant is a value only.
export type P2PVideoElement = import('./elements/p2p-video.js').P2PVideoElement;
export type P2PStatsDisplay = import('./elements/p2p-stats-display.js').P2PStatsDisplay;
export type * from './index.js';
