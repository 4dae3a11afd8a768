/**
 * Registers `<p2p-video>` and `<p2p-stats-display>`. Importing it twice (or next to another copy
 * of the library) is harmless: a tag that is already defined is left alone. On a server (SSR, no
 * `customElements`) it registers nothing, so frameworks may import it in code that runs on both sides.
 */
// The HTMLElementEventMap augmentation (typed `p2pstats` etc.), for TypeScript users who import only this entry.
import './events.js';
import { P2PStatsDisplay } from './p2p-stats-display.js';
import { P2PVideoElement } from './p2p-video.js';

/**
 * Defines both tags unless already defined; safe to call again. Exported so a bundle that imports
 * this module lazily can call it: a bundler that takes the module for side-effect free (package.json
 * `sideEffects` lists built files only) would otherwise drop the registration below.
 */
export function defineElements(): void {
  if (typeof customElements === 'undefined') return;
  if (!customElements.get('p2p-stats-display')) customElements.define('p2p-stats-display', P2PStatsDisplay);
  if (!customElements.get('p2p-video')) customElements.define('p2p-video', P2PVideoElement);
}

defineElements();

export { P2PVideoElement, P2PStatsDisplay };
