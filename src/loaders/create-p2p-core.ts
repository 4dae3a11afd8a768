/** Creates the P2P core a loader drives; the core's module is imported only when P2P is on. */
import type { P2PCore } from '../p2p/p2p-core.js';
import type { MediaLoaderOptions } from './media-loader.js';

/** A new core for `options.p2p`, or undefined when P2P is off. */
export async function createP2PCore(options: MediaLoaderOptions['p2p']): Promise<P2PCore | undefined> {
  if (!options) return undefined;
  const { P2PCore: Core } = await import('../p2p/p2p-core.js');
  return new Core({ swarmId: options.swarmId, config: options.config });
}
